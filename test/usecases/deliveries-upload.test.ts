import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../functions/core/periods';
import { InMemoryImportStore } from '../../functions/adapters/memory';
import { type UploadDeps, deliveryLink, openUploadPage, submitUpload, uploadTemplate } from '../../functions/usecases/deliveries-upload';
import { renderUploadPage } from '../../functions/links/aanleveren-page';
import { world } from './support';

const key = Buffer.alloc(32, 7);
const period = parsePeriod('2026-09');
const SUPPLIER = 'beleidsinformatie@tiel.example';

/** The upload use case on the in-memory ports: the demo organisation, its sample figures, 9 November. */
async function prepare() {
  const w = await world();
  // The sample figures were committed at the machine's time; the test's clock is earlier.
  for (const [id, record] of w.data.imports) w.data.imports.set(id, { ...record, committedAt: '2026-11-01T00:00:00.000Z' });
  const deps: UploadDeps = { store: w.store, log: w.log, imports: w.imports, audit: w.recipientStore, mailer: w.mailer, key, now: w.clock.now, newImportId: InMemoryImportStore.newImportId };
  const link = deliveryLink(key, { email: SUPPLIER, municipality: 'Tiel', period, expiresAt: new Date('2026-12-06T23:00:00Z') });
  const page = await openUploadPage(link, deps);
  if (page.state !== 'open') throw new Error(page.message);
  const file = (text: string, name = 'tiel.csv') => ({ formToken: page.formToken, file: { name, bytes: new TextEncoder().encode(text) }, field: () => '' });
  const values = async (municipality = 'Tiel') => (await w.imports.figures(['2026-09', '2026-10'])).filter((f) => f.municipality === municipality && f.indicator === 'dagbesteding').map((f) => [f.month, f.value]);
  return { w, deps, link, page, file, values };
}

/** The mails to `address`, decoded: subject and plain text. */
async function mailTo(w: { mailer: { sent: { raw: Uint8Array }[] } }, address: string): Promise<{ text: string }[]> {
  const parsed = await Promise.all(w.mailer.sent.map((m) => simpleParser(Buffer.from(m.raw))));
  return parsed.filter((p) => p.to && !Array.isArray(p.to) && p.to.value.some((a) => a.address === address)).map((p) => ({ text: `${p.subject}\n${p.text}` }));
}

