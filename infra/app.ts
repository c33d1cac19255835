import { pathToFileURL } from 'node:url';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeploymentConfig } from './config';
import { RapportbodeStack } from './stack';

/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy -c key=value …` (see README, Deploy). Region and
 * account come from the CLI's profile at deploy time; synth needs neither, and looks nothing up.
 */
export function buildApp(app: App = new App()): { app: App; stack: RapportbodeStack } {
  const config = readDeploymentConfig(app.node);
  const stack = new RapportbodeStack(app, 'Rapportbode', {
    description: 'rapportbode: bimonthly key-figure report of a werkbedrijf, rendered to PDF and mailed through SES',
    config,
  });
  Tags.of(stack).add('application', 'rapportbode');
  // The AWS Solutions rules run on every synth; an unacknowledged error stops it.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

// Synthesize when run as the CDK app (cdk.json), not when a test imports buildApp.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildApp().app.synth();
}
