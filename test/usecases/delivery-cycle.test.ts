import { describe, expect, it } from 'vitest';
import type { Figure, OrganisationConfig } from '../../functions/core/organisation';
import { verifyLink } from '../../functions/core/personal-link';
import type { Day } from '../../functions/core/workdays';
import { advanceCycle, cycleStatus } from '../../functions/usecases/cycle';
import { SendOutcomeUnknownError, SendRejectedError } from '../../functions/usecases/ports';
import { type World, header, snapshotOf, testOrganisation, world } from './support';

const key = Buffer.alloc(32, 5);
const TIEL = 'beleidsinformatie@tiel.example';
const BEHEERDERS = 'bi-team@werkzaak.example';
const late = (f: Figure) => f.municipality === 'Tiel' && f.indicator === 'dagbesteding' && (f.month === '2026-09' || f.month === '2026-10');

/** The demo organisation, Tiel not having delivered its arbeidsmatige dagbesteding over september–oktober 2026. */
async function prepare(withoutMunicipalFigures: 'continue' | 'wait'): Promise<World> {
  const demo = testOrganisation();
  const config: Partial<OrganisationConfig> = { calendar: { ...demo.calendar, withoutMunicipalFigures } };
  const w = await world({ config });
  for (let i = w.data.importValues.length - 1; i >= 0; i--) {
    const item = w.data.importValues[i];
    if (item?.kind === 'figures' && late(item.value as Figure)) w.data.importValues.splice(i, 1);
  }
  return w;
}

async function step(w: World, today: Day) {
  w.clock.set(`${today}T07:00:00Z`);
  return advanceCycle(today, { ...w.release, uploadLinks: { key, baseUrl: 'https://cijfers.werkzaak.example' } });
}

/** The Message-IDs of the mails to `address`. */
function mailsTo(w: World, address: string): string[] {
  return w.mailer.sent.filter((m) => header(m, 'To').includes(address)).map((m) => /^Message-ID:\s*<([^>]*)@rapportbode>/im.exec(m.text)?.[1] ?? '?');
}

/** Every aanleveraar of the demo organisation: one per municipality. */
const SUPPLIERS = testOrganisation().municipalities.flatMap((m) => m.suppliers ?? []);

