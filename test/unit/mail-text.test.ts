import { describe, expect, it } from 'vitest';
import { ReportRenderer } from '../../functions/adapters/report-renderer';
import { composeRawMail } from '../../functions/adapters/ses-mailer';
import { demoReportModel } from '../../functions/bench/demo-model';
import { attachmentNameFor, greetingFor } from '../../functions/core/mail-text';
import { testOrganisation } from '../support/organisation';

describe('the greeting', () => {
  it('greets one person by name, and several AB-leden as the board', () => {
    expect(greetingFor([{ name: 'A. de Vries', role: 'ab-lid' }])).toBe('Geachte A. de Vries,');
    expect(greetingFor([{ name: 'A. de Vries', role: 'ab-lid' }, { name: 'B. Jansen', role: 'ab-lid' }])).toBe('Geachte leden van het algemeen bestuur,');
    expect(greetingFor([{ name: 'Secretariaat GBO', role: 'reviewer' }, { name: 'J. Jansen', role: 'gbo-lid' }])).toBe('Geachte collega’s,');
  });

  it('greets reviewers as colleagues, never as the board', () => {
    expect(greetingFor([{ name: 'Secretariaat GBO', role: 'reviewer' }, { name: 'Team Beleid', role: 'reviewer' }])).toBe('Geachte collega’s,');
    expect(greetingFor([{ name: 'Team Beleid', role: 'reviewer' }])).toBe('Geachte Team Beleid,');
  });

  it('falls back to "heer, mevrouw" for an address without a name', () => {
    expect(greetingFor([{ role: 'extern' }])).toBe('Geachte heer, mevrouw,');
    expect(greetingFor([{ name: '  ', role: 'ab-lid' }])).toBe('Geachte heer, mevrouw,');
    expect(greetingFor([{ name: ' A. de Vries ', role: 'ab-lid' }])).toBe('Geachte A. de Vries,');
  });

  it('greets a mixed or empty list as "heer, mevrouw", not as the board or as colleagues', () => {
    expect(greetingFor([])).toBe('Geachte heer, mevrouw,');
    expect(greetingFor([{ name: 'A', role: 'ab-lid' }, { name: 'B', role: 'extern' }])).toBe('Geachte heer, mevrouw,');
    expect(greetingFor([{ name: 'A', role: 'reviewer' }, { name: 'B', role: 'extern' }])).toBe('Geachte heer, mevrouw,');
    expect(greetingFor([{ name: 'A', role: 'beleidsmedewerker' }, { name: 'B', role: 'beleidsmedewerker' }])).toBe('Geachte heer, mevrouw,');
  });
});

describe('the attachment’s name', () => {
  const facts = { reportName: 'Tweemaandelijkse rapportage', organisation: 'Werkzaak Rivierenland', periodLabel: 'september–oktober 2026', concept: false };

  it('names both months and the municipality', () => {
    expect(attachmentNameFor({ ...facts, periodMonths: ['september', 'oktober'] }, 'West Maas en Waal')).toBe(
      'tweemaandelijkse-rapportage-werkzaak-rivierenland-september-oktober-2026-west-maas-en-waal.pdf',
    );
  });

  it('names every month of a quarter, also for a run archived before the months were recorded', () => {
    expect(attachmentNameFor({ ...facts, reportName: 'Kwartaalrapportage', periodLabel: 'juli–september 2026' }, 'Huizen')).toBe(
      'kwartaalrapportage-werkzaak-rivierenland-juli-augustus-september-2026-huizen.pdf',
    );
  });

  it('starts a concept’s name with "concept-"', () => {
    expect(attachmentNameFor({ ...facts, concept: true }, 'Tiel')).toBe('concept-tweemaandelijkse-rapportage-werkzaak-rivierenland-september-oktober-2026-tiel.pdf');
  });

  it('reads the months from an old run’s label, also january and a single month, and keeps a label it cannot read', () => {
    expect(attachmentNameFor({ ...facts, periodLabel: 'januari–februari 2027' }, 'Tiel')).toBe('tweemaandelijkse-rapportage-werkzaak-rivierenland-januari-februari-2027-tiel.pdf');
    expect(attachmentNameFor({ ...facts, periodLabel: 'november 2026 ' }, 'Tiel')).toBe('tweemaandelijkse-rapportage-werkzaak-rivierenland-november-2026-tiel.pdf');
    expect(attachmentNameFor({ ...facts, periodLabel: 'najaar 2026' }, 'Tiel')).toBe('tweemaandelijkse-rapportage-werkzaak-rivierenland-najaar-2026-tiel.pdf');
    expect(attachmentNameFor({ ...facts, periodLabel: 'najaar' }, 'Tiel')).toBe('tweemaandelijkse-rapportage-werkzaak-rivierenland-najaar-tiel.pdf');
  });
});

