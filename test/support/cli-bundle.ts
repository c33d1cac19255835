import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { projectRoot } from '../../functions/adapters/project-root';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The CLI bundled once for this run (see below); test-stack's startCli starts it. */
    cliBundle: string;
  }
}

/**
 * vitest globalSetup: bundles the `rapportbode` CLI once per test run, dependencies included, so
 * each of the suite's ~175 CLI calls starts one file instead of loading hundreds of modules
 * (echarts, puppeteer, the AWS SDK, … — that loading, not tsx's compile, was most of the ~1 s of
 * CPU per call: 0.4 s from the bundle, measured in README "How long the suite takes").
 * Built the way infra bundles the Lambda functions (ESM, node24, CommonJS packages given a
 * require), into a folder inside the repository so node_modules resolves for what stays external.
 * A few tests still start the CLI exactly as an operator does (startCli's `asOperator`).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const root = projectRoot();
  mkdirSync(path.join(root, '.test-build'), { recursive: true });
  const dir = mkdtempSync(path.join(root, '.test-build', 'cli-'));
  const outfile = path.join(dir, 'main.mjs');
  await build({
    entryPoints: [path.join(root, 'functions', 'cli', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    // Stack traces (RAPPORTBODE_DEBUG) point into the TypeScript sources.
    sourcemap: true,
    // Chromium finds its packed browser next to its own module; it stays in node_modules.
    external: ['@sparticuz/chromium'],
    banner: { js: "import { createRequire as __rapportbodeCreateRequire } from 'node:module'; const require = __rapportbodeCreateRequire(import.meta.url);" },
    logLevel: 'error',
  });
  project.provide('cliBundle', outfile);
  return () => rmSync(dir, { recursive: true, force: true });
}