describe('a municipality delivers its own figures through its link', () => {
  it('shows what is asked, with last period\'s values, and records nothing on opening or downloading the template', async () => {
    const { w, deps, link, page } = await prepare();
    expect(page).toMatchObject({ municipality: 'Tiel', period: '2026-09', periodLabel: 'september–oktober 2026' });
    expect(page.state === 'open' && page.asked.map((a) => [a.indicator.id, a.months.map((m) => m.label), a.lastPeriod.map((m) => m.label)])).toEqual([
      ['dagbesteding', ['september 2026', 'oktober 2026'], ['juli 2026', 'augustus 2026']],
    ]);
    expect(page.state === 'open' && page.asked[0]?.lastPeriod.every((m) => typeof m.value === 'number')).toBe(true);
    expect(await uploadTemplate(link, deps)).toEqual({ fileName: 'aanlevering-tiel-2026-09.csv', csv: '\uFEFFgemeente;indicator;maand;waarde\r\nTiel;dagbesteding;2026-09;\r\nTiel;dagbesteding;2026-10;\r\n' });
    expect(await w.recipientStore.history()).toEqual([]);
    expect(w.mailer.sent).toEqual([]);
  });

  it('accepts a good file: replaces Tiel\'s values, audits who, the file, its SHA-256 and what changed, and mails the check back', async () => {
    const { w, deps, link, file, values } = await prepare();
    const buren = await values('Buren');
    const page = await submitUpload(link, file('gemeente;indicator;maand;waarde\nTiel;dagbesteding;2026-09;41\nTiel;dagbesteding;2026-10;42\n'), deps);
    expect(page).toMatchObject({ state: 'open', outcome: { accepted: true, source: 'tiel.csv', counts: { rows: 2, changed: 2 } } });
    expect(await values()).toEqual([['2026-09', 41], ['2026-10', 42]]);
    expect(await values('Buren')).toEqual(buren);
    const [entry] = await w.recipientStore.history();
    expect(entry).toMatchObject({ actor: SUPPLIER, action: 'figures delivered', municipality: 'Tiel', at: '2026-11-09T07:00:00.000Z' });
    expect(entry?.detail).toMatch(/^tiel\.csv \(SHA-256 [0-9a-f]{64}\) over 2026-09: 0 nieuw, 2 gewijzigd, 0 ongewijzigd; dagbesteding 2026-09: \d+ → 41, dagbesteding 2026-10: \d+ → 42/);
    const [mail] = await mailTo(w, SUPPLIER);
    expect(mail?.text).toContain('aanlevering Tiel september–oktober 2026 ontvangen');
    expect(mail?.text).toContain('ontvangen en verwerkt: 0 nieuw, 2 gewijzigd');
  });

  it('flags a value far from last period\'s but still takes it', async () => {
    const { w, deps, link, file, values } = await prepare();
    const page = await submitUpload(link, file('gemeente;indicator;maand;waarde\nTiel;dagbesteding;2026-09;4000\n'), deps);
    expect(page.state === 'open' && page.outcome?.accepted && page.outcome.flags).toEqual([expect.stringMatching(/^Inwoners in arbeidsmatige dagbesteding, september 2026: 4\.000 is meer dan drie keer \d+ \(augustus 2026\); klopt dit\?/)]);
    expect((await values())[0]).toEqual(['2026-09', 4000]);
    expect((await mailTo(w, SUPPLIER))[0]?.text).toContain('wijken sterk af van de vorige periode');
  });

  it('refuses a bad file row by row, changes nothing, audits nothing, and mails why', async () => {
    const { w, deps, link, file, values } = await prepare();
    const before = await values();
    const page = await submitUpload(link, file('gemeente;indicator;maand;waarde\nTiel;dagbesteding;2026-09;41\nTiel;dagbesteding;2026-10;4,5\nTiel;bijstand;2026-10;7\n'), deps);
    expect(page.state === 'open' && page.outcome).toEqual({
      accepted: false,
      source: 'tiel.csv',
      problems: ['rij 3, kolom waarde: 4,5 is geen geheel getal; dagbesteding is een aantal', 'rij 4, kolom indicator: "bijstand" is geen indicator die Tiel aanlevert; kies dagbesteding'],
      fields: [],
    });
    expect(await values()).toEqual(before);
    expect(await w.recipientStore.history()).toEqual([]);
    const [mail] = await mailTo(w, SUPPLIER);
    expect(mail?.text).toContain('niet verwerkt; er is niets gewijzigd');
    expect(mail?.text).toContain('- rij 3, kolom waarde: 4,5 is geen geheel getal');
  });

  it('refuses a file with another municipality\'s rows whole', async () => {
    const { deps, link, file, values } = await prepare();
    const before = [await values(), await values('Buren')];
    const page = await submitUpload(link, file('gemeente;indicator;maand;waarde\nTiel;dagbesteding;2026-09;41\nBuren;dagbesteding;2026-09;9\n'), deps);
    expect(page.state === 'open' && page.outcome?.accepted === false && page.outcome.problems).toEqual(['rij 3, kolom gemeente: "Buren" is niet Tiel; met deze link levert u alleen de cijfers van Tiel aan']);
    expect([await values(), await values('Buren')]).toEqual(before);
  });

  it('takes typed values through the same check: a fraction refused by its field, whole numbers accepted', async () => {
    const { w, deps, link, page, values } = await prepare();
    if (page.state !== 'open') throw new Error('closed');
    const typed = (fields: Record<string, string>) => ({ formToken: page.formToken, field: (name: string) => fields[name] ?? '' });
    const refused = await submitUpload(link, typed({ 'waarde-dagbesteding-2026-09': '12,5' }), deps);
    expect(refused.state === 'open' && refused.outcome).toMatchObject({ accepted: false, source: 'ingevuld op de pagina', problems: ['Inwoners in arbeidsmatige dagbesteding, september 2026: 12,5 is geen geheel getal; dagbesteding is een aantal'] });
    expect(refused.state === 'open' && refused.typed).toMatchObject({ 'waarde-dagbesteding-2026-09': '12,5' });
    const accepted = await submitUpload(link, typed({ 'waarde-dagbesteding-2026-09': '55', 'waarde-dagbesteding-2026-10': '56' }), deps);
    expect(accepted.state === 'open' && accepted.outcome?.accepted).toBe(true);
    expect(await values()).toEqual([['2026-09', 55], ['2026-10', 56]]);
    expect((await w.recipientStore.history())[0]?.detail).toMatch(/^ingevuld op de pagina \(SHA-256 [0-9a-f]{64}\)/);
  });

  it('says in a sentence that typed values were refused, as it says they were taken (the page read "ingevuld op de pagina is geweigerd")', async () => {
    const { deps, link, page } = await prepare();
    if (page.state !== 'open') throw new Error('closed');
    const refused = await submitUpload(link, { formToken: page.formToken, field: (name: string) => (name === 'waarde-dagbesteding-2026-09' ? 'abc' : '') }, deps);
    const text = renderUploadPage(refused as Extract<typeof refused, { state: 'open' }>, '/aanleveren/x').replace(/<[^>]+>/g, ' ');
    expect(text).toContain('Uw aanlevering (ingevuld op de pagina) is geweigerd; er is niets gewijzigd.');
    const file = await submitUpload(link, { formToken: page.formToken, file: { name: 'fout.csv', bytes: new TextEncoder().encode('gemeente;indicator;maand;waarde\nTiel;dagbesteding;2026-09;7,5\n') }, field: () => '' }, deps);
    expect(renderUploadPage(file as Extract<typeof file, { state: 'open' }>, '/aanleveren/x').replace(/<[^>]+>/g, ' ')).toContain('Uw aanlevering (fout.csv) is geweigerd; er is niets gewijzigd.');
  });

  it('takes nothing once the period\'s final went out: an upload then reached no report, and the page said "verwerkt"', async () => {
    const { w, deps, link, page, file, values } = await prepare();
    if (page.state !== 'open') throw new Error('closed');
    const before = await values();
    w.data.runs.set('2026-09-final', { runId: '2026-09-final', period: '2026-09', kind: 'final', status: 'completed', startedAt: '2026-11-20T07:00:00.000Z' });
    const closed = { state: 'refused', message: expect.stringMatching(/^Het rapport over september–oktober 2026 is al definitief verstuurd; een aanlevering wordt niet meer verwerkt\. Er is niets vastgelegd\. Heeft u een correctie, neem dan contact op met .+ \(.+@.+\)\.$/) };
    expect(await openUploadPage(link, deps)).toEqual(closed);
    expect(await submitUpload(link, file('gemeente;indicator;maand;waarde\nTiel;dagbesteding;2026-09;41\n'), deps)).toEqual(closed);
    expect(await uploadTemplate(link, deps)).toEqual({ message: closed.message });
    expect(await values()).toEqual(before);
    expect(await w.recipientStore.history()).toEqual([]);
    expect(w.mailer.sent).toEqual([]);
  });

  it('refuses a changed link, an expired one, a forged form and a removed aanleveraar, recording nothing', async () => {
    const { w, deps, link, file, values } = await prepare();
    const before = await values();
    const good = 'gemeente;indicator;maand;waarde\nTiel;dagbesteding;2026-09;41\n';
    const changed = `${link.slice(0, 12)}${link[12] === 'A' ? 'B' : 'A'}${link.slice(13)}`;
    expect(await submitUpload(changed, file(good), deps)).toMatchObject({ state: 'refused', message: expect.stringContaining('niet geldig') });
    expect(await submitUpload(link, { ...file(good), formToken: 'vals' }, deps)).toMatchObject({ state: 'refused', message: expect.stringContaining('niet via uw persoonlijke link') });
    w.clock.set('2026-12-07T08:00:00Z');
    expect(await openUploadPage(link, deps)).toMatchObject({ state: 'refused', message: expect.stringContaining('verlopen') });
    w.clock.set('2026-11-09T07:00:00Z');
    const current = await w.store.organisation();
    if (!current) throw new Error('no organisation');
    const without = { ...current.config, municipalities: current.config.municipalities.map((m) => (m.name === 'Tiel' ? { ...m, suppliers: ['nieuw@tiel.example'] } : m)) };
    await w.store.applyOrganisation(without, current.version, { at: '2026-11-09T06:00:00Z', by: 'test' });
    expect(await submitUpload(link, file(good), deps)).toMatchObject({ state: 'refused', message: expect.stringContaining('niet (meer) als aanleveraar van Tiel') });
    expect(await values()).toEqual(before);
    expect(await w.recipientStore.history()).toEqual([]);
    expect(w.mailer.sent).toEqual([]);
  });
});
