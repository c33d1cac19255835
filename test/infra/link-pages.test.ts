import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { LINK_PAGE_HEADERS } from '../../functions/links/link-pages';
import { LINK_PAGE_PURPOSES } from '../../functions/wiring/link-pages';
import { LINK_PAGES_THROTTLE } from '../../infra/link-pages';
import { useSynth } from './synth';

// The template's shape only: esbuild is skipped (stack.test.ts bundles every function once).
const synthesized = useSynth({ bundle: false });
let template: Template;

beforeAll(() => {
  ({ template } = synthesized());
});

type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = () => Object.entries(template.toJSON().Resources as Record<string, Resource>);
const linkApiId = () => {
  const [found] = resources().filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Api' && /personal links/.test(String(r.Properties.Description)));
  if (!found) throw new Error('no API for the link pages');
  return found[0];
};
const functionOf = (description: RegExp) => resources().find(([, r]) => r.Type === 'AWS::Lambda::Function' && description.test(String(r.Properties.Description)));

describe('the public pages behind personal links', () => {
  it('routes GET and POST of every page in the registry, with and without a rest path, to one function, without an authorizer', () => {
    // Act
    const routes = resources()
      .filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Route' && JSON.stringify(r.Properties.ApiId).includes(linkApiId()))
      .map(([, r]) => r.Properties);
    const targets = new Set(routes.map((r) => JSON.stringify(r.Target)));
    // Assess
    expect(LINK_PAGE_PURPOSES).toContain('antwoord');
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(
      LINK_PAGE_PURPOSES.flatMap((p) => ['GET', 'POST'].flatMap((m) => [`${m} /${p}/{token}`, `${m} /${p}/{token}/{rest+}`])).sort(),
    );
    expect(routes.every((r) => r.AuthorizationType === undefined || r.AuthorizationType === 'NONE')).toBe(true);
    expect(targets.size).toBe(1);
  });

  it('throttles the stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: linkApiId() },
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: LINK_PAGES_THROTTLE.rateLimit, ThrottlingBurstLimit: LINK_PAGES_THROTTLE.burstLimit }),
      AccessLogSettings: Match.objectLike({ Format: Match.stringLikeRegexp('routeKey') }),
    });
  });

  it('serves each page but lezen from the console’s distribution, uncached, POST allowed, with the pages’ own CSP', () => {
    // Act
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0] as Resource;
    const config = distribution.Properties.DistributionConfig as { CacheBehaviors: Record<string, unknown>[]; Origins: { Id: string; DomainName: unknown }[] };
    const behaviours = config.CacheBehaviors.filter((b) => LINK_PAGE_PURPOSES.some((p) => b.PathPattern === `/${p}/*`));
    const originDomain = (id: unknown) => JSON.stringify(config.Origins.find((o) => o.Id === id)?.DomainName);
    // Assess
    // lezen sets the editions' cookies: it is served from the editions' distribution (infra/web-edition.ts).
    expect(behaviours.map((b) => b.PathPattern).sort()).toEqual(LINK_PAGE_PURPOSES.filter((p) => p !== 'lezen').map((p) => `/${p}/*`).sort());
    for (const b of behaviours) {
      expect(b.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'HEAD', 'POST']));
      expect(b.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // CachingDisabled
      expect(originDomain(b.TargetOriginId)).toContain(`"${linkApiId()}"`);
    }
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({ ContentSecurityPolicy: { ContentSecurityPolicy: LINK_PAGE_HEADERS['content-security-policy'], Override: true } }),
      }),
    });
  });

  it('keeps the link key in a generated secret and tells the functions that mail links where the pages are', () => {
    // Act
    const run = functionOf(/bimonthly report run/)?.[1].Properties.Environment as { Variables: Record<string, unknown> };
    const pages = functionOf(/public pages personal links open/)?.[1].Properties.Environment as { Variables: Record<string, unknown> };
    const [secretId] = Object.keys(template.findResources('AWS::SecretsManager::Secret'));
    // Assess
    template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }) });
    expect(run.Variables.LINK_KEY_SECRET_ARN).toEqual({ Ref: secretId });
    expect(pages.Variables.LINK_KEY_SECRET_ARN).toEqual({ Ref: secretId });
    expect(JSON.stringify(run.Variables.LINK_PAGES_URL)).toMatch(/https:\/\/.*Distribution.*DomainName/);
    expect(pages.Variables.RETENTION_DAYS).toBeDefined();
  });
});
