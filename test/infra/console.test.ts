import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_CONTENT_SECURITY_POLICY } from '../../functions/console/http';
import { CONSOLE_TABLE_ACCESS } from '../../infra/console';
import { useSynth } from './synth';

// The template's shape only: esbuild is skipped (stack.test.ts bundles every function once).
const synthesized = useSynth({ bundle: false });
let template: Template;
let stack: Stack;

beforeAll(() => {
  ({ template, stack } = synthesized());
});

type Resource = { Properties: Record<string, unknown> };
const only = (type: string, props: Record<string, unknown> = {}) => {
  const found = Object.entries(template.findResources(type, props.Properties ? props : { Properties: props })) as [string, Resource][];
  expect(found, type).toHaveLength(1);
  return found[0] as [string, Resource];
};
const consoleApiId = () => only('AWS::ApiGatewayV2::Api', { Description: Match.stringLikeRegexp("operators' console") })[0];
const consoleFunction = () => only('AWS::Lambda::Function', { Description: Match.stringLikeRegexp("operators' console API") });
const statementsOf = (functionId: string) => {
  const role = ((template.toJSON().Resources[functionId] as Resource).Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
  return policies
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(role))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
};

describe('the console sign-in (Cognito)', () => {
  it('requires TOTP MFA, allows no self sign-up and runs on the Plus plan with threat protection', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
    });
  });

  it('says what threat protection does: a leaked password and a high-risk sign-in are blocked, a medium one needs MFA', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolRiskConfigurationAttachment', {
      ClientId: 'ALL',
      UserPoolId: { Ref: Match.stringLikeRegexp('ConsoleOperators') },
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
      AccountTakeoverRiskConfiguration: {
        Actions: { HighAction: { EventAction: 'BLOCK', Notify: false }, MediumAction: { EventAction: 'MFA_REQUIRED', Notify: false }, LowAction: { EventAction: 'NO_ACTION', Notify: false } },
      },
    });
  });

  it('has the groups beheerder and lezer, and the managed login', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map((g) => (g as Resource).Properties.GroupName);
    expect(groups.sort()).toEqual(['beheerder', 'lezer']);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 2 });
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { UseCognitoProvidedValues: true });
  });

  it('signs the browser in with the authorization code flow, no secret, back to the console’s own URL', () => {
    const [, client] = only('AWS::Cognito::UserPoolClient');
    expect(client.Properties).toMatchObject({ AllowedOAuthFlows: ['code'], GenerateSecret: false, AllowedOAuthFlowsUserPoolClient: true });
    // The custom scope names the resource server by its reference: `<identifier>/console`.
    expect(client.Properties.AllowedOAuthScopes).toEqual(['openid', 'profile', { 'Fn::Join': ['', [{ Ref: expect.stringMatching(/^ConsoleOperatorsApi/) }, '/console']] }]);
    expect(JSON.stringify(client.Properties.CallbackURLs)).toMatch(/ConsoleDistribution.*DomainName/);
  });
});

describe('the console API', () => {
  it('routes every /api/ request through the JWT authorizer, which requires the console scope', () => {
    // The console's own API; the link pages have a public one of their own (test/infra/link-pages.test.ts).
    const routes = (Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as Resource[]).filter((r) => JSON.stringify(r.Properties.ApiId).includes(consoleApiId()));
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(['GET /api/{proxy+}', 'POST /api/{proxy+}']);
    for (const route of routes) expect(route.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizationScopes: ['rapportbode/console'] });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: Match.stringLikeRegexp('ConsoleOperatorsConsoleClient') }], Issuer: Match.anyValue() },
    });
  });

  it('logs each request without a body or query string', () => {
    const [, stage] = only('AWS::ApiGatewayV2::Stage', { ApiId: { Ref: consoleApiId() } });
    const format = (stage.Properties.AccessLogSettings as { Format: string }).Format;
    expect(format).toContain('$context.requestId');
    expect(format).toContain('$context.authorizer.claims.username');
    expect(format).not.toMatch(/body|querystring/i);
  });

  it('runs one function that may read and change the table, read runs, manage images and invoke the run and re-send functions: no SES, no Chromium', () => {
    const [id, fn] = consoleFunction();
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Timeout: 29 });
    const variables = Object.keys((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables);
    expect(variables).toEqual(expect.arrayContaining(['TABLE_NAME', 'ARCHIVE_BUCKET', 'RUN_FUNCTION_NAME', 'RESEND_FUNCTION_NAME']));
    const statements = statementsOf(id);
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual([...CONSOLE_TABLE_ACCESS].sort());
    expect(actions.some((a) => a.startsWith('ses:'))).toBe(false);
    expect(actions).toContain('lambda:InvokeFunction');
    const invoked = JSON.stringify(statements.filter((s) => [s.Action].flat().includes('lambda:InvokeFunction')).map((s) => s.Resource));
    expect(invoked).toMatch(/ReportRunFunction/);
    expect(invoked).toMatch(/ResendFunction/);
    const puts = JSON.stringify(statements.filter((s) => [s.Action].flat().includes('s3:PutObject')).map((s) => s.Resource));
    expect(puts).toContain('/images/*');
    expect(puts).not.toContain('/runs/*');
  });
});

