import { afterAll, describe, expect, it } from 'vitest';
import { launchPrinter } from '../../functions/adapters/chromium-printer';
import { InMemoryPrinter } from '../../functions/adapters/memory';
import { countPdfPages } from '../../functions/usecases/run-report';
import type { Printer } from '../../functions/usecases/ports';

const printers: Printer[] = [];
afterAll(async () => {
  await Promise.all(printers.map((p) => p.close()));
});
const subjects: { name: string; make(): Promise<Printer> }[] = [
  { name: 'in memory', make: async () => new InMemoryPrinter() },
  {
    name: 'Chromium',
    make: async () => {
      const printer = await launchPrinter({ pages: 1 });
      printers.push(printer);
      return printer;
    },
  },
];

const SHELL = '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Rapportage</title></head><body><h1>Werkzaak</h1><div id="document-part"></div></body></html>';
const part = (key: string, title: string) => ({ key, title, html: `<section data-document-part="${key}"><h2>${title}</h2><p>Cijfers van ${key}.</p></section>` });
const isPdf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';

describe.each(subjects)('Printer: $name', ({ make }) => {
  it('prints each part in the shell as a PDF of its own, and a whole document', async () => {
    // Prepare
    const printer = await make();
    // Act
    const tiel = await printer.printPart(SHELL, part('tiel', 'Rapportage Tiel'));
    const buren = await printer.printPart(SHELL, part('buren', 'Rapportage Buren'));
    const whole = await printer.print(SHELL.replace('<div id="document-part"></div>', '<p>Alles in één.</p>'));
    // Assess
    expect([isPdf(tiel), isPdf(buren), isPdf(whole)]).toEqual([true, true, true]);
    expect([countPdfPages(tiel), countPdfPages(buren), countPdfPages(whole)]).toEqual([1, 1, 1]);
    expect(Buffer.from(tiel).equals(Buffer.from(buren))).toBe(false);
  });

  it('refuses a part that does not name itself, and a shell without a slot', async () => {
    // Prepare
    const printer = await make();
    // Act
    const unnamed = printer.printPart(SHELL, { key: 'tiel', title: 'Tiel', html: '<section><p>Wie ben ik?</p></section>' });
    const noSlot = printer.printPart('<!doctype html><html lang="nl"><body><p>geen plek</p></body></html>', part('tiel', 'Tiel'));
    // Assess
    await expect(unnamed).rejects.toThrow();
    await expect(noSlot).rejects.toThrow();
  });
});
