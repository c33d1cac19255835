import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';
import { PERMISSIONS_POLICY } from '../functions/console/assets';

/**
 * The security headers CloudFront adds to the console, the link pages and the web editions (the
 * local server's pageHeaders are the same): a CSP, no sniffing, no framing, no referrer, HSTS, no
 * powerful browser features, and a window of its own (Cross-Origin-Opener-Policy).
 */
export function securityHeaders(scope: Construct, id: string, what: string, csp: string): cloudfront.ResponseHeadersPolicy {
  return new cloudfront.ResponseHeadersPolicy(scope, id, {
    comment: `rapportbode ${what}: strict CSP, HSTS, no framing, no sniffing, no referrer`,
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
    },
    customHeadersBehavior: {
      customHeaders: [
        { header: 'Permissions-Policy', value: PERMISSIONS_POLICY, override: true },
        { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
      ],
    },
  });
}