describe('the mail', () => {
  const renderer = new ReportRenderer();
  const part = demoReportModel({ year: 2026, firstMonth: 9, length: 2 }, testOrganisation()).organisationPart;
  const words = (html: string) =>
    html
      .replace(/<title>[^<]*<\/title>/, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#x27;|&#39;/g, '’')
      .replace(/\s+/g, ' ')
      .trim();

  it('says in the plain-text part what the HTML part says', () => {
    // Act
    const mail = renderer.mail(part, { municipality: 'Tiel', addressees: [{ name: 'AB-lid 1 Tiel', role: 'ab-lid' }] });
    // Assess
    const text = mail.text.replace(/^- /gm, '').replace(/\s+/g, ' ').trim();
    expect(words(mail.html).replace(/ ([,:)])/g, '$1').replace(/\( /g, '(')).toBe(text.replace(/ ([,:)])/g, '$1'));
    expect(text).toMatch(/^Geachte AB-lid 1 Tiel, Bijgaand ontvangt u de tweemaandelijkse rapportage/);
  });

  it('is signed by the contact person with function, phone and e-mail, and names the attachment', () => {
    const mail = renderer.mail(part, { municipality: 'Tiel', addressees: [{ name: 'AB-lid 1 Tiel', role: 'ab-lid' }] });
    expect(mail.text).toContain('Met vriendelijke groet,\n\nA. de Vries\nBeleidsadviseur informatievoorziening\nWerkzaak Rivierenland\n0344 123 456 · a.devries@werkzaak.example');
    expect(mail.attachmentName).toBe('tweemaandelijkse-rapportage-werkzaak-rivierenland-september-oktober-2026-tiel.pdf');
    expect(mail.text).toContain(`(${mail.attachmentName})`);
    // Each figure says whether it is a stand or a stroom, as the report's tables do.
    expect(mail.text).toContain('Bijstandsuitkeringen Participatiewet, stand eind oktober 2026: 2.078 (stand eind augustus 2026: 2.231)');
  });

  it('asks reviewers to review the concept of the document the AB will get', () => {
    const mail = renderer.mail({ ...part, concept: true }, { municipality: 'Tiel', addressees: [{ name: 'Secretariaat GBO', role: 'reviewer' }, { name: 'Team Beleid', role: 'reviewer' }] });
    expect(mail.text).toMatch(/^Geachte collega’s,\n\nBijgaand ontvangt u ter beoordeling het CONCEPT van de tweemaandelijkse rapportage .* het document dat het algemeen bestuur van Tiel zal ontvangen/);
    expect(mail.text).not.toContain('leden van het algemeen bestuur');
    expect(mail.subject).toMatch(/^CONCEPT – /);
    expect(mail.attachmentName).toMatch(/^concept-/);
  });

  it('goes out with Content-Language: nl', async () => {
    const raw = await composeRawMail({ from: 'a@b.example', to: ['c@d.example'], cc: [], subject: 's', text: 't', messageId: '<x@y>', attachments: [] });
    expect(raw.toString('utf8')).toMatch(/^Content-Language: nl\r?$/m);
  });
});
