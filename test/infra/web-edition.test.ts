import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Storage } from '../../infra/storage';
import { EDITION_CONTENT_SECURITY_POLICY, WebEdition } from '../../infra/web-edition';
import { cdkJsonContext, useSynth } from './synth';

const EXAMPLE_PUBLIC_KEY = cdkJsonContext().editionPublicKey as string;

// The template's shape only: esbuild is skipped (stack.test.ts bundles every function once).
const synthesized = { besloten: useSynth({ bundle: false }), openbaar: useSynth({ bundle: false, context: { webPublication: 'openbaar' } }) };
let besloten: Template;
let openbaar: Template;

beforeAll(() => {
  besloten = synthesized.besloten().template;
  openbaar = synthesized.openbaar().template;
});

type Resource = { Properties: Record<string, unknown> };
const resources = (template: Template, type: string) => Object.entries(template.findResources(type)) as [string, Resource][];
const editionsBucket = (template: Template) => {
  const found = resources(template, 'AWS::S3::Bucket').filter(([id]) => id.startsWith('WebEditionEditions'));
  expect(found).toHaveLength(1);
  return found[0] as [string, Resource];
};
const distribution = (template: Template, prefix = 'WebEdition') => {
  const found = resources(template, 'AWS::CloudFront::Distribution').filter(([id]) => id.startsWith(prefix));
  expect(found).toHaveLength(1);
  return (found[0] as [string, Resource])[1].Properties.DistributionConfig as {
    DefaultCacheBehavior: Record<string, unknown>;
    CacheBehaviors: (Record<string, unknown> & { PathPattern: string })[];
    Origins: Record<string, unknown>[];
  };
};

