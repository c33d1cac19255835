import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { acknowledgeBucketDeployment } from './bucket-deployment';
import { loggedHttpApi } from './http-api';
import { Construct } from 'constructs';
import { consoleAssets, contentSecurityPolicy } from '../functions/console/assets';
import { API_CONTENT_SECURITY_POLICY } from '../functions/console/http';
import { FunctionWithLogGroup } from './function-with-log-group';
import { securityHeaders } from './security-headers';
import type { Storage } from './storage';

/** The groups the console authorises by; the API answers 403 to a write from anyone not a beheerder. */
export const CONSOLE_GROUPS = ['beheerder', 'lezer'] as const;
/** The scope the API's JWT authorizer requires on every route: `<resource server>/<scope>`. */
export const CONSOLE_SCOPE = { resourceServer: 'rapportbode', name: 'console' } as const;

/**
 * DynamoDB item actions of the console's function, from what its use cases send: reads (Query,
 * GetItem; Scan for the list of runs), recipients, blocks, images and commentary written and
 * removed (PutItem, DeleteItem, BatchWriteItem for imports and audit entries), holds (UpdateItem).
 */
export const CONSOLE_TABLE_ACCESS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

export interface ConsoleProps {
  readonly storage: Storage;
  /** Renders and mails a release (`{"action": "release", …}`), invoked asynchronously. */
  readonly runFunction: lambda.IFunction;
  /** Sends a re-send, invoked asynchronously. */
  readonly resendFunction: lambda.IFunction;
}

/**
 * The operators' web console: a Cognito user pool (managed login, TOTP MFA required, groups
 * beheerder and lezer, no self sign-up), an HTTP API whose JWT authorizer requires the console's
 * scope on every `/api/…` route, one API function, and the static pages in a private bucket
 * behind CloudFront (origin access control), which also forwards `/api/*` to the API, so pages
 * and API share one origin and the pages' CSP names no other but the sign-in.
 */
