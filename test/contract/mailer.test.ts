import { describe, expect, it } from 'vitest';
import { InMemoryMailer } from '../../functions/adapters/memory';
import { SesMailer } from '../../functions/adapters/ses-mailer';
import { type Mailer, MessageTooLargeError, type OutgoingMail } from '../../functions/usecases/ports';
import { addresses, sesStore } from '../support/test-stack';
import { useEmulators } from './support';

const emulators = useEmulators();
/** `delivered`: subject and To of each mail that reached the other side (SES's store, or the mailer's own list). */
const subjects: { name: string; make(): Promise<{ mailer: Mailer; delivered(): Promise<{ subject: string; to: string[] }[]> }> }[] = [
  {
    name: 'in memory',
    make: async () => {
      const mailer = new InMemoryMailer({ quota: { max24HourSend: 50_000, maxSendRate: 14, sentLast24Hours: 0 }, maxPerSecond: 20 });
      const header = (text: string, name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(text)?.[1] ?? '';
      return { mailer, delivered: async () => mailer.sent.map((m) => ({ subject: header(m.text, 'Subject'), to: addresses([header(m.text, 'To')]) })) };
    },
  },
  {
    name: 'SES (aws-ses-v2-local)',
    make: async () => {
      const before = (await sesStore(emulators.stack())).length;
      return {
        mailer: new SesMailer({ maxPerSecond: 20 }),
        delivered: async () => (await sesStore(emulators.stack())).slice(before).map((m) => ({ subject: m.subject, to: addresses(m.destination.to) })),
      };
    },
  },
];

const mail = (overrides: Partial<OutgoingMail> = {}): OutgoingMail => ({
  from: '"Werkzaak Rivierenland" <rapportage@werkzaak.example>',
  to: ['"A. Bestuurder" <a@tiel.example>'],
  cc: ['b@tiel.example'],
  subject: 'Rapportage september-oktober 2026',
  text: 'Geachte heer Bestuurder,\n\nIn de bijlage vindt u de rapportage.',
  messageId: '<2026-09-final.Tiel.1@rapportbode>',
  attachments: [{ filename: 'rapportage-tiel.pdf', content: new TextEncoder().encode('%PDF-1.7'), contentType: 'application/pdf' }],
  ...overrides,
});

describe.each(subjects)('Mailer: $name', ({ make }) => {
  it('composes the MIME message in Dutch with its Message-ID and attachment, and sends it', async () => {
    // Prepare
    const { mailer, delivered } = await make();
    // Act
    const raw = await mailer.compose(mail());
    await mailer.pace();
    const id = await mailer.send(raw);
    // Assess
    const text = Buffer.from(raw).toString('utf8');
    expect(text).toMatch(/^Content-Language: nl$/m);
    expect(text).toMatch(/^Message-ID: <2026-09-final\.Tiel\.1@rapportbode>$/m);
    expect(text).toMatch(/filename=rapportage-tiel\.pdf/);
    expect(id).toMatch(/\S/);
    expect(await delivered()).toEqual([{ subject: 'Rapportage september-oktober 2026', to: ['a@tiel.example'] }]);
  });

  it('refuses to compose a message larger than SES takes, before anything is sent', async () => {
    // Prepare
    const { mailer, delivered } = await make();
    const large = new Uint8Array(10 * 1024 * 1024);
    // Act
    const composing = mailer.compose(mail({ attachments: [{ filename: 'groot.pdf', content: large, contentType: 'application/pdf' }] }));
    // Assess
    await expect(composing).rejects.toBeInstanceOf(MessageTooLargeError);
    await expect(composing).rejects.toThrow(/SES neemt er hoogstens .* maak de afbeeldingen van de periode kleiner/);
    expect(await delivered()).toEqual([]);
  });

  it("tells the account's sending limits", async () => {
    // Prepare
    const { mailer } = await make();
    // Act
    const quota = await mailer.quota();
    // Assess
    expect(quota).toEqual({ max24HourSend: 50_000, maxSendRate: 14, sentLast24Hours: 0 });
  });
});
