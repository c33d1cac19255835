import { simpleParser } from 'mailparser';
import { createHash } from 'node:crypto';
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
    expect(mail?.text).toContain('aanlevering Tiel september–oktober 2026 geweigerd\nBeste aanleveraar,');
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

describe('what the aanleveraar reads back, and links that no longer lead anywhere', () => {
  const csv = (...rows: string[]) => ['gemeente;indicator;maand;waarde', ...rows].join('\n');

  it('mails the whole check of an accepted file: what changed from what, no warning section, signed by the contact', async () => {
    const { w, deps, link, file, page } = await prepare();
    if (page.state !== 'open') throw new Error('closed');
    expect(page.asked[0]?.months.map((m) => [m.month, m.current])).toEqual([['2026-09', 47], ['2026-10', 54]]);
    const after = await submitUpload(link, file(csv('Tiel;dagbesteding;2026-09;41', 'Tiel;dagbesteding;2026-10;42')), deps);
    // The page shows the values now in force, month by month, beside last period's.
    expect(after.state === 'open' && after.asked[0]?.months.map((m) => [m.month, m.current])).toEqual([['2026-09', 41], ['2026-10', 42]]);
    expect(after.state === 'open' && after.asked[0]?.lastPeriod.map((m) => [m.month, m.value])).toEqual([['2026-07', 55], ['2026-08', 53]]);
    const [mail] = await mailTo(w, SUPPLIER);
    expect(mail?.text.trim()).toBe(
      [
        'Werkzaak Rivierenland: aanlevering Tiel september–oktober 2026 ontvangen',
        'Beste aanleveraar,',
        '',
        'Wij hebben de aanlevering van Tiel over september–oktober 2026 (tiel.csv) ontvangen en verwerkt: 0 nieuw, 2 gewijzigd, 0 ongewijzigd.',
        '',
        'Gewijzigd:',
        '- dagbesteding 2026-09: 47 → 41',
        '- dagbesteding 2026-10: 54 → 42',
        '',
        'Met vriendelijke groet,',
        w.organisation.config.contact.name,
        w.organisation.config.contact.role,
        'Werkzaak Rivierenland',
      ].join('\n'),
    );
    expect(after.state === 'open' && after.outcome).toEqual({ accepted: true, source: 'tiel.csv', counts: { rows: 2, new: 0, changed: 2, unchanged: 0 }, changes: ['dagbesteding 2026-09: 47 → 41', 'dagbesteding 2026-10: 54 → 42'], flags: [] });
    // To the aanleveraar alone, nobody copied, nothing attached.
    const parsed = await simpleParser(Buffer.from(w.mailer.sent[0]?.raw ?? []));
    expect([parsed.cc, parsed.attachments]).toEqual([undefined, []]);
    // The import names the municipality and the file it came from.
    expect([...w.data.imports.values()].map((r) => r.source)).toContain('Tiel: tiel.csv');
  });

  it('mails no "Gewijzigd" list when every value was already in force, and shows the warning with its values', async () => {
    const { w, deps, link, file } = await prepare();
    await submitUpload(link, file(csv('Tiel;dagbesteding;2026-09;47', 'Tiel;dagbesteding;2026-10;54')), deps);
    await submitUpload(link, file(csv('Tiel;dagbesteding;2026-09;4000')), deps);
    const [same, far] = await mailTo(w, SUPPLIER);
    expect(same?.text).toContain('ontvangen en verwerkt: 0 nieuw, 0 gewijzigd, 2 ongewijzigd.\n\nMet vriendelijke groet,');
    expect(far?.text).toMatch(
      /verwerkt: 0 nieuw, 1 gewijzigd, 0 ongewijzigd\.\n\nGewijzigd:\n- dagbesteding 2026-09: 47 → 4\.000\n\nLet op, deze waarden wijken sterk af van de vorige periode \(ze zijn wel verwerkt\):\n- Inwoners in arbeidsmatige dagbesteding, september 2026: 4\.000 is meer dan drie keer 53 \(augustus 2026\); klopt dit\?[^\n]*\n\nMet vriendelijke groet,/,
    );
  });

  it('shows a period without figures yet as empty fields and mails the first values as new', async () => {
    const { w, deps } = await prepare();
    const link = deliveryLink(key, { email: SUPPLIER, municipality: 'Tiel', period: parsePeriod('2026-11'), expiresAt: new Date('2027-01-06T23:00:00Z') });
    const page = await openUploadPage(link, deps);
    if (page.state !== 'open') throw new Error(page.message);
    expect(page.asked[0]?.months.map((m) => ['current' in m, m.label])).toEqual([[false, 'november 2026'], [false, 'december 2026']]);
    expect(page.asked[0]?.lastPeriod.map((m) => [m.label, m.value])).toEqual([['september 2026', 47], ['oktober 2026', 54]]);
    const after = await submitUpload(link, { formToken: page.formToken, file: { name: 'nov.csv', bytes: new TextEncoder().encode(csv('Tiel;dagbesteding;2026-11;1234')) }, field: () => '' }, deps);
    expect(after.state === 'open' && after.outcome).toMatchObject({ accepted: true, changes: ['dagbesteding 2026-11: nieuw 1.234'] });
    expect((await mailTo(w, SUPPLIER))[0]?.text).toContain('Gewijzigd:\n- dagbesteding 2026-11: nieuw 1.234\n');
  });

  it('names the file without the folders the browser sent, and a nameless one "bestand.csv"', async () => {
    const { deps, link, file } = await prepare();
    const withPath = await submitUpload(link, file(csv('Tiel;dagbesteding;2026-09;41'), 'C:\\Users\\piet\\Documenten/tiel-sept.csv'), deps);
    expect(withPath.state === 'open' && withPath.outcome?.source).toBe('tiel-sept.csv');
    const nameless = await submitUpload(link, file(csv('Tiel;dagbesteding;2026-09;41'), ''), deps);
    expect(nameless.state === 'open' && nameless.outcome?.source).toBe('bestand.csv');
  });

  it('lists the first hundred problems of a file full of faults and counts the rest, rows with the same fault counted each', async () => {
    const { w, deps, link, file } = await prepare();
    const rows = [...Array.from({ length: 3 }, () => 'Tiel;dagbesteding;2026-09;abc'), ...Array.from({ length: 105 }, (_, i) => `Tiel;dagbesteding;2026-09;x${i}`)];
    const page = await submitUpload(link, file(csv(...rows)), deps);
    const problems = page.state === 'open' && page.outcome?.accepted === false ? page.outcome.problems : [];
    // 108 faults: one line for rows 2–4, 99 lines of one row each, and the 6 not listed.
    expect(problems).toHaveLength(101);
    expect(problems[0]).toBe('rijen 2–4, kolom waarde: "abc" is geen getal (schrijf 1234,5 of 1.234,5 of 1234.5)');
    expect(problems.at(-1)).toBe('… en nog 6 fouten');
    expect((await mailTo(w, SUPPLIER))[0]?.text).toContain('\n- … en nog 6 fouten\n');
  });

  it('refuses a page with nothing typed in, keeps a typed value to 40 characters, and fingerprints typed values by what they are', async () => {
    const { w, deps, link, page, values } = await prepare();
    if (page.state !== 'open') throw new Error('closed');
    const before = await values();
    const typed = (fields: Record<string, string>) => ({ formToken: page.formToken, field: (name: string) => fields[name] ?? '' });
    const empty = await submitUpload(link, typed({}), deps);
    expect(empty.state === 'open' && empty.outcome).toEqual({ accepted: false, source: 'ingevuld op de pagina', problems: ['er is geen enkele waarde ingevuld; vul de waarden in of kies een bestand'], fields: [] });
    const long = await submitUpload(link, typed({ 'waarde-dagbesteding-2026-09': 'x'.repeat(50) }), deps);
    expect(long.state === 'open' && long.typed?.['waarde-dagbesteding-2026-09']).toBe('x'.repeat(40));
    expect(await values()).toEqual(before);
    await submitUpload(link, typed({ 'waarde-dagbesteding-2026-09': '55', 'waarde-dagbesteding-2026-10': '56' }), deps);
    const fingerprint = createHash('sha256').update('Tiel;dagbesteding;2026-09;55\nTiel;dagbesteding;2026-10;56').digest('hex');
    expect((await w.recipientStore.history())[0]?.detail).toContain(`ingevuld op de pagina (SHA-256 ${fingerprint})`);
  });

  it('refuses a link whose municipality left the organisation, or that asks nothing of it any more, or whose period no longer exists', async () => {
    const { w, deps, link, values } = await prepare();
    const before = await values();
    const current = await w.store.organisation();
    if (!current) throw new Error('no organisation');
    const apply = async (config: typeof current.config) => {
      const now = await w.store.organisation();
      await w.store.applyOrganisation(config, now?.version ?? null, { at: '2026-11-09T06:00:00Z', by: 'test' });
    };
    await apply({ ...current.config, indicators: current.config.indicators.map((i) => (i.source === 'municipality' ? { ...i, source: 'organisation' as const } : i)) });
    expect(await openUploadPage(link, deps)).toEqual({ state: 'refused', message: 'Er wordt van Tiel niets meer gevraagd: geen indicator heeft nog bron: gemeente. Er is niets vastgelegd.' });
    await apply({ ...current.config, periodLength: 3 });
    expect(await openUploadPage(link, deps)).toEqual({ state: 'refused', message: 'Deze link hoort bij een periode die de organisatie niet meer kent. Er is niets vastgelegd.' });
    await apply({ ...current.config, municipalities: current.config.municipalities.filter((m) => m.name !== 'Tiel') });
    expect(await openUploadPage(link, deps)).toEqual({ state: 'refused', message: 'Deze link werkt niet meer: u staat niet (meer) als aanleveraar van Tiel in het organisatiebestand. Er is niets vastgelegd.' });
    expect(await values()).toEqual(before);
    expect(w.mailer.sent).toEqual([]);
  });
});

