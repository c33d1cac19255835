import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Jimp, JimpMime } from 'jimp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageRecord } from '../../functions/core/report-images';
import { loadDemo, testOrganisation } from '../support/organisation';
import { pdfImages } from '../support/pdf-images';
import { type CliResult, type StoredMail, type TestStack, pdfText, runCli, scanTable, sesStore, startTestStack } from '../support/test-stack';

const period = { year: 2026, firstMonth: 9, length: 2 } as const;
const participating = testOrganisation().municipalities.filter((m) => !m.optedOut).map((m) => m.name);
const ORGANISATION_SOURCE = 'Intern dashboard klantenbestand, oktober 2026';
const WIDE_SOURCE = 'Divosa-benchmark, rapport juni 2026';
const TIEL_SOURCE = 'Wijkmonitor, peildatum 1 oktober 2026';

async function png(width: number, height: number, color: number): Promise<Buffer> {
  return new Jimp({ width, height, color }).getBuffer(JimpMime.png);
}

/**
 * `rapportbode images` against the real emulators and a real Chromium, as an operator uses it:
 * the demo organisation is loaded, images are added (one organisation-wide, one far too wide,
 * one for Tiel alone), the period is run, and the mails are read from the SES emulator's store.
 * The refusals come first and find no image; the rest share the images a beforeAll adds.
 */
