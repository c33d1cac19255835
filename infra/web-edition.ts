import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { acknowledgeBucketDeployment } from './bucket-deployment';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { editionAssets } from '../functions/adapters/edition-assets';
import { consoleAssets } from '../functions/console/assets';
import { LINK_PAGE_HEADERS } from '../functions/links/link-pages';
import { alert, linkPageLayout } from '../functions/links/page-layout';
import { securityHeaders } from './security-headers';
import type { Storage } from './storage';

/** What the editions' pages may load: their own styles, images and scripts, nothing inline, never framed. */
export const EDITION_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** The folder of CloudFront's own error pages in the bucket: open to all, no numbers in them. */
const ERROR_PAGES = 'fout';

/**
 * The stylesheets and fonts the link pages' frame names (functions/links/page-layout.ts): the
 * lezen page and the error page are served on this domain, so these are copied into the bucket
 * at deploy and open to all, like the editions' own assets.
 */
const LINK_PAGE_STYLES = ['/vendor/utrecht.css', '/theme.css', '/console.css'];
const OPEN_STYLE_PATHS = ['/vendor/*', '/fonts/*', '/theme.css', '/console.css'];

export interface WebEditionProps {
  readonly storage: Storage;
  /** besloten: every edition path needs CloudFront signed cookies; openbaar: no access control. */
  readonly publication: 'besloten' | 'openbaar';
  /** besloten: the PEM public key the signed cookies are checked with (its private key: `signingKey`). */
  readonly publicKeyPem?: string;
  /**
   * The origin of the link pages' function (`functions/handlers/link-pages.ts`, built with the
   * public link-pages API): `/lezen/*` goes there, on this distribution's domain, so the cookies
   * the lezen page sets reach the editions.
   */
  readonly linkPagesOrigin?: cloudfront.IOrigin;
}

/**
 * The web editions in AWS (issue 28): static files in a private bucket behind CloudFront with
 * origin access control. For `besloten` the behaviours that serve editions trust one key group:
 * CloudFront serves `/<gemeente>/…` only to a browser holding signed cookies whose policy names
 * that path (the lezen page sets them, adapters/cloudfront-cookies.ts); `/assets/*` (styles, no
 * numbers) and the error pages are open. The files expire with the bewaartermijn, like the
 * archive's runs.
 */
