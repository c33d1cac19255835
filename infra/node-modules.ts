import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The package folders (relative to the project root, e.g. `node_modules/tar-fs`) that the given
 * packages need at run time: themselves and their production dependencies, resolved the way Node
 * resolves them (nested `node_modules` first, then up). Only folders that are not already inside
 * another listed folder are returned, so copying each one once reproduces the tree.
 *
 * Used to ship packages that must stay outside the esbuild bundle (Chromium's binaries, the font
 * files) from the local `node_modules`: no registry, no Docker, so `cdk synth` works offline.
 */
export function runtimePackageDirs(projectRoot: string, packages: readonly string[]): string[] {
  const found = new Set<string>();
  const visit = (name: string, fromDir: string) => {
    const dir = resolvePackageDir(projectRoot, name, fromDir);
    if (found.has(dir)) return;
    found.add(dir);
    const manifest = JSON.parse(readFileSync(path.join(projectRoot, dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) {
      if (tryResolvePackageDir(projectRoot, dep, dir)) visit(dep, dir);
    }
  };
  for (const name of packages) visit(name, '.');
  const dirs = [...found].sort();
  return dirs.filter((dir) => !dirs.some((other) => other !== dir && dir.startsWith(`${other}/`)));
}

function resolvePackageDir(projectRoot: string, name: string, fromDir: string): string {
  const dir = tryResolvePackageDir(projectRoot, name, fromDir);
  if (!dir) throw new Error(`${name} (needed by ${fromDir}) is not installed under ${projectRoot}; run npm ci first`);
  return dir;
}

function tryResolvePackageDir(projectRoot: string, name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(projectRoot, candidate, 'package.json'))) return candidate;
    if (dir === '.' || dir === '' || dir === path.dirname(dir)) return undefined;
  }
}