describe('the cycle asks the municipalities for their own figures', () => {
  it('sends each aanleveraar one request with its personal link when the period has ended, never twice', async () => {
    const w = await prepare('wait');
    const [first] = await step(w, '2026-11-02');
    await step(w, '2026-11-02');
    await step(w, '2026-11-03');
    expect(first?.actions[0]).toBe(`verzoek om gemeentecijfers aan ${SUPPLIERS.length} aanleveraars`);
    for (const address of SUPPLIERS) expect(mailsTo(w, address)).toHaveLength(1);
    const request = w.mailer.sent.find((m) => header(m, 'To').includes(TIEL));
    const link = /https:\/\/cijfers\.werkzaak\.example\/aanleveren\/(\S+)/.exec(Buffer.from(request?.raw ?? []).toString('utf8').replace(/=\r?\n/g, ''))?.[1];
    expect(verifyLink(key, link ?? '', new Date('2026-11-03T08:00:00Z'), 'aanlevering')).toMatchObject({ scope: '2026-09#Tiel' });
  });

  it('asks again on the next cycle when SES refused the request for certain, and never twice when the outcome was unknown', async () => {
    const w = await prepare('wait');
    w.mailer.failNext(new SendRejectedError('MessageRejected: Email address is not verified.'));
    await expect(step(w, '2026-11-02')).rejects.toThrow(SendRejectedError);
    await step(w, '2026-11-03');
    const refusedFirst = SUPPLIERS[0] as string;
    expect(mailsTo(w, refusedFirst)).toHaveLength(1);
    const v = await prepare('wait');
    v.mailer.failNext(new SendOutcomeUnknownError('SES answered 503: it may have sent the mail'));
    await expect(step(v, '2026-11-02')).rejects.toThrow(SendOutcomeUnknownError);
    await step(v, '2026-11-03');
    expect(mailsTo(v, refusedFirst)).toHaveLength(0);
  });

  it('asks no aanleveraar whose address bounced or complained: it stays blocked until an operator clears it', async () => {
    const w = await prepare('wait');
    w.data.blocked.set(TIEL, { email: TIEL, reason: 'bounced', detail: 'mailbox bestaat niet', since: '2026-10-20T08:00:00.000Z', runId: '2026-07-final' });
    const [first] = await step(w, '2026-11-02');
    for (const day of ['2026-11-05', '2026-11-06']) await step(w, day);
    expect(mailsTo(w, TIEL)).toEqual([]);
    expect(first?.actions).toContain(`verzoek om gemeentecijfers aan ${SUPPLIERS.length - 1} aanleveraars`);
    expect(first?.actions).toContain('Tiel: 1 aanleveraar niet gevraagd: adres geblokkeerd');
  });

  it('does not ask for the figures "uiterlijk" by a day already past when the cycle first runs after the deadline', async () => {
    // A cycle begun on 20 November (a new organisation, a stopped schedule) asked "Wilt u uiterlijk vrijdag 6 november 2026 … aanleveren?".
    const w = await prepare('wait');
    await step(w, '2026-11-20');
    const request = w.mailer.sent.find((m) => header(m, 'To').includes(TIEL) && /^Message-ID:\s*<2026-09\.aanlevering\./im.test(m.text));
    const text = Buffer.from(request?.raw ?? []).toString('utf8').replace(/=\r?\n/g, '');
    expect(text).not.toContain('Wilt u uiterlijk vrijdag 6 november 2026');
    expect(text).toContain('de termijn was vrijdag 6 november 2026. Wilt u de eigen cijfers van Tiel zo snel mogelijk aanleveren?');
  });

  it('reminds only the late municipality\'s aanleveraar, once a working day from the deadline, at most three times, and names it to the beheerders', async () => {
    const w = await prepare('wait');
    await step(w, '2026-11-02');
    const actions: string[] = [];
    for (const day of ['2026-11-05', '2026-11-06', '2026-11-06', '2026-11-07', '2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12']) actions.push(...(await step(w, day)).flatMap((p) => p.actions));
    expect(actions).toContain('Tiel: herinnering 1 aan 1 aanleveraar');
    expect(mailsTo(w, TIEL)).toEqual([
      '2026-09.aanlevering.tiel.beleidsinformatie.tiel.example',
      '2026-09.herinnering-1.tiel.beleidsinformatie.tiel.example',
      '2026-09.herinnering-2.tiel.beleidsinformatie.tiel.example',
      '2026-09.herinnering-3.tiel.beleidsinformatie.tiel.example',
    ]);
    expect(mailsTo(w, 'beleidsinformatie@buren.example')).toHaveLength(1);
    const notice = w.mailer.sent.filter((m) => header(m, 'To').includes(BEHEERDERS)).at(-1);
    const text = Buffer.from(notice?.raw ?? []).toString('utf8').replace(/=\r?\n/g, '');
    expect(text).toContain('Gemeenten die hun eigen cijfers nog niet aanleverden');
    expect(text).toContain('- Tiel: 2 waarden');
    expect(text).not.toContain('- Buren');
    const [status] = (await cycleStatus('2026-11-12', w.release)).filter((p) => p.period === '2026-09');
    expect(status).toMatchObject({ state: 'wacht op gegevens', lateMunicipalities: [{ municipality: 'Tiel', missing: 2 }] });
  });

  it('goes on without the municipality after the last reminder when the organisation says doorgaan, its values not delivered', async () => {
    const w = await prepare('continue');
    await step(w, '2026-11-02');
    const [lastReminderDay] = await step(w, '2026-11-10');
    expect(lastReminderDay).toMatchObject({ state: 'wacht op gegevens' });
    const [after] = await step(w, '2026-11-11');
    expect(after).toMatchObject({ state: 'concept verstuurd' });
    expect(after?.actions.some((a) => a.startsWith('2026-09-concept-1 naar de reviewers'))).toBe(true);
    const snapshot = await snapshotOf(w, '2026-09-concept-1');
    expect(snapshot.input.figures.filter((f) => f.municipality === 'Tiel' && f.indicator === 'dagbesteding' && f.month >= '2026-09')).toEqual([]);
    expect(mailsTo(w, TIEL).filter((id) => id.includes('herinnering'))).toHaveLength(1);
    const notice = w.mailer.sent.filter((m) => header(m, 'To').includes(BEHEERDERS)).at(-1);
    const text = Buffer.from(notice?.raw ?? []).toString('utf8').replace(/=\r?\n/g, '');
    expect(text).toContain('2026-09-concept-1');
    expect(text).toContain('- Tiel: 2 waarden');
    expect(text).toContain('Het rapport gaat zonder deze cijfers verder (zonder_gemeentecijfers: doorgaan)');
  });

  it('keeps waiting after the last reminder when the organisation says wachten', async () => {
    const w = await prepare('wait');
    const [after] = await step(w, '2026-11-11');
    expect(after).toMatchObject({ state: 'wacht op gegevens' });
    expect(w.mailer.sent.filter((m) => m.text.includes('concept-1'))).toEqual([]);
  });
});

