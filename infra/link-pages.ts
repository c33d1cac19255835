import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { LINK_KEY_SECRET_SETTING } from '../functions/core/personal-link';
import { LINK_PAGE_HEADERS } from '../functions/links/link-pages';
import { LINK_PAGE_PURPOSES } from '../functions/wiring/link-pages';
import { securityHeaders } from './security-headers';
import { loggedHttpApi } from './http-api';
import { FunctionWithLogGroup } from './function-with-log-group';
import type { Storage } from './storage';

/**
 * `lezen` sets the web editions' reading cookies, so it is served from the editions' own
 * distribution (infra/web-edition.ts, `linkPagesOrigin`): a cookie set on the console's address
 * would never reach the pages.
 */
const ON_EDITIONS_DISTRIBUTION = new Set(['lezen']);

/**
 * DynamoDB item actions of the link pages' function: the organisation and the run of the final
 * (GetItem), the recipients, a concept's answers and the figures in force (Query), an answer or
 * an upload's import record (PutItem), an upload's values and its audit entry (BatchWriteItem).
 */
export const LINK_PAGES_TABLE_ACCESS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem'] as const;

/**
 * Requests a second for all link pages together (API Gateway's stage throttling; HTTP APIs have
 * no per-visitor limit). A concept reaches a few dozen gbo-leden and reviewers, and a mail
 * scanner opens each link once or twice when the mail arrives: tens of requests in a minute at
 * most. Ten a second with bursts of twenty leaves room for that and keeps a flood of guessed or
 * replayed links from running up the table and the function; a throttled visitor gets 429 and
 * can open the link again.
 */
export const LINK_PAGES_THROTTLE = { rateLimit: 10, burstLimit: 20 } as const;

export interface LinkPagesProps {
  readonly storage: Storage;
  /**
   * The console's distribution. The link pages become behaviours on it, so they share its
   * origin: the console's stylesheets and fonts (`/vendor/utrecht.css`, `/theme.css`, …) are
   * same-origin for the pages' strict CSP, and mails name one https address.
   */
  readonly distribution: cloudfront.Distribution;
}

/**
 * The pages a personal link opens (`/antwoord/<token>`, …; functions/wiring/link-pages.ts), in
 * public: no sign-in, the link's signature admits a visitor. The signing key is a generated secret
 * in Secrets Manager, readable by this function and by the functions that make links (grantLinks).
 * API Gateway (HTTP API, throttled) has a route per page to one function; CloudFront forwards each
 * page's path to it from the console's distribution.
 */
export class LinkPages extends Construct {
  readonly key: secretsmanager.Secret;
  readonly function: FunctionWithLogGroup;
  readonly api: HttpApi;
  /** The public API as a CloudFront origin, for the distributions that serve link pages. */
  readonly origin: HttpOrigin;
  /** The address mails put before `/antwoord/<token>` (LINK_PAGES_URL). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: LinkPagesProps) {
    super(scope, id);
    const { storage, distribution } = props;
    this.url = `https://${distribution.distributionDomainName}`;

    this.key = new secretsmanager.Secret(this, 'LinkKey', {
      description: 'rapportbode: the key that signs personal links in mails (answers, evaluation, uploads, web edition)',
      // 64 characters of [A-Za-z0-9], read as base64url: 48 bytes of key (functions/wiring/link-key.ts).
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // The links in mails already sent need it until they expire; a deleted stack needs none.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.key).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A new key makes every personal link already mailed invalid (a review running, an evaluation open). Rotate it by hand between reviews: put a new 64-character [A-Za-z0-9] value; links mailed after that carry the new signature.',
    });

    this.function = new FunctionWithLogGroup(this, 'Function', {
      handler: 'link-pages',
      description: 'rapportbode: the public pages personal links open (answer to a concept, …)',
      memorySize: 512,
      // A page reads a few items and writes at most one; API Gateway would wait 30 s.
      timeout: Duration.seconds(10),
      // Every entry point reads the same settings (adapters/config.ts); this function gets no access to the archive.
      environment: { ARCHIVE_BUCKET: storage.archiveBucket.bucketName },
    });
    storage.grantTable(this.function, LINK_PAGES_TABLE_ACCESS);
    this.grantLinks(this.function);

    this.api = this.publicApi();
    this.origin = new HttpOrigin(`${this.api.apiId}.execute-api.${Stack.of(this).region}.amazonaws.com`, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY });
    this.serveFrom(distribution);
  }

  /** Lets a function sign (or check) personal links: the key's secret to read, and where the pages are. */
  grantLinks(fn: lambda.Function): void {
    fn.addEnvironment(LINK_KEY_SECRET_SETTING, this.key.secretArn);
    fn.addEnvironment('LINK_PAGES_URL', this.url);
    this.key.grantRead(fn);
  }

  /** `GET|POST /<purpose>/{token}` and `/<purpose>/{token}/{rest+}` per page, throttled, logged without bodies. */
  private publicApi(): HttpApi {
    const api = loggedHttpApi(this, {
      description: 'rapportbode: the pages personal links open, without sign-in',
      throttle: LINK_PAGES_THROTTLE,
      // The route, never the path: the path holds the personal link's token.
      logged: { asked: { route: '$context.routeKey' }, ended: { integrationError: '$context.integrationErrorMessage' } },
    });
    const integration = new HttpLambdaIntegration('Pages', this.function);
    for (const purpose of LINK_PAGE_PURPOSES) {
      for (const path of [`/${purpose}/{token}`, `/${purpose}/{token}/{rest+}`]) {
        for (const route of api.addRoutes({ path, methods: [HttpMethod.GET, HttpMethod.POST], integration })) {
          Validations.of(route).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason:
              'A page a personal link opens is public by design (readers have no account): the function admits only a link signed with the stack’s secret key, for this page, unexpired, and records only on a POST carrying the form token derived from it.',
          });
        }
      }
    }
    return api;
  }

  /** Each page's path on the console's distribution, to the API: never cached, the form's body and type passed on. */
  private serveFrom(distribution: cloudfront.Distribution): void {
    const origin = this.origin;
    const headers = securityHeaders(this, 'SecurityHeaders', 'link pages', LINK_PAGE_HEADERS['content-security-policy'] as string);
    for (const purpose of LINK_PAGE_PURPOSES.filter((p) => !ON_EDITIONS_DISTRIBUTION.has(p))) {
      distribution.addBehavior(`/${purpose}/*`, origin, {
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        // Everything the viewer sent but the Host header (API Gateway answers to its own name).
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: headers,
      });
    }
  }
}
