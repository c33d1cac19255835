import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { runtimePackageDirs } from './node-modules';

/** The repository root: entries, the lock file, `templates/` and `node_modules/` are found from here. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface FunctionWithLogGroupProps {
  /** The handler file under `functions/handlers/`, without extension (e.g. `run-report`). */
  readonly handler: string;
  readonly description: string;
  readonly memorySize?: number;
  readonly timeout: Duration;
  readonly reservedConcurrentExecutions?: number;
  readonly environment?: Record<string, string>;
  /**
   * Packages kept out of the bundle and shipped as plain `node_modules` next to it (with their
   * dependencies), for code that locates files inside its own package at run time.
   */
  readonly nodeModules?: readonly string[];
  /** Copies the repository's `templates/` next to the bundle, where the renderer looks first. */
  readonly withTemplates?: boolean;
}

/**
 * Every rapportbode function: Node.js 24 on x86_64, one ESM bundle built by the local esbuild
 * (never Docker), source maps on, JSON logs into its own log group with a retention, and a role
 * that may write to that log group and nothing else until a grant adds to it.
 *
 * x86_64 rather than arm64: the npm package of @sparticuz/chromium carries the x64 build only
 * (its arm64 build is a separate download), and synth must not download anything.
 */
export class FunctionWithLogGroup extends NodejsFunction {
  constructor(scope: Construct, id: string, props: FunctionWithLogGroupProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logs.RetentionDays.THREE_MONTHS,
      // The delivery log lives in DynamoDB; these are diagnostics, not records to keep.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to every log group.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `rapportbode ${props.handler}: writes its own log group; grants add the rest`,
    });
    logGroup.grant(role, 'logs:CreateLogStream', 'logs:PutLogEvents');

    const shipped = props.nodeModules?.length ? runtimePackageDirs(PROJECT_ROOT, props.nodeModules) : [];
    const copy = (from: string, to: string) => `mkdir -p "${path.dirname(to)}" && cp -R "${from}" "${to}"`;

    super(scope, id, {
      entry: path.join(PROJECT_ROOT, 'functions', 'handlers', `${props.handler}.ts`),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.X86_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      environment: {
        // Stack traces point into the TypeScript sources, not the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        minify: true,
        // Error class names (PrintError, SendThrottledError, …) stay readable in the logs.
        keepNames: true,
        // DEFAULT (esbuild's "linked") ends the bundle with `//# sourceMappingURL=index.mjs.map`;
        // EXTERNAL wrote the map without that line, so --enable-source-maps never found it.
        // Without the sources' text the map only maps positions, which is all a trace needs.
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        // The SDK is bundled, not taken from the runtime: the version that was tested is the one that runs.
        bundleAwsSDK: true,
        // puppeteer-core's WebDriver BiDi support (chromium-bidi) and @puppeteer/browsers' command
        // line (yargs) are loaded by dynamic imports the printer never reaches (it speaks CDP to the
        // Chromium it ships): left out, they are a quarter less bundle to compile at a cold start.
        externalModules: [...(props.nodeModules ?? []), './bidi.js', '../bidi/bidi.js', 'yargs', 'yargs/helpers'],
        esbuildArgs: { '--alias:proxy-agent': path.join(PROJECT_ROOT, 'infra', 'bundle-stubs', 'proxy-agent.ts') },
        // Bundled CommonJS packages (handlebars, nodemailer, …) still call require().
        banner:
          "import { createRequire as __rapportbodeCreateRequire } from 'node:module'; const require = __rapportbodeCreateRequire(import.meta.url);",
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => [
            ...(props.withTemplates ? [copy(path.join(PROJECT_ROOT, 'templates'), path.join(outputDir, 'templates'))] : []),
            ...shipped.map((dir) => copy(path.join(PROJECT_ROOT, dir), path.join(outputDir, dir))),
          ],
        },
      },
    });
  }
}
