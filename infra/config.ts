import type { Node } from 'constructs';
import { z } from 'zod';

/**
 * The deployment's settings, from CDK context (`cdk.json` or `-c key=value`). Values given with
 * `-c` arrive as strings, so numbers are coerced. A wrong or missing value stops the synth with
 * the context key named, before any resource is defined.
 */
const EMAIL = z.email({ message: 'must be an e-mail address' });
const MAILBOX = z.string().regex(/^(?:"?[^"<>]+"?\s*)?<[^<>@\s]+@[^<>@\s]+>$|^[^<>@\s]+@[^<>@\s]+$/, {
  message: 'must be `Naam <adres@domein>` or `adres@domein`',
});
const DOMAIN = z.string().regex(/^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/i, { message: 'must be a domain name' });

export const DeploymentConfigSchema = z
  .object({
    /**
     * The only sender the functions may send as (an IAM condition); its address must fall under
     * `sesIdentity`, and the organisation file's `afzender` must be this address.
     */
    mailFrom: MAILBOX,
    /** The SES identity that sends: a domain (`werkzaak.nl`) or one address. */
    sesIdentity: z.union([DOMAIN, EMAIL]),
    /** true when the identity is already verified in this account and region: the stack then only refers to it. */
    sesIdentityExists: z.stringbool().or(z.boolean()).default(false),
    /**
     * In the SES sandbox, SES also authorizes the send against each recipient's (verified)
     * identity: list those identities here (comma-separated) until production access is granted.
     */
    sesSandboxRecipients: z
      .union([z.string(), z.array(z.string())])
      .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.union([DOMAIN, EMAIL])))
      .default([]),
    /** Receives the alarms. */
    operatorEmail: EMAIL,
    /**
     * When the cycle step runs, as an EventBridge Scheduler expression in Europe/Amsterdam: every
     * working day at 07:00 (the step itself skips public holidays).
     */
    scheduleExpression: z
      .string()
      .regex(/^(cron|rate|at)\(.+\)$/, { message: 'must be a Scheduler expression such as cron(0 7 ? * MON-FRI *)' })
      .default('cron(0 7 ? * MON-FRI *)'),
    /** Messages per second; keep it below the account's SES MaxSendRate (sandbox: 1). */
    maxSendRate: z.coerce.number().positive().max(1000).default(1),
    /**
     * Years that the archive (PDFs and raw mails, which name the recipients) and the records of
     * deliveries and changes are kept, then deleted. See README, Verwerkingsregister, for why 5.
     */
    bewaartermijn: z.coerce.number().int().min(1).max(30).default(5),
    /**
     * Who may read the web editions; must match the organisation file's `publicatie`. `besloten`:
     * CloudFront serves a page only with signed cookies (the `lezen` link sets them);
     * `openbaar`: no access control.
     */
    webPublication: z.enum(['besloten', 'openbaar'], { message: 'must be besloten or openbaar' }).default('besloten'),
    /**
     * besloten: the public key (PEM) CloudFront checks the editions' signed cookies with. Its
     * private key goes into the stack's secret EditionSigningKey (README, Deploy); the example in
     * cdk.json has no private key anywhere, so with it nobody gets in.
     */
    editionPublicKey: z.string().regex(/^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----\s*$/, { message: 'must be a PEM public key (openssl rsa -pubout)' }).optional(),
  })
  .refine((c) => c.webPublication === 'openbaar' || c.editionPublicKey !== undefined, {
    message: 'webPublication besloten needs the public key of the editions\' signed cookies (README, Deploy: openssl genrsa … | openssl rsa -pubout)',
    path: ['editionPublicKey'],
  })
  .refine((c) => sendsAs(mailAddress(c.mailFrom), c.sesIdentity), {
    message: 'the address in mailFrom must be sesIdentity itself or fall under its domain (SES refuses any other sender)',
    path: ['mailFrom'],
  });

export type DeploymentConfig = z.infer<typeof DeploymentConfigSchema>;

export const CONTEXT_KEYS = Object.keys(DeploymentConfigSchema.shape) as (keyof DeploymentConfig)[];

export class DeploymentConfigError extends Error {}

/** Keys earlier versions took that the organisation file holds now: given, they would silently do nothing. */
const MOVED_TO_ORGANISATION_FILE: Readonly<Record<string, string>> = { organisationName: 'naam', mailReplyTo: 'antwoordadres', suppressionThreshold: 'drempel' };

/** Reads every key from the node's context (the app's, in practice) and validates them together. */
export function readDeploymentConfig(node: Node): DeploymentConfig {
  const raw = Object.fromEntries(
    CONTEXT_KEYS.map((key) => [key, node.tryGetContext(key)]).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = DeploymentConfigSchema.safeParse(raw);
  const moved = Object.entries(MOVED_TO_ORGANISATION_FILE)
    .filter(([key]) => node.tryGetContext(key) !== undefined)
    .map(([key, fileKey]) => `context key "${key}": is now \`${fileKey}\` in the organisation file (rapportbode organisation apply); remove it here`);
  if (!result.success || moved.length > 0) {
    const problems = [...(result.success ? [] : result.error.issues.map((i) => `context key "${i.path.join('.') || '(all)'}": ${i.message}`)), ...moved];
    throw new DeploymentConfigError(
      `rapportbode: the CDK context is incomplete or wrong (set it in cdk.json or with -c key=value):\n  ${problems.join('\n  ')}`,
    );
  }
  return result.data as DeploymentConfig;
}

/** The bewaartermijn in days, as S3 lifecycle rules and RETENTION_DAYS count it (a year of 365.25 days). */
export function retentionDays(config: Pick<DeploymentConfig, 'bewaartermijn'>): number {
  return Math.ceil(config.bewaartermijn * 365.25);
}

/** The bare address of `Naam <adres>` or `adres`. */
export function mailAddress(mailbox: string): string {
  return /<([^<>]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox.trim();
}

/** SES lets a verified domain send from any address in it or in its subdomains. */
function sendsAs(address: string, identity: string): boolean {
  const a = address.toLowerCase();
  const i = identity.toLowerCase();
  return i.includes('@') ? a === i : a.endsWith(`@${i}`) || a.endsWith(`.${i}`);
}