export class WebEdition extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly keyGroup: cloudfront.KeyGroup | undefined;
  readonly publicKey: cloudfront.PublicKey | undefined;
  /** besloten: the private key (PEM) of the signed cookies; put there after deploy (README, Deploy). */
  readonly signingKey: secretsmanager.Secret | undefined;
  readonly publication: 'besloten' | 'openbaar';

  constructor(scope: Construct, id: string, props: WebEditionProps) {
    super(scope, id);
    const { storage } = props;
    this.publication = props.publication;
    this.bucket = new s3.Bucket(this, 'Editions', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: storage.accessLogsBucket,
      serverAccessLogsPrefix: 'web/',
      lifecycleRules: [
        // A page is rewritten with every release that shows its period; one no release touched
        // for the bewaartermijn goes, as the run it came from went from the archive.
        { id: 'expire-editions-after-bewaartermijn', expiration: Duration.days(storage.retentionDays) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      // Published figures (for openbaar possibly Woo documents): not gone with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const keys = props.publication === 'besloten' ? this.makeKeys(props.publicKeyPem) : undefined;
    this.publicKey = keys?.publicKey;
    this.keyGroup = keys?.keyGroup;
    this.signingKey = keys?.signingKey;
    this.distribution = this.makeDistribution(props);
    this.deployErrorPages();
  }

  private makeKeys(publicKeyPem: string | undefined) {
    if (!publicKeyPem) throw new Error('webPublication besloten needs editionPublicKey (infra/config.ts)');
    const publicKey = new cloudfront.PublicKey(this, 'CookieKey', { encodedKey: publicKeyPem, comment: 'rapportbode: checks the web editions’ signed cookies' });
    const keyGroup = new cloudfront.KeyGroup(this, 'Readers', { items: [publicKey], comment: 'rapportbode: readers let in by the lezen link' });
    const signingKey = new secretsmanager.Secret(this, 'SigningKey', {
      description: 'rapportbode: PEM private key of the web editions’ signed cookies (put it here after deploy, see README)',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(signingKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'An RSA private key whose public half CloudFront holds: rotating it means a new public key in the key group, done with a deploy (README), not by a rotation function.',
    });
    return { publicKey, keyGroup, signingKey };
  }

  private makeDistribution(props: WebEditionProps): cloudfront.Distribution {
    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const headers = securityHeaders(this, 'SecurityHeaders', 'web editions', EDITION_CONTENT_SECURITY_POLICY);
    // A new edition shows within five minutes without an invalidation; readers are few.
    const cachePolicy = new cloudfront.CachePolicy(this, 'FiveMinutes', {
      comment: 'rapportbode editions: five minutes, no cookies or query strings in the key',
      defaultTtl: Duration.minutes(5),
      maxTtl: Duration.hours(1),
      minTtl: Duration.seconds(0),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const open = { origin, viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS, cachePolicy, responseHeadersPolicy: headers };
    const logs = new s3.Bucket(this, 'CdnLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // CloudFront's standard logs are written with an ACL.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      // Readers' IP addresses: kept three months to look into abuse, then gone (README, Verwerkingsregister).
      lifecycleRules: [{ id: 'expire-cdn-logs', expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({ id: 'AwsSolutions-S1', reason: 'This bucket receives the CloudFront access logs of the web editions; logging access to the log bucket itself would add nothing an operator reads.' });
    const distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'rapportbode: the web editions',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'web/',
      defaultBehavior: { ...open, ...(this.keyGroup ? { trustedKeyGroups: [this.keyGroup] } : {}), functionAssociations: [{ function: this.indexPages(), eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }] },
      additionalBehaviors: {
        '/assets/*': open,
        [`/${ERROR_PAGES}/*`]: open,
        ...Object.fromEntries(OPEN_STYLE_PATHS.map((p) => [p, open])),
        ...(props.linkPagesOrigin ? { '/lezen/*': lezenBehaviour(this, props.linkPagesOrigin) } : {}),
      },
      // CloudFront answers 403 to a missing signed cookie and S3 (no ListBucket) to a missing file.
      errorResponses: [{ httpStatus: 403, responseHttpStatus: 403, responsePagePath: `/${ERROR_PAGES}/geen-toegang.html`, ttl: Duration.minutes(1) }],
    });
    for (const [rule, reason] of [
      ['AwsSolutions-CFR1', 'The editions are read by board members and officials who may be abroad; access is by signed cookie (besloten) or meant for everyone (openbaar), not by country.'],
      ['AwsSolutions-CFR2', 'Static files only; besloten paths are refused by CloudFront itself without a valid signed cookie, and the one dynamic path (/lezen/*) is throttled at its API. A WAF web ACL (us-east-1) can be added when the audience grows.'],
      ['AwsSolutions-CFR4', 'No custom domain is configured, so the distribution uses the default *.cloudfront.net certificate, whose TLS policy CloudFront sets. With a custom domain, attach an ACM certificate and TLSv1.2_2021.'],
    ] as const) {
      Validations.of(distribution).acknowledge({ id: rule, reason });
    }
    return distribution;
  }

  /** `/tiel/` and `/tiel/2026-09/` are folders: CloudFront asks S3 for their index.html. */
  private indexPages(): cloudfront.Function {
    return new cloudfront.Function(this, 'IndexPages', {
      comment: 'rapportbode editions: folder → index.html',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(INDEX_PAGES),
    });
  }

  /**
   * The Dutch page CloudFront shows for a refused or missing page, in the link pages' frame, with
   * the styles that frame names, and the editions' own stylesheet (`assets/editie.css`, built here
   * from the NL Design System packages: the run function's bundle does not carry them). No prune:
   * the editions share the bucket.
   */
  private deployErrorPages(): void {
    const deployment = new BucketDeployment(this, 'ErrorPages', {
      destinationBucket: this.bucket,
      sources: [
        Source.asset(linkPageStyles()),
        Source.data(`${ERROR_PAGES}/geen-toegang.html`, NO_ACCESS_PAGE),
        ...editionAssets().map((file) => Source.data(file.path, new TextDecoder().decode(file.bytes))),
      ],
      prune: false,
      memoryLimit: 256,
    });
    acknowledgeDeployment(deployment, Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket));
  }

  /**
   * Sets WEB_BUCKET, WEB_URL and WEB_PUBLICATION (a run of another `publicatie` is refused); may write (and list, to tell new from changed) the editions: for
   * the functions that release a run (the edition is published with it, and its mail links to it).
   */
  grantPublish(fn: lambda.Function): void {
    fn.addEnvironment('WEB_BUCKET', this.bucket.bucketName);
    fn.addEnvironment('WEB_URL', `https://${this.distribution.distributionDomainName}`);
    fn.addEnvironment('WEB_PUBLICATION', this.publication);
    // DeleteObject: a publish removes the files no longer published (adapters/edition-bucket.ts).
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], resources: [this.bucket.arnForObjects('*')] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }));
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    Validations.of(fn.role as iam.IRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      reason: 'The editions bucket holds only the published editions (<gemeente>/…, organisatie/…, assets/): a release rewrites the pages of every municipality, so it writes to the whole bucket.',
    });
  }

  /** Sets WEB_URL: a function that mails a final (the re-send) links to the editions there. */
  grantReadingAddress(fn: lambda.Function): void {
    fn.addEnvironment('WEB_URL', `https://${this.distribution.distributionDomainName}`);
  }

  /**
   * For the function behind `/lezen/*`: WEB_URL, the key pair id and the private key's secret
   * (read), so it can set CloudFront signed cookies. Nothing for openbaar: no cookies to sign.
   */
  grantReadingCookies(fn: lambda.Function): void {
    fn.addEnvironment('WEB_URL', `https://${this.distribution.distributionDomainName}`);
    if (!this.publicKey || !this.signingKey) return;
    fn.addEnvironment('EDITION_KEY_PAIR_ID', this.publicKey.publicKeyId);
    fn.addEnvironment('EDITION_SIGNING_KEY_SECRET_ARN', this.signingKey.secretArn);
    this.signingKey.grantRead(fn);
  }
}