describe('images in the report: add, list, run, remove', () => {
  let stack: TestStack;
  let s3: S3Client;
  const cli = (...args: string[]) => runCli([...args, '--dir', path.join(stack.dir, 'work')], { ...stack.env, USER: 'tester' });
  const file = (name: string) => path.join(stack.dir, name);
  const imageKeys = async () =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: stack.names.archiveBucket, Prefix: 'images/' }))).Contents ?? []).map((o) => o.Key).sort();
  const records = async () => JSON.parse((await cli('images', 'list', '--period', '2026-09', '--json')).stdout) as ImageRecord[];

  beforeAll(async () => {
    stack = await startTestStack('rb-img');
    s3 = new S3Client({ forcePathStyle: true });
    await loadDemo(stack.names.tableName, period);
    writeFileSync(file('dashboard.png'), await png(400, 300, 0x01689bff));
    writeFileSync(file('breed.png'), await png(3000, 2000, 0xb3261eff));
    writeFileSync(file('tiel.png'), await png(300, 200, 0x00734dff));
    writeFileSync(file('rapport.png'), '%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
    writeFileSync(file('notities.png'), 'Dit is geen afbeelding.\n');
  });

  afterAll(async () => {
    s3?.destroy();
    await stack?.close();
  });

  it('refuses a PDF or a text file named .png with a clear error, and writes nothing', async () => {
    // Prepare
    const before = await scanTable(stack.names.tableName);
    // Act
    const pdf = await cli('images', 'add', '--period', '2026-09', '--sectie', 'kerngetallen', '--alt', 'Rapport', '--bron', 'Divosa', file('rapport.png'));
    const text = await cli('images', 'add', '--period', '2026-09', '--gemeente', 'Tiel', '--alt', 'Notities', '--bron', 'Team', file('notities.png'));
    // Assess
    expect(pdf.code).toBe(1);
    expect(pdf.stderr).toContain('rapportbode: de afbeelding is niet toegevoegd:\n  rapport.png is geen PNG- of JPEG-afbeelding (beoordeeld op de inhoud, niet op de naam)');
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('notities.png is geen PNG- of JPEG-afbeelding');
    expect(await scanTable(stack.names.tableName)).toEqual(before);
    expect(await imageKeys()).toEqual([]);
  });

  it('refuses an unknown section, an unknown municipality and an empty alt text together', async () => {
    const before = await scanTable(stack.names.tableName);
    const refused = await cli('images', 'add', '--period', '2026-09', '--sectie', 'financien', '--gemeente', 'Utrecht', '--alt', ' ', '--bron', 'x', file('dashboard.png'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--sectie: kies uit kerngetallen, doelen, benchmark, toelichting, grafieken, gemeente');
    expect(refused.stderr).toContain('--alt (de tekst die wordt voorgelezen in plaats van de afbeelding) is leeg');
    expect(refused.stderr).toContain('--gemeente: "Utrecht" is geen gemeente van de organisatie');
    expect(await scanTable(stack.names.tableName)).toEqual(before);
  });

  // The run and the removal need the images: added in this describe's beforeAll, so each test runs alone (-t).
  describe('with three images added: one for the organisation, one far too wide, one for Tiel alone', () => {
    let added: { organisation: CliResult; wide: CliResult; tiel: CliResult };

    beforeAll(async () => {
      // Act
      added = {
        organisation: await cli('images', 'add', '--period', '2026-09', '--sectie', 'kerngetallen', '--alt', 'Dashboard met het klantenbestand per maand', '--bron', ORGANISATION_SOURCE, file('dashboard.png')),
        wide: await cli('images', 'add', '--period', '2026-09', '--sectie', 'benchmark', '--alt', 'Uitstroom naar werk in de Divosa-benchmark', '--bron', WIDE_SOURCE, '--door', 'j.jansen', file('breed.png')),
        tiel: await cli('images', 'add', '--period', '2026-09', '--gemeente', 'tiel', '--alt', 'Kaart van de wijken met de meeste instroom', '--bron', TIEL_SOURCE, file('tiel.png')),
      };
    });

    it('adds an organisation image, scales one that is too wide and says so, and adds one for Tiel alone', async () => {
      // Assess: what each add said, and the list it left
      const { organisation, wide, tiel } = added;
      const list = await records();
      expect(organisation.code, organisation.stderr).toBe(0);
      expect(organisation.stdout).toMatch(/^Afbeelding [0-9a-f]{8} toegevoegd aan september–oktober 2026 \(2026-09\), sectie kerngetallen: 400×300 PNG/);
      expect(organisation.stdout).not.toContain('Verkleind');
      expect(wide.code, wide.stderr).toBe(0);
      expect(wide.stdout).toContain('Verkleind van 3000×2000 tot 1600×1067, zodat hij op de pagina past.');
      expect(tiel.code, tiel.stderr).toBe(0);
      expect(tiel.stdout).toContain('de alinea van Tiel: 300×200 PNG');
      expect(list.map((r) => [r.section, r.municipality, r.width, r.height, r.source, r.addedBy])).toEqual([
        ['kerngetallen', null, 400, 300, ORGANISATION_SOURCE, 'tester'],
        ['benchmark', null, 1600, 1067, WIDE_SOURCE, 'j.jansen'],
        ['gemeente', 'Tiel', 300, 200, TIEL_SOURCE, 'tester'],
      ]);
      expect(await imageKeys()).toEqual(list.map((r) => `images/2026-09/${r.id}.png`).sort());
    });

    describe('the run of 2026-09', () => {
      let run: Awaited<ReturnType<typeof runCli>>;
      let mails: StoredMail[];
      const pdfOf = (municipality: string) => {
        const mail = mails.find((m) => m.subject.includes(` – ${municipality} – `));
        const attachment = mail?.attachments.find((a) => a.contentType === 'application/pdf');
        if (!attachment) throw new Error(`no PDF for ${municipality}`);
        return Buffer.from(attachment.content, 'base64');
      };

      beforeAll(async () => {
        // The images are checked in the final's PDFs; no concept was reviewed here.
        run = await cli('run', '--period', '2026-09', '--zonder-concept', '--reden', 'test van de afbeeldingen');
        mails = await sesStore(stack);
      });

      it('completes and mails every participating municipality', () => {
        expect(run.stderr).not.toMatch(/rapportbode: /);
        expect(run.code).toBe(0);
        expect(mails).toHaveLength(participating.length);
      });

      it.each(participating)('prints the organisation images with their sources in the report of %s, and Tiel’s image only in Tiel’s', async (municipality) => {
        const pdf = pdfOf(municipality);
        const { text } = await pdfText(pdf);
        expect(text).toContain(`Bron: ${ORGANISATION_SOURCE}`);
        expect(text).toContain(`Bron: ${WIDE_SOURCE}`);
        const images = await pdfImages(pdf);
        expect(images).toContainEqual(expect.objectContaining({ width: 400, height: 300 }));
        expect(images).toContainEqual(expect.objectContaining({ width: 1600, height: 1067 }));
        if (municipality === 'Tiel') {
          expect(text).toContain(`Bron: ${TIEL_SOURCE}`);
          expect(images).toHaveLength(3);
        } else {
          expect(text).not.toContain(TIEL_SOURCE);
          expect(images).toHaveLength(2);
        }
      });
    });

    it('removes an image from the period: record and file', async () => {
      // Prepare
      const tiel = (await records()).find((r) => r.municipality === 'Tiel');
      // Act
      const removed = await cli('images', 'remove', '--period', '2026-09', '--id', tiel?.id ?? '');
      const again = await cli('images', 'remove', '--period', '2026-09', '--id', tiel?.id ?? '');
      // Assess
      expect(removed.code, removed.stderr).toBe(0);
      expect(removed.stdout).toContain(`Afbeelding ${tiel?.id} verwijderd uit september–oktober 2026 (2026-09).`);
      expect((await records()).map((r) => r.municipality)).toEqual([null, null]);
      expect(await imageKeys()).not.toContain(tiel?.key);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`2026-09 heeft geen afbeelding ${tiel?.id}`);
    });
  });
});