export class Console extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly api: HttpApi;
  readonly function: FunctionWithLogGroup;
  readonly distribution: cloudfront.Distribution;
  readonly siteBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    const { storage } = props;
    const stack = Stack.of(this);

    // --- Sign-in ------------------------------------------------------------------------------
    this.userPool = new cognito.UserPool(this, 'Operators', {
      userPoolName: `${stack.stackName}-operators`,
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      autoVerify: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Plus: threat protection blocks sign-ins with leaked passwords or from unusual places.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // What threat protection does with a risky sign-in, said explicitly rather than left to defaults:
    // a leaked password is blocked; a high-risk sign-in is blocked, a medium one must pass MFA.
    new cognito.CfnUserPoolRiskConfigurationAttachment(this, 'SignInRisk', {
      userPoolId: this.userPool.userPoolId,
      clientId: 'ALL',
      compromisedCredentialsRiskConfiguration: { actions: { eventAction: 'BLOCK' } },
      accountTakeoverRiskConfiguration: {
        actions: {
          lowAction: { eventAction: 'NO_ACTION', notify: false },
          mediumAction: { eventAction: 'MFA_REQUIRED', notify: false },
          highAction: { eventAction: 'BLOCK', notify: false },
        },
      },
    });
    for (const group of CONSOLE_GROUPS) {
      new cognito.UserPoolGroup(this, `Group-${group}`, {
        userPool: this.userPool,
        groupName: group,
        description: group === 'beheerder' ? 'rapportbode: mag alles in de console, ook vrijgeven en opnieuw verzenden' : 'rapportbode: mag de console alleen lezen',
      });
    }
    const resourceScope = new cognito.ResourceServerScope({ scopeName: CONSOLE_SCOPE.name, scopeDescription: 'the operators console API' });
    const resourceServer = this.userPool.addResourceServer('Api', { identifier: CONSOLE_SCOPE.resourceServer, scopes: [resourceScope] });
    const domain = this.userPool.addDomain('Login', {
      cognitoDomain: { domainPrefix: `rapportbode-${stack.account}` },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    const authOrigin = domain.baseUrl();

    // --- Pages --------------------------------------------------------------------------------
    this.siteBucket = new s3.Bucket(this, 'Pages', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: storage.accessLogsBucket,
      serverAccessLogsPrefix: 'console/',
      // Built from the repository on every deploy: nothing in it to keep.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    const cdnLogs = new s3.Bucket(this, 'CdnLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // CloudFront's standard logs are written with an ACL.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ id: 'expire-cdn-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(cdnLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the CloudFront access logs of the console; logging access to the log bucket itself would add nothing an operator reads.',
    });

    // --- API ----------------------------------------------------------------------------------
    this.function = new FunctionWithLogGroup(this, 'Function', {
      handler: 'console-api',
      description: "rapportbode: the operators' console API (a release and a re-send are handed to their own functions)",
      memorySize: 512,
      // API Gateway waits 30 s for an integration.
      timeout: Duration.seconds(29),
      environment: { RUN_FUNCTION_NAME: props.runFunction.functionName, RESEND_FUNCTION_NAME: props.resendFunction.functionName },
    });
    storage.grantTable(this.function, CONSOLE_TABLE_ACCESS);
    // Runs' PDFs and snapshots (to show a PDF, to check a release against the concept).
    storage.grantArchive(this.function, 'read');
    // The period's images: shown, added and taken out from the Cijfers page.
    const images = storage.archiveBucket.arnForObjects('images/*');
    this.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [images] }));
    const archiveId = stack.getLogicalId(storage.archiveBucket.node.defaultChild as s3.CfnBucket);
    Validations.of(this.function.role as iam.IRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${archiveId}.Arn>/images/*]`,
      reason: 'Only the operators’ report images under images/ in the archive bucket: keys name the period and a generated id, so access is granted per prefix.',
    });
    props.runFunction.grantInvoke(this.function);
    props.resendFunction.grantInvoke(this.function);
    for (const fn of [props.runFunction, props.resendFunction]) {
      const fnId = stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction);
      Validations.of(this.function.role as iam.IRole).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${fnId}.Arn>:*]`,
        reason: 'grantInvoke allows the function and its versions and aliases; the console invokes only this one function (a release or a re-send), asynchronously.',
      });
    }

    this.client = this.userPool.addClient('ConsoleClient', {
      userPoolClientName: 'rapportbode-console',
      // A public client in the browser: authorization code with PKCE, no secret.
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(8),
      enableTokenRevocation: true,
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.PROFILE, cognito.OAuthScope.resourceServer(resourceServer, resourceScope)],
        callbackUrls: ['https://placeholder.invalid/'],
        logoutUrls: ['https://placeholder.invalid/'],
      },
    });
    new cognito.CfnManagedLoginBranding(this, 'LoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    this.api = loggedHttpApi(this, {
      description: "rapportbode: the operators' console",
      throttle: { rateLimit: 20, burstLimit: 40 },
      // The path and the operator, never a body or a query string: addresses travel only in bodies.
      logged: { asked: { path: '$context.path' }, ended: { operator: '$context.authorizer.claims.username', authorizerError: '$context.authorizer.error' } },
    });
    const authorizer = new HttpUserPoolAuthorizer('Operators', this.userPool, { userPoolClients: [this.client] });
    this.api.addRoutes({
      path: '/api/{proxy+}',
      methods: [HttpMethod.GET, HttpMethod.POST],
      integration: new HttpLambdaIntegration('Handler', this.function),
      authorizer,
      authorizationScopes: [`${CONSOLE_SCOPE.resourceServer}/${CONSOLE_SCOPE.name}`],
    });

    // --- CloudFront: pages and /api/* on one origin ---------------------------------------------
    const headers = securityHeaders(this, 'SecurityHeaders', 'console pages', contentSecurityPolicy(authOrigin));
    // The API's own, stricter CSP stays on its answers; the pages' policy would allow scripts.
    const apiHeaders = securityHeaders(this, 'ApiSecurityHeaders', 'console API', API_CONTENT_SECURITY_POLICY);
    // A path starting with // is another host to a browser: never a page of the console.
    const refuseOtherHosts = new cloudfront.Function(this, 'RefuseOtherHosts', {
      comment: 'rapportbode console: 404 for // paths',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(REFUSE_OTHER_HOSTS),
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: "rapportbode: the operators' console",
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: cdnLogs,
      logFilePrefix: 'console/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: refuseOtherHosts, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(`${this.api.apiId}.execute-api.${stack.region}.amazonaws.com`, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          // Everything the viewer sent but the Host header: the Authorization header reaches the authorizer.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: apiHeaders,
        },
      },
    });
    const consoleUrl = `https://${this.distribution.distributionDomainName}/`;
    const cfnClient = this.client.node.defaultChild as cognito.CfnUserPoolClient;
    cfnClient.callbackUrLs = [consoleUrl];
    cfnClient.logoutUrLs = [consoleUrl];
    for (const [rule, reason] of [
      ['AwsSolutions-CFR1', 'The operators sign in with MFA and are authorised per group; they may work from outside the Netherlands, so no country is blocked.'],
      ['AwsSolutions-CFR2', 'The console serves a handful of operators; every API route needs a valid Cognito token, and Cognito threat protection guards the sign-in. A WAF web ACL (us-east-1) can be added when the audience grows.'],
      ['AwsSolutions-CFR4', 'No custom domain is configured, so the distribution uses the default *.cloudfront.net certificate, whose TLS policy CloudFront sets. With a custom domain, attach an ACM certificate and TLSv1.2_2021.'],
    ] as const) {
      Validations.of(this.distribution).acknowledge({ id: rule, reason });
    }

    // The pages, and the sign-in settings they read (/config.json).
    const deployment = new BucketDeployment(this, 'DeployPages', {
      destinationBucket: this.siteBucket,
      sources: [
        Source.asset(assembledPages()),
        Source.jsonData('config.json', {
          authorizeUrl: `${authOrigin}/oauth2/authorize`,
          tokenUrl: `${authOrigin}/oauth2/token`,
          logoutUrl: `${authOrigin}/logout?client_id=${this.client.userPoolClientId}&logout_uri=${consoleUrl}`,
          // Signing out revokes the refresh token (and the access tokens it gave, for Cognito).
          revokeUrl: `${authOrigin}/oauth2/revoke`,
          clientId: this.client.userPoolClientId,
          scope: `openid profile ${CONSOLE_SCOPE.resourceServer}/${CONSOLE_SCOPE.name}`,
        }),
      ],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
    });
    acknowledgeDeployment(deployment, stack.getLogicalId(this.siteBucket.node.defaultChild as s3.CfnBucket));

    new CfnOutput(this, 'ConsoleUrl', { value: consoleUrl, description: 'the operators’ console' });
    new CfnOutput(this, 'OperatorsUserPoolId', { value: this.userPool.userPoolId, description: 'add an operator: aws cognito-idp admin-create-user --user-pool-id <this> …' });
  }
}

/** CloudFront Functions (cloudfront-js-2.0): a viewer request for `//…` ends in a Dutch 404. */
const REFUSE_OTHER_HOSTS = `function handler(event) {
  var uri = event.request.uri;
  if (uri.startsWith('//') || uri.startsWith('/\\\\')) {
    return { statusCode: 404, statusDescription: 'Not Found', headers: { 'content-type': { value: 'text/plain; charset=utf-8' } }, body: { encoding: 'text', data: 'Deze pagina bestaat niet. Ga naar de startpagina van de console.' } };
  }
  return event.request;
}`;


/**
 * CDK's own deployment function (a singleton custom resource that copies the pages from the CDK
 * asset bucket into the pages bucket and invalidates CloudFront): its role and runtime are CDK's.
 */
function acknowledgeDeployment(deployment: BucketDeployment, pagesBucketId: string): void {
  const why = 'CDK’s BucketDeployment function copies the console’s pages from the CDK asset bucket into the pages bucket at deploy time';
  acknowledgeBucketDeployment(deployment, why, [
    ['AwsSolutions-IAM5[Action::s3:List*]', `${why}: it lists the pages bucket to remove files that are gone.`],
    ['AwsSolutions-IAM5[Action::s3:Abort*]', `${why}: write access to the pages bucket only.`],
    ['AwsSolutions-IAM5[Action::s3:DeleteObject*]', `${why}: it removes pages that are no longer in the repository.`],
    [`AwsSolutions-IAM5[Resource::<${pagesBucketId}.Arn>/*]`, `${why}: every object of the pages bucket, which holds nothing else.`],
    ['AwsSolutions-IAM5[Resource::*]', `${why}: CloudFront invalidations cannot be scoped to a distribution in every partition, so CDK grants them on *.`],
  ]);
}

/**
 * The console's files (functions/console/static, the NL Design System CSS and the fonts from
 * node_modules) in one folder for the deployment: a copy made at synth, offline.
 */
function assembledPages(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rapportbode-console-'));
  for (const [urlPath, file] of consoleAssets()) {
    const target = path.join(dir, urlPath);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
  return dir;
}
