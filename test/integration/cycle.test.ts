import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveStore, archiveKeys } from '../../functions/adapters/s3-archive';
import { monthsEndingWith, parsePeriod } from '../../functions/core/periods';
import { HISTORY_MONTHS } from '../../functions/core/report-model';
import { sampleFigures, sampleRecipients } from '../../functions/local/sample-data';
import { slug } from '../../functions/core/slug';
import { DEMO_ORGANISATION_FILE, demoOrganisation } from '../../functions/local/demo-data';
import { type TestStack, addresses, clearSesStore, pdfText, runCli, sesStore, startTestStack } from '../support/test-stack';

const organisation = demoOrganisation();
const participating = organisation.municipalities.filter((m) => !m.optedOut).map((m) => m.name);
const recipients = sampleRecipients(organisation);
const reviewers = recipients.filter((r) => r.role === 'reviewer').map((r) => r.email).sort();
const administrators = [...organisation.administrators].sort();
const period = parsePeriod('2026-09');
const figures = sampleFigures(organisation, monthsEndingWith(period, HISTORY_MONTHS));
const gap = { municipality: 'Tiel', indicator: 'instroom', month: '2026-10' };
const isGap = (f: { municipality: string; indicator: string; month: string }) => f.municipality === gap.municipality && f.indicator === gap.indicator && f.month === gap.month;

/**
 * One period driven through `cycle --today` as a werkbedrijf lives it, against the real emulators:
 * figures late, a notice, the concept, a figure changed after it and a refused release, the change
 * withdrawn, the reminder, the release, and reruns that send nothing.
 */
