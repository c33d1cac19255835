import type { EditionFile, EditionPublisher } from '../../usecases/ports';

/** The published site in memory: what the last publish put there, by path. */
export class InMemoryEditionPublisher implements EditionPublisher {
  files = new Map<string, EditionFile>();
  publishes = 0;

  async publish(files: readonly EditionFile[]): Promise<void> {
    const kept = files.some((f) => f.path.startsWith('assets/')) ? [] : [...this.files.values()].filter((f) => f.path.startsWith('assets/'));
    this.files = new Map([...kept, ...files].map((f) => [f.path, f]));
    this.publishes++;
  }

  /** A published file's text; undefined when it is not published. */
  text(path: string): string | undefined {
    const file = this.files.get(path);
    return file ? new TextDecoder().decode(file.bytes) : undefined;
  }
}
