/**
 * What a vitest globalSetup starts, started once for the whole run although two projects list the
 * same setup (vitest.config.ts: `own-process` and `stack`), and stopped when the last of them is torn
 * down. Kept on globalThis: vitest may load the setup file once per project.
 */
interface Shared {
  readonly started: Promise<{ value: unknown; stop: () => Promise<void> }>;
  users: number;
}

const REGISTRY = Symbol.for('rapportbode.test.shared-setup');
const registry: Map<string, Shared> = ((globalThis as Record<symbol, Map<string, Shared>>)[REGISTRY] ??= new Map());

export async function sharedSetup<T>(key: string, start: () => Promise<{ value: T; stop: () => Promise<void> }>): Promise<{ value: T; release: () => Promise<void> }> {
  let shared = registry.get(key);
  if (!shared) {
    shared = { started: start(), users: 0 };
    registry.set(key, shared);
    // A failed start is not kept: the next project tries again and reports its own error.
    shared.started.catch(() => registry.delete(key));
  }
  shared.users++;
  const { value, stop } = await shared.started;
  const user = shared;
  let released = false;
  return {
    value: value as T,
    release: async () => {
      if (released) return;
      released = true;
      if (--user.users > 0) return;
      registry.delete(key);
      await stop();
    },
  };
}