describe('the cycle of september–oktober 2026, day by day', () => {
  let stack: TestStack;
  let archive: ArchiveStore;
  const cli = (...args: string[]) => runCli(args, { ...stack.env, USER: 'tester' });
  const file = (name: string, text: string) => {
    const target = path.join(stack.dir, name);
    writeFileSync(target, text);
    return target;
  };
  const csv = (rows: readonly { municipality: string; indicator: string; month: string; value: number }[]) =>
    `gemeente;indicator;maand;waarde\n${rows.map((f) => `${f.municipality};${f.indicator};${f.month};${String(f.value).replace('.', ',')}`).join('\n')}\n`;
  const mailsTo = async (predicate: (to: string[]) => boolean) => (await sesStore(stack)).filter((m) => predicate(addresses(m.destination.to)));

  beforeAll(async () => {
    stack = await startTestStack('rb-cycle');
    archive = new ArchiveStore(stack.names.archiveBucket);
    const applied = await cli('organisation', 'apply', DEMO_ORGANISATION_FILE);
    expect(applied.code, applied.stderr).toBe(0);
    const list = file('ontvangers.csv', `gemeente;rol;naam;email\n${recipients.map((r) => `${r.municipality ?? ''};${r.role};${r.name};${r.email}`).join('\n')}\n`);
    const imported = await cli('recipients', 'import', list);
    expect(imported.code, imported.stderr).toBe(0);
    const loaded = await cli('import', file('cijfers.csv', csv(figures.filter((f) => !isGap(f)))));
    expect(loaded.code, loaded.stderr).toBe(0);
    await clearSesStore(stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('sends nothing before the data deadline, and says what is missing', async () => {
    const step = await cli('cycle', '--today', '2026-11-04');
    expect(step.code, step.stderr).toBe(0);
    expect(step.stdout).toContain('wacht op gegevens');
    expect(step.stdout).toContain('de termijn is 06-11-2026');
    expect(await sesStore(stack)).toEqual([]);
  });

  it('sends the beheerders one notice a working day naming the gap, and nothing to AB-leden or reviewers', async () => {
    const first = await cli('cycle', '--today', '2026-11-09');
    expect(first.code, first.stderr).toBe(0);
    const second = await cli('cycle', '--today', '2026-11-09');
    expect(second.stdout).toContain('de melding van vandaag is al verstuurd');
    const mails = await sesStore(stack);
    expect(mails).toHaveLength(1);
    expect(addresses(mails[0]?.destination.to ?? [])).toEqual(administrators);
    expect(mails[0]?.body.text).toContain('Tiel · instroom · 2026-10');
    expect(mails[0]?.body.text).toContain('Er ontbreekt 1 waarde');
  });

  it('sends the concept to the reviewers once the figures are complete, one mail per municipality', async () => {
    const missing = figures.find(isGap);
    expect((await cli('import', file('aanvulling.csv', csv(missing ? [missing] : [])))).code).toBe(0);
    await clearSesStore(stack);
    const step = await cli('cycle', '--today', '2026-11-10');
    expect(step.code, step.stderr).toBe(0);
    expect(step.stdout).toContain('2026-09-concept-1 naar de reviewers');
    const again = await cli('cycle', '--today', '2026-11-10');
    expect(again.code, again.stderr).toBe(0);

    const toReviewers = await mailsTo((to) => to.join() === reviewers.join());
    expect(toReviewers).toHaveLength(participating.length);
    for (const municipality of participating) expect(toReviewers.filter((m) => m.subject.startsWith('CONCEPT') && m.subject.includes(municipality))).toHaveLength(1);
    const notices = await mailsTo((to) => to.join() === administrators.join());
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body.text).toContain('De review loopt tot en met dinsdag 17 november 2026');
  });

  it('refuses to release a concept whose figures changed since, naming the change, and sends nothing; with the value back it may go', async () => {
    const changed = figures.find((f) => f.municipality === 'West Betuwe' && f.indicator === 'bijstand' && f.month === '2026-10');
    if (!changed) throw new Error('the demo has no West Betuwe bijstand in 2026-10');
    expect((await cli('import', file('correctie.csv', csv([{ ...changed, value: 9999 }])))).code).toBe(0);
    await clearSesStore(stack);

    const release = await cli('release', '2026-09-concept-1');
    expect(release.code).toBe(1);
    expect(release.stderr).toContain(`West Betuwe · bijstand · 2026-10: ${new Intl.NumberFormat('nl-NL').format(changed.value)} → 9.999`);
    expect(release.stderr).not.toMatch(/^\s+at /m);
    expect(await sesStore(stack)).toEqual([]);
    // The correction withdrawn: the figures are the concept's again, and the cycle keeps this concept.
    // (A new concept at the next step when a change stays is tested on the use case: test/usecases/cycle.test.ts.)
    expect((await cli('import', file('terug.csv', csv([changed])))).code).toBe(0);
    const step = await cli('cycle', '--today', '2026-11-11');
    expect(step.code, step.stderr).toBe(0);
    expect(step.stdout).toContain('bij de reviewers tot en met 17-11-2026');
    expect(await sesStore(stack)).toEqual([]);
  });

  it('reminds the beheerders once when the review days are over and the release is by hand', async () => {
    await clearSesStore(stack);
    expect((await cli('cycle', '--today', '2026-11-17')).stdout).toContain('bij de reviewers tot en met 17-11-2026');
    expect(await sesStore(stack)).toEqual([]);
    await cli('cycle', '--today', '2026-11-18');
    await cli('cycle', '--today', '2026-11-18');
    const reminders = await sesStore(stack);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.subject).toContain('wacht op vrijgave');
    expect(reminders[0]?.body.text).toContain('rapportbode release 2026-09-concept-1');
  });

  // Holding and freeing a period through the CLI is the local-map journey (test/integration/local-map.test.ts);
  // a held period refuses its release, naming who holds it, in test/usecases/release.test.ts.

  it('releases exactly what the reviewers saw: every final PDF has its concept text, only the CONCEPT mark differs', async () => {
    await clearSesStore(stack);
    const release = await cli('release', '2026-09-concept-1', '--door', 'j.jansen');
    expect(release.code, release.stderr).toBe(0);
    const finals = await mailsTo((to) => to.every((a) => recipients.some((r) => r.email === a && r.role === 'ab-lid')));
    expect(finals).toHaveLength(participating.length);
    for (const municipality of participating) {
      const concept = await pdfText(await archive.get(archiveKeys.pdf('2026-09-concept-1', slug(municipality))));
      const final = await pdfText(await archive.get(archiveKeys.pdf('2026-09-final', slug(municipality))));
      expect(final.text).not.toContain('CONCEPT');
      expect(final.pages).toBe(concept.pages);
      // Page headers are the same text on every page; compare the body.
      const body = (text: string) => text.replace(/pagina \d+ van \d+[^·]*· [a-z]+–[a-z]+ \d{4} ?/g, '').replace(/CONCEPT – ter bespreking, niet verspreiden ?|Definitieve versie ?|CONCEPT ?/g, '');
      expect(body(final.text)).toBe(body(concept.text));
    }
    // Locally every mail sent is kept once, per run, where the command says: named by municipality, its PDF beside it.
    const outbox = path.join(stack.dir, 'outbox', '2026-09-final');
    expect(release.stdout).toContain(`Verzonden mails (.eml, met de PDF ernaast): ${outbox}`);
    expect(readdirSync(outbox).sort()).toEqual(participating.flatMap((m) => [`${slug(m)}.eml`, `${slug(m)}.pdf`]).sort());
    const tiel = await pdfText(readFileSync(path.join(outbox, 'tiel.pdf')));
    expect(tiel.text).toContain('Gemeentespecifieke paragraaf Tiel');
  });

  it('then sends nothing more: a rerun, a second release, the next cycle step', async () => {
    await clearSesStore(stack);
    expect((await cli('release', '2026-09-concept-1')).stdout).toContain('is al als definitieve versie verstuurd');
    const step = await cli('cycle', '--today', '2026-11-20');
    expect(step.stdout).toContain('vrijgegeven');
    expect(await sesStore(stack)).toEqual([]);

    const status = JSON.parse((await cli('cycle', 'status', '--json', '--today', '2026-11-20')).stdout) as { periods: { period: string; state: string; releasedBy?: string; conceptRunId?: string }[] };
    expect(status.periods.find((p) => p.period === '2026-09')).toMatchObject({ state: 'vrijgegeven', releasedBy: 'j.jansen', conceptRunId: '2026-09-concept-1' });
  });
});
