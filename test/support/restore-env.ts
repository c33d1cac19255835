import { afterAll } from 'vitest';

/**
 * setupFile of the files that share a worker's loaded modules (vitest.config.ts, project `stack`): the
 * process environment a file changes (startTestStack's endpoints, a table name, a key folder) is put
 * back when the file ends, so the next file in that worker starts from the same environment as the first.
 */
const own = { ...process.env };
afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in own)) delete process.env[name];
  Object.assign(process.env, own);
});
