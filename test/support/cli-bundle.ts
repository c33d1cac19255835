import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, stop } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { projectRoot } from '../../functions/adapters/project-root';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The CLI bundled for this run (see below); test-stack's startCli starts it. */
    cliBundle: string;
  }
}

/** The bundles and what they were built from; in the repository so node_modules resolves from there. */
const BUILD_DIR = path.join(projectRoot(), '.test-build');
/** The source files the last bundle was built from, relative to the root: what to compare next time. */
const INPUTS_FILE = path.join(BUILD_DIR, 'cli-inputs.json');
/** Bundles of older sources are removed once this old, so a run still using one keeps it. */
const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * vitest globalSetup: the `rapportbode` CLI bundled with its dependencies, so each CLI call that
 * needs a process of its own (startCli; most calls run inside the test's process, see runCli)
 * starts one file instead of loading hundreds of modules (echarts, puppeteer, the AWS SDK, … — that
 * loading, not tsx's compile, was most of the ~1 s of CPU per call; README "How long the suite
 * takes"). Built the way infra bundles the Lambda functions, and built again only when one of its
 * source files changed (a build takes 3–20 s on the shared machine).
 * A few tests still start the CLI exactly as an operator does (startCli's `asOperator`).
 */
export default async function setup(project: TestProject): Promise<void> {
  mkdirSync(BUILD_DIR, { recursive: true });
  const bundle = reusableBundle() ?? (await buildBundle());
  // Marked as in use, so a run of other sources meanwhile does not take it for stale.
  utimesSync(path.dirname(bundle), new Date(), new Date());
  removeStaleBundles(path.dirname(bundle));
  project.provide('cliBundle', bundle);
}

/** A fingerprint of the files' sizes and modification times; undefined when one is gone. */
function stampOf(inputs: readonly string[]): string | undefined {
  const hash = createHash('sha256');
  for (const input of inputs) {
    const file = path.join(projectRoot(), input);
    if (!existsSync(file)) return undefined;
    const { size, mtimeMs } = statSync(file);
    hash.update(`${input}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** The bundle of the last build, when none of the files it was built from has changed since. */
function reusableBundle(): string | undefined {
  if (!existsSync(INPUTS_FILE)) return undefined;
  const stamp = stampOf(JSON.parse(readFileSync(INPUTS_FILE, 'utf8')) as string[]);
  const bundle = stamp && path.join(BUILD_DIR, `cli-${stamp}`, 'main.mjs');
  return bundle && existsSync(bundle) ? bundle : undefined;
}

async function buildBundle(): Promise<string> {
  const started = Date.now();
  const building = path.join(BUILD_DIR, `building-${randomUUID()}`);
  const result = await build({
    absWorkingDir: projectRoot(),
    entryPoints: ['functions/cli/main.ts'],
    outfile: path.join(building, 'main.mjs'),
    metafile: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    // Stack traces (RAPPORTBODE_DEBUG) point into the TypeScript sources.
    sourcemap: true,
    // Chromium finds its packed browser next to its own module; it stays in node_modules.
    external: ['@sparticuz/chromium'],
    // Bundled CommonJS packages (handlebars, nodemailer, …) still call require().
    banner: { js: "import { createRequire as __rapportbodeCreateRequire } from 'node:module'; const require = __rapportbodeCreateRequire(import.meta.url);" },
    logLevel: 'error',
  }).finally(() =>
    // esbuild builds in a child process it keeps for the next call; stopped now, while vitest is
    // there to reap it, instead of exiting with vitest and lingering as a zombie after the run.
    stop(),
  );
  const inputs = Object.keys(result.metafile.inputs);
  // A file saved during the build may not be in the bundle: such a bundle is used once, never reused.
  const changedMeanwhile = inputs.some((input) => !existsSync(path.join(projectRoot(), input)) || statSync(path.join(projectRoot(), input)).mtimeMs >= started);
  const stamp = changedMeanwhile ? undefined : stampOf(inputs);
  const dir = path.join(BUILD_DIR, `cli-${stamp ?? randomUUID()}`);
  try {
    renameSync(building, dir);
  } catch {
    // Another run built the same sources at the same time: use its bundle.
    rmSync(building, { recursive: true, force: true });
  }
  if (stamp) writeFileSync(`${INPUTS_FILE}.${process.pid}`, JSON.stringify(inputs));
  if (stamp) renameSync(`${INPUTS_FILE}.${process.pid}`, INPUTS_FILE);
  return path.join(dir, 'main.mjs');
}

/** Bundles of older sources (and builds that were broken off), once no run can still be using them. */
function removeStaleBundles(current: string): void {
  for (const entry of readdirSync(BUILD_DIR)) {
    const dir = path.join(BUILD_DIR, entry);
    if (!/^(cli|building)-/.test(entry) || dir === current) continue;
    if (Date.now() - statSync(dir).mtimeMs > STALE_AFTER_MS) rmSync(dir, { recursive: true, force: true });
  }
}
