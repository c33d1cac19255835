import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EditionFile, EditionPublisher } from '../usecases/ports';

/**
 * The web edition in a folder (`<map>/web/`), as the console serves it under `/editie/`. The new
 * site is written in full beside the old one and then switched in with two renames, so a reader
 * never gets half of one release and half of another; a publish that fails leaves the old site.
 */
export class EditionDirectory implements EditionPublisher {
  constructor(private readonly dir: string) {}

  async publish(files: readonly EditionFile[]): Promise<void> {
    const root = path.resolve(this.dir);
    const stamp = `${process.pid}-${Date.now()}`;
    const next = `${root}.nieuw-${stamp}`;
    const old = `${root}.oud-${stamp}`;
    try {
      for (const file of files) {
        const target = path.resolve(next, file.path);
        // Paths come from the edition's own builder; one that leaves the folder is a bug, never written.
        if (!target.startsWith(`${next}${path.sep}`)) throw new Error(`edition file outside its folder: ${file.path}`);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, file.bytes);
      }
      await mkdir(next, { recursive: true });
      // A publish without assets keeps the ones published before.
      if (!files.some((f) => f.path.startsWith('assets/'))) await cp(path.join(root, 'assets'), path.join(next, 'assets'), { recursive: true }).catch(() => undefined);
      const hadOld = await rename(root, old).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return false;
          throw error;
        },
      );
      try {
        await rename(next, root);
      } catch (error) {
        if (hadOld) await rename(old, root);
        throw error;
      }
    } finally {
      await rm(next, { recursive: true, force: true });
      await rm(old, { recursive: true, force: true });
    }
  }
}
