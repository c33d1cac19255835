import { describe, expect, it } from 'vitest';
import { runCli } from '../support/test-stack';

describe('the CLI against a deployed stack', () => {
  it('refuses to start without RETENTION_DAYS, so what it records would not outlive the bewaartermijn', async () => {
    // Act: everything the README's export line sets, except the retention; nothing is reached.
    const result = await runCli(['deliveries'], {
      ...process.env,
      RAPPORTBODE_TARGET: 'aws',
      AWS_REGION: 'eu-west-1',
      TABLE_NAME: 'rapportbode-table',
      ARCHIVE_BUCKET: 'rapportbode-archive',
      RETENTION_DAYS: '',
    });
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('rapportbode: RETENTION_DAYS ontbreekt');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