describe('the edges of a delivery link', () => {
  it('writes the values of an indicator counted in decimals with one decimal in the mail', async () => {
    const { w, deps, link, file } = await prepare();
    const current = await w.store.organisation();
    if (!current) throw new Error('no organisation');
    const indicators = current.config.indicators.map((i) => (i.id === 'dagbesteding' ? { ...i, unit: 'percentage' as const } : i));
    await w.store.applyOrganisation({ ...current.config, indicators }, current.version, { at: '2026-11-09T06:00:00Z', by: 'test' });
    await submitUpload(link, file('gemeente;indicator;maand;waarde\nTiel;dagbesteding;2026-09;41,5\n'), deps);
    expect((await mailTo(w, SUPPLIER))[0]?.text).toContain('\n- dagbesteding 2026-09: 47,0 → 41,5\n');
  });

  it('keeps a long file name to 200 characters', async () => {
    const { deps, link, file } = await prepare();
    const page = await submitUpload(link, file('gemeente;indicator;maand;waarde\nTiel;dagbesteding;2026-09;41\n', `${'a'.repeat(250)}.csv`), deps);
    expect(page.state === 'open' && page.outcome?.source).toBe('a'.repeat(200));
  });

  it('refuses a link while no organisation is in force, or whose municipality lists no aanleveraars', async () => {
    const { w, deps, link } = await prepare();
    const current = await w.store.organisation();
    if (!current) throw new Error('no organisation');
    const refused = { state: 'refused', message: 'Deze link werkt niet meer: u staat niet (meer) als aanleveraar van Tiel in het organisatiebestand. Er is niets vastgelegd.' };
    const municipalities = current.config.municipalities.map(({ suppliers, ...m }) => (m.name === 'Tiel' ? m : { ...m, ...(suppliers ? { suppliers } : {}) }));
    await w.store.applyOrganisation({ ...current.config, municipalities }, current.version, { at: '2026-11-09T06:00:00Z', by: 'test' });
    expect(await openUploadPage(link, deps)).toEqual(refused);
    w.data.organisation.current = null;
    expect(await openUploadPage(link, deps)).toEqual(refused);
  });
});
