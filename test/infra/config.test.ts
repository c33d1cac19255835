import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readDeploymentConfig, retentionDays } from '../../infra/config';
import { cdkJsonContext } from './synth';

const read = (overrides: Record<string, unknown>) => readDeploymentConfig(new App({ context: { ...cdkJsonContext(), ...overrides } }).node);

describe('deployment configuration from CDK context', () => {
  it('accepts the values in cdk.json and fills in the daily working-day schedule of the cycle', () => {
    // Prepare / Act
    const config = read({ scheduleExpression: undefined });

    // Assess
    expect(config.scheduleExpression).toBe('cron(0 7 ? * MON-FRI *)');
    expect(config.mailFrom).toContain('<rapportage@example.org>');
  });

  it('coerces numbers given on the command line (-c maxSendRate=14)', () => {
    expect(read({ maxSendRate: '14', bewaartermijn: '7' })).toMatchObject({ maxSendRate: 14, bewaartermijn: 7 });
  });

  it('no longer takes what the organisation file holds: an old key stops the synth, naming it', () => {
    expect(() => read({ organisationName: 'Werkzaak' })).toThrow(/organisationName/);
  });

  it('names the context key of a missing operator e-mail', () => {
    expect(() => read({ operatorEmail: undefined })).toThrow(/context key "operatorEmail"/);
  });

  it('refuses a sender outside the SES identity, naming mailFrom', () => {
    expect(() => read({ mailFrom: 'Werkzaak <rapportage@elders.nl>', sesIdentity: 'werkzaak.nl' })).toThrow(
      /context key "mailFrom".*sesIdentity/,
    );
  });

  it('accepts a sender in a subdomain of the SES identity', () => {
    expect(read({ mailFrom: 'Werkzaak <rapportage@mail.werkzaak.nl>', sesIdentity: 'werkzaak.nl' }).mailFrom).toContain('mail.werkzaak.nl');
  });

  it('refuses a schedule that is not a Scheduler expression', () => {
    expect(() => read({ scheduleExpression: '0 7 1 */2 *' })).toThrow(/context key "scheduleExpression"/);
  });

  it('keeps the archive and the records five years unless the bewaartermijn says otherwise', () => {
    expect(retentionDays(read({ bewaartermijn: undefined }))).toBe(1827);
    expect(retentionDays(read({ bewaartermijn: '7' }))).toBe(2557);
    expect(() => read({ bewaartermijn: '0' })).toThrow(/context key "bewaartermijn"/);
  });

  it('splits the sandbox recipients given as one comma-separated value', () => {
    expect(read({ sesSandboxRecipients: 'ab-lid@tiel.nl, buren.nl' }).sesSandboxRecipients).toEqual(['ab-lid@tiel.nl', 'buren.nl']);
  });
});