/** The link page's own headers stay (no-store, no-referrer); CloudFront adds HSTS and the page CSP. */
function lezenBehaviour(scope: Construct, origin: cloudfront.IOrigin): cloudfront.BehaviorOptions {
  return {
    origin,
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
    allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
    cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
    originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    responseHeadersPolicy: securityHeaders(scope, 'LezenSecurityHeaders', 'lezen page', LINK_PAGE_HEADERS['content-security-policy'] as string),
  };
}

/** CloudFront Functions (cloudfront-js-2.0): a folder's address serves its index.html; `//` paths end in 404. */
const INDEX_PAGES = `function handler(event) {
  var request = event.request;
  if (request.uri.startsWith('//')) {
    return { statusCode: 404, statusDescription: 'Not Found', headers: { 'content-type': { value: 'text/plain; charset=utf-8' } }, body: { encoding: 'text', data: 'Deze pagina bestaat niet.' } };
  }
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
}`;

const NO_ACCESS_PAGE = linkPageLayout(
  'Geen toegang',
  alert(
    'error',
    'Deze pagina bestaat niet, of u heeft er geen toegang toe. Een rapportage is alleen te lezen via de link "Lees deze rapportage online" in uw mail, en alleen die van uw eigen gemeente. Open de link uit de laatste mail opnieuw; de toegang geldt daarna een dag.',
  ),
);

/** The link pages' stylesheets and the fonts they load, in one folder for the deployment: a copy made at synth, offline. */
function linkPageStyles(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rapportbode-web-styles-'));
  for (const [urlPath, file] of consoleAssets()) {
    if (!LINK_PAGE_STYLES.includes(urlPath) && !urlPath.startsWith('/fonts/')) continue;
    mkdirSync(path.dirname(path.join(dir, urlPath)), { recursive: true });
    copyFileSync(file, path.join(dir, urlPath));
  }
  return dir;
}

/** CDK's BucketDeployment function (copies the error page at deploy time): its role and runtime are CDK's. */
function acknowledgeDeployment(deployment: BucketDeployment, bucketId: string): void {
  const why = 'CDK’s BucketDeployment function copies the editions’ error page and styles from the CDK asset bucket at deploy time';
  acknowledgeBucketDeployment(deployment, why, [
    ['AwsSolutions-IAM5[Action::s3:List*]', `${why}: it lists the destination, as CDK grants it.`],
    ['AwsSolutions-IAM5[Action::s3:Abort*]', `${why}: write access to the editions bucket only.`],
    ['AwsSolutions-IAM5[Action::s3:DeleteObject*]', `${why}: CDK grants delete with write; prune is off, so it deletes nothing.`],
    [`AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`, `${why}: objects of the editions bucket, where it writes only the error page and the link pages' styles.`],
  ]);
}