describe('the web editions in AWS', () => {
  it('keep their files in a private, encrypted bucket that refuses plain HTTP', () => {
    const [id, bucket] = editionsBucket(besloten);
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(JSON.stringify(bucket.Properties.BucketEncryption)).toContain('AES256');
    besloten.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('expire after the bewaartermijn, like the archive’s runs', () => {
    const [, bucket] = editionsBucket(besloten);
    const rules = (bucket.Properties.LifecycleConfiguration as { Rules: { Id: string; ExpirationInDays?: number; Prefix?: string }[] }).Rules;
    const archive = resources(besloten, 'AWS::S3::Bucket').find(([id]) => id.startsWith('StorageArchive'))?.[1];
    const runsRule = (archive?.Properties.LifecycleConfiguration as { Rules: { Id: string; ExpirationInDays?: number }[] }).Rules.find((r) => r.Id === 'expire-runs-after-bewaartermijn');
    const expiry = rules.find((r) => r.Id === 'expire-editions-after-bewaartermijn');
    expect(expiry?.ExpirationInDays).toBe(runsRule?.ExpirationInDays);
    expect(expiry?.ExpirationInDays).toBe(Math.ceil(5 * 365.25));
    expect(expiry?.Prefix).toBeUndefined();
  });

  it('reach CloudFront only through origin access control, and S3 grants the distribution alone', () => {
    const [id] = editionsBucket(besloten);
    besloten.hasResourceProperties('AWS::CloudFront::OriginAccessControl', { OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }) });
    const s3Origin = distribution(besloten).Origins.find((o) => JSON.stringify(o).includes(id));
    expect(s3Origin?.OriginAccessControlId).toBeDefined();
    expect(JSON.stringify(s3Origin?.S3OriginConfig)).toContain('"OriginAccessIdentity":""');
    besloten.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } })]) },
    });
  });

  it('send a CSP without inline script, HSTS, nosniff, no referrer and no framing', () => {
    const policies = resources(besloten, 'AWS::CloudFront::ResponseHeadersPolicy').filter(([id]) => id.startsWith('WebEditionSecurityHeaders'));
    expect(policies).toHaveLength(1);
    const headers = (policies[0]?.[1].Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, Record<string, unknown>> }).SecurityHeadersConfig;
    expect(headers.ContentSecurityPolicy?.ContentSecurityPolicy).toBe(EDITION_CONTENT_SECURITY_POLICY);
    expect(EDITION_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(EDITION_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'no-referrer' });
    expect(headers.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
  });

  it('besloten: serve the editions only with signed cookies of the stack’s key group; assets and the error page are open', () => {
    const config = distribution(besloten);
    const [groupId] = resources(besloten, 'AWS::CloudFront::KeyGroup')[0] as [string, Resource];
    expect(config.DefaultCacheBehavior.TrustedKeyGroups).toEqual([{ Ref: groupId }]);
    const byPath = new Map(config.CacheBehaviors.map((b) => [b.PathPattern, b]));
    // Open: the editions' styles, the error page, the link pages' styles and fonts, and the lezen page that sets the cookies; nothing with numbers.
    expect([...byPath.keys()].sort()).toEqual(['/assets/*', '/console.css', '/fonts/*', '/fout/*', '/lezen/*', '/theme.css', '/vendor/*']);
    for (const [pattern, behaviour] of byPath) expect(behaviour.TrustedKeyGroups, pattern).toBeUndefined();
    besloten.resourceCountIs('AWS::CloudFront::PublicKey', 1);
    besloten.hasOutput('EditionSigningKeySecret', {});
  });

  it('openbaar: no key group, no public key, no secret: no access control', () => {
    const config = distribution(openbaar);
    expect(config.DefaultCacheBehavior.TrustedKeyGroups).toBeUndefined();
    for (const behaviour of config.CacheBehaviors) expect(behaviour.TrustedKeyGroups).toBeUndefined();
    openbaar.resourceCountIs('AWS::CloudFront::KeyGroup', 0);
    openbaar.resourceCountIs('AWS::CloudFront::PublicKey', 0);
    expect(resources(openbaar, 'AWS::SecretsManager::Secret').filter(([id]) => id.startsWith('WebEdition'))).toEqual([]);
  });

  it('let the run function publish editions (WEB_BUCKET, WEB_URL) and write only to that bucket', () => {
    const [bucketId] = editionsBucket(besloten);
    const [runId, run] = resources(besloten, 'AWS::Lambda::Function').find(([, f]) => String(f.Properties.Description).includes('bimonthly report run')) as [string, Resource];
    const env = (run.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.WEB_BUCKET).toEqual({ Ref: bucketId });
    expect(JSON.stringify(env.WEB_URL)).toContain('DomainName');
    expect(env.WEB_PUBLICATION).toBe('besloten');
    const role = ((run.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'])[0];
    expect(runId).toBeDefined();
    const statements = resources(besloten, 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(role))
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement)
      .filter((s) => JSON.stringify(s.Resource).includes(bucketId));
    expect(statements.flatMap((s) => [s.Action].flat()).sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject']);
    // The re-send mails a final again: its link goes to the same editions; it publishes nothing.
    const [, resend] = resources(besloten, 'AWS::Lambda::Function').find(([, f]) => String(f.Properties.Description).includes('sends an archived report again')) as [string, Resource];
    const resendEnv = (resend.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(resendEnv.WEB_URL).toEqual(env.WEB_URL);
    expect(resendEnv.WEB_BUCKET).toBeUndefined();
  });

  it('send /lezen/* on the editions’ own domain to the link pages’ origin, uncached, without a key group', () => {
    // The link pages' function is not in this branch's stack yet: a construct of its own, given an origin.
    const stack = new Stack(new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } }), 'Lezen');
    const storage = new Storage(stack, 'Storage', { retentionDays: 30 });
    new WebEdition(stack, 'Web', { storage, publication: 'besloten', publicKeyPem: EXAMPLE_PUBLIC_KEY, linkPagesOrigin: new HttpOrigin('links.execute-api.eu-west-1.amazonaws.com') });
    const config = distribution(Template.fromStack(stack), 'Web');
    const lezen = config.CacheBehaviors.find((b) => b.PathPattern === '/lezen/*');
    expect(lezen?.TrustedKeyGroups).toBeUndefined();
    expect(lezen?.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    expect(lezen?.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(JSON.stringify(config.Origins)).toContain('links.execute-api.eu-west-1.amazonaws.com');
  });

  it('leave no unacknowledged AwsSolutions error, in either publication, and no acknowledgement without a finding', () => {
    for (const b of [synthesized.besloten(), synthesized.openbaar()]) {
      const report = new AwsSolutionsChecks().validateScope(b.stack);
      const errors = report.violations.filter((v) => v.severity === 'error').map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
      expect(errors).toEqual([]);
    }
    const stack = synthesized.openbaar().stack;
    const acknowledged = (c: IConstruct) =>
      c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).flatMap((m) => Object.keys(m.data as Record<string, string>).map((k) => k.replace(/^annotation::/i, '')));
    const used = new Set<string>();
    const checks = new AwsSolutionsChecks();
    Object.assign(checks, {
      isAcknowledged: (resource: IConstruct, ruleId: string) => {
        for (let c: IConstruct | undefined = resource; c; c = c.node.scope) {
          if (acknowledged(c).includes(ruleId)) return used.add(`${c.node.path} ${ruleId}`), true;
        }
        return false;
      },
    });
    checks.validateScope(stack);
    const mine = stack.node.findAll().filter((c) => c.node.path.includes('/WebEdition/')).flatMap((c) => acknowledged(c).map((id) => `${c.node.path} ${id}`));
    expect(mine.filter((d) => !used.has(d))).toEqual([]);
  });
});

describe('the editions’ stylesheet in AWS', () => {
  it('is deployed with the stack: the run function’s bundle cannot build it (no NL Design System packages in it)', () => {
    const outdir = synthesized.besloten().outdir;
    const deployed = readdirSync(outdir)
      .filter((name) => name.startsWith('asset.'))
      .map((name) => path.join(outdir, name, 'assets', 'editie.css'))
      .filter((file) => existsSync(file));
    expect(deployed).toHaveLength(1);
    const css = readFileSync(deployed[0] as string, 'utf8');
    expect(css).toContain('.utrecht-table');
    expect(css).toContain('.rapportbode-theme');
  });
});