type PolicyConfig = {
  SecurityHeadersConfig: { ContentSecurityPolicy: unknown };
  CustomHeadersConfig?: { Items: { Header: string; Value: string; Override: boolean }[] };
};
/** The response headers policy of the pages or of the API, by its comment. */
const headersPolicy = (what: string): PolicyConfig => {
  const [, policy] = only('AWS::CloudFront::ResponseHeadersPolicy', { ResponseHeadersPolicyConfig: Match.objectLike({ Comment: Match.stringLikeRegexp(`console ${what}:`) }) });
  return policy.Properties.ResponseHeadersPolicyConfig as PolicyConfig;
};

describe('the console pages (CloudFront)', () => {
  it('serves the pages from a private bucket through origin access control, and /api/* from the HTTP API', () => {
    const [, distribution] = only('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ Comment: Match.stringLikeRegexp('console') }) });
    const config = distribution.Properties.DistributionConfig as Record<string, unknown>;
    const origins = config.Origins as { S3OriginConfig?: unknown; OriginAccessControlId?: unknown; CustomOriginConfig?: { OriginProtocolPolicy: string } }[];
    expect(origins.some((o) => o.S3OriginConfig && o.OriginAccessControlId)).toBe(true);
    expect(origins.some((o) => o.CustomOriginConfig?.OriginProtocolPolicy === 'https-only')).toBe(true);
    // Beside /api/*, the link pages' paths (test/infra/link-pages.test.ts).
    expect((config.CacheBehaviors as { PathPattern: string }[]).filter((b) => b.PathPattern === '/api/*')).toEqual([
      expect.objectContaining({ PathPattern: '/api/*', ViewerProtocolPolicy: 'https-only', AllowedMethods: expect.arrayContaining(['POST']) }),
    ]);
    expect(config).toMatchObject({ DefaultRootObject: 'index.html', Logging: { Prefix: 'console/' } });
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', { OriginAccessControlConfig: Match.objectLike({ SigningBehavior: 'always', OriginAccessControlOriginType: 's3' }) });
  });

  it('sends a strict Content-Security-Policy: no inline script, no other origin but the sign-in, never framed', () => {
    const csp = JSON.stringify(headersPolicy('pages').SecurityHeadersConfig.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain('amazoncognito.com');
  });

  it('keeps the API’s own stricter CSP on /api/* instead of the pages’ policy', () => {
    const [, distribution] = only('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ Comment: Match.stringLikeRegexp('console') }) });
    const config = distribution.Properties.DistributionConfig as { DefaultCacheBehavior: { ResponseHeadersPolicyId: { Ref: string } }; CacheBehaviors: { ResponseHeadersPolicyId: { Ref: string } }[] };
    const apiPolicyId = config.CacheBehaviors[0]?.ResponseHeadersPolicyId.Ref;
    const api = (template.toJSON().Resources[apiPolicyId ?? ''] as Resource).Properties.ResponseHeadersPolicyConfig as PolicyConfig;
    expect(apiPolicyId).not.toBe(config.DefaultCacheBehavior.ResponseHeadersPolicyId.Ref);
    expect(api.SecurityHeadersConfig.ContentSecurityPolicy).toEqual({ ContentSecurityPolicy: API_CONTENT_SECURITY_POLICY, Override: true });
  });

  it('adds Permissions-Policy and Cross-Origin-Opener-Policy to the pages and the API', () => {
    for (const what of ['pages', 'API']) {
      const headers = headersPolicy(what).CustomHeadersConfig?.Items ?? [];
      expect(headers, what).toEqual(
        expect.arrayContaining([
          { Header: 'Permissions-Policy', Value: expect.stringContaining('camera=()'), Override: true },
          { Header: 'Cross-Origin-Opener-Policy', Value: 'same-origin', Override: true },
        ]),
      );
    }
  });

  it('answers a // path (another host, to a browser) with a 404 before it reaches the pages', () => {
    const [, fn] = only('AWS::CloudFront::Function', { FunctionConfig: Match.objectLike({ Comment: Match.stringLikeRegexp('console') }) });
    const code = String(fn.Properties.FunctionCode);
    const [, distribution] = only('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ Comment: Match.stringLikeRegexp('console') }) });
    const associations = (distribution.Properties.DistributionConfig as { DefaultCacheBehavior: { FunctionAssociations: { EventType: string }[] } }).DefaultCacheBehavior.FunctionAssociations;
    // The function itself, run as CloudFront runs it: a request event in, a response or the request out.
    const handler = new Function(`${code}; return handler;`)() as (event: unknown) => { statusCode?: number; uri?: string };
    expect(associations).toEqual([expect.objectContaining({ EventType: 'viewer-request' })]);
    expect(handler({ request: { uri: '//evil.example/' } }).statusCode).toBe(404);
    expect(handler({ request: { uri: '/\\evil.example/' } }).statusCode).toBe(404);
    expect(handler({ request: { uri: '/ontvangers.html' } })).toEqual({ uri: '/ontvangers.html' });
  });

  it('keeps the pages bucket private', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { LogFilePrefix: 'console/', DestinationBucketName: Match.anyValue() },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
  });

  it('leaves no unacknowledged AwsSolutions error in the console', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    const errors = report.violations
      .filter((v) => v.severity === 'error')
      .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`))
      .filter((e) => e.includes('/Console/') || e.includes('CDKBucketDeployment'));
    expect(errors).toEqual([]);
  });
});
