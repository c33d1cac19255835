import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../infra/app';
import { PROJECT_ROOT } from '../../infra/function-with-log-group';

/** The context of cdk.json (settings and feature flags), so tests synthesize what `cdk synth` does. */
export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
}

/**
 * The app as `cdk synth` builds it, into a temporary folder. `bundle: false` skips esbuild (CDK's
 * `aws:cdk:bundling-stacks`) for tests that only look at the template's shape.
 */
export function synthApp(options: { bundle: boolean; context?: Record<string, unknown> }) {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'rapportbode-cdk-'));
  const context = { ...cdkJsonContext(), ...options.context, ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) };
  return { outdir, ...buildApp(new App({ outdir, context })) };
}
