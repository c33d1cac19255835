import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../infra/app';
import { PROJECT_ROOT } from '../../infra/function-with-log-group';

/** The context of cdk.json (settings and feature flags), so tests synthesize what `cdk synth` does. */
export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
}

/**
 * The app as `cdk synth` builds it, into a temporary folder. `bundle: false` is for tests that only
 * look at the template's shape: it skips esbuild (CDK's `aws:cdk:bundling-stacks`) and aws-cdk-lib's
 * built-in CloudFormation validation, which only warns (cdk.json does not make its findings errors)
 * and whose rules engine (WebAssembly) took 6 of the 7.5 s of CPU of a test process's first synth.
 * cdk-nag's checks run either way; the bundled synth keeps the validation, and stack.test.ts reads its
 * report.
 */
export function synthApp(options: { bundle: boolean; context?: Record<string, unknown> }) {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'rapportbode-cdk-'));
  const context = { ...cdkJsonContext(), ...options.context, ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) };
  return { outdir, ...buildApp(new App({ outdir, context, builtinCloudFormationValidation: options.bundle })) };
}

/**
 * The app synthesized once for a test file (before its tests) and its folder removed after them:
 * `synthesized().template`, `.stack`, `.outdir`, `.app`.
 */
export function useSynth(options: Parameters<typeof synthApp>[0]): () => ReturnType<typeof synthApp> & { readonly template: Template } {
  let built: (ReturnType<typeof synthApp> & { readonly template: Template }) | undefined;
  beforeAll(() => {
    const app = synthApp(options);
    built = { ...app, template: Template.fromStack(app.stack) };
  });
  afterAll(() => {
    if (built) rmSync(built.outdir, { recursive: true, force: true });
  });
  return () => {
    if (!built) throw new Error('useSynth: read the synthesized app inside a test or a later hook');
    return built;
  };
}