describe('whom the cycle asks, and what its report says about it', () => {
  const TIEL_2 = 'tweede@tiel.example';
  const BLOCKED = ['weg-1@tiel.example', 'weg-2@tiel.example', 'beleidsinformatie@buren.example'];

  /** Tiel with four aanleveraars, two of them blocked; Buren's one blocked; Culemborg none; Tiel and Buren late. */
  async function crowded(): Promise<World> {
    const demo = testOrganisation();
    const municipalities = demo.municipalities.map(({ suppliers, ...m }) =>
      m.name === 'Tiel' ? { ...m, suppliers: [TIEL, TIEL_2, ...BLOCKED.slice(0, 2)] } : m.name === 'Culemborg' ? m : { ...m, ...(suppliers ? { suppliers } : {}) },
    );
    const w = await world({ config: { municipalities, calendar: { ...demo.calendar, withoutMunicipalFigures: 'wait' } } });
    const buren = (f: Figure) => f.municipality === 'Buren' && f.indicator === 'dagbesteding' && (f.month === '2026-09' || f.month === '2026-10');
    for (let i = w.data.importValues.length - 1; i >= 0; i--) {
      const item = w.data.importValues[i];
      if (item?.kind === 'figures' && (late(item.value as Figure) || buren(item.value as Figure))) w.data.importValues.splice(i, 1);
    }
    for (const email of BLOCKED) w.data.blocked.set(email, { email: email.toUpperCase(), reason: 'bounced', detail: 'mailbox bestaat niet', since: '2026-10-20T08:00:00.000Z' });
    return w;
  }
  // What the cycle says besides the run's lines (`2026-09-concept-1 …`) and the missing values (`4 waarden ontbreken …`).
  const aboutSuppliers = (steps: Awaited<ReturnType<typeof step>>) => steps.flatMap((p) => p.actions).filter((a) => !/^2026-09|waarden ontbreken/.test(a));

  it('counts the blocked per municipality once, asks each other aanleveraar, and reminds a municipality\'s two in one line', async () => {
    const w = await crowded();
    const asked = testOrganisation().municipalities.filter((m) => m.name !== 'Culemborg' && m.name !== 'Buren' && m.name !== 'Tiel').flatMap((m) => m.suppliers ?? []).length + 2;
    expect(aboutSuppliers(await step(w, '2026-11-02'))).toEqual([
      `verzoek om gemeentecijfers aan ${asked} aanleveraars`,
      'Buren: 1 aanleveraar niet gevraagd: adres geblokkeerd',
      'Tiel: 2 aanleveraars niet gevraagd: adres geblokkeerd',
    ]);
    expect(mailsTo(w, TIEL_2)).toHaveLength(1);
    expect(BLOCKED.flatMap((a) => mailsTo(w, a))).toEqual([]);
    // Nothing new asked: no line, not even about the blocked.
    expect(aboutSuppliers(await step(w, '2026-11-03'))).toEqual([]);
    // The deadline: Tiel's two reminded in one line; Buren, late too, has nobody left to remind.
    expect(aboutSuppliers(await step(w, '2026-11-06'))).toEqual(['Tiel: herinnering 1 aan 2 aanleveraars']);
    expect(mailsTo(w, TIEL_2)).toEqual(['2026-09.aanlevering.tiel.tweede.tiel.example', '2026-09.herinnering-1.tiel.tweede.tiel.example']);
  });

  it('says "1 aanleveraar" when one was asked', async () => {
    const demo = testOrganisation();
    const municipalities = demo.municipalities.map(({ suppliers, ...m }) => (m.name === 'Tiel' ? { ...m, suppliers: [TIEL] } : m));
    const w = await world({ config: { municipalities } });
    expect(aboutSuppliers(await step(w, '2026-11-02'))).toEqual(['verzoek om gemeentecijfers aan 1 aanleveraar']);
  });

  it('asks nobody when no indicator is delivered by the municipalities, though aanleveraars are listed', async () => {
    const demo = testOrganisation();
    const w = await world({ config: { indicators: demo.indicators.map((i) => ({ ...i, source: 'organisation' as const })) } });
    expect(aboutSuppliers(await step(w, '2026-11-02'))).toEqual([]);
    expect(SUPPLIERS.flatMap((a) => mailsTo(w, a))).toEqual([]);
  });
});
