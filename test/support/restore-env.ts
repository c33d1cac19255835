import { afterAll } from 'vitest';
import { keepEnvironment } from './environment';

/**
 * setupFile of every test file (vitest.config.ts): files share a worker's loaded modules, so the
 * process environment a file changes (startTestStack's endpoints, a table name, a key folder) is put
 * back when the file ends, and the next file in that worker starts from the same environment as the first.
 */
afterAll(keepEnvironment());
