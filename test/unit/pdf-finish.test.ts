import { describe, expect, it } from 'vitest';
import { PDFDict, PDFDocument, PDFName, type PDFRawStream } from '@cantoo/pdf-lib';
import { sourceSansTrueType } from '../../functions/adapters/fonts';
import { finishPdf, undoubled } from '../../functions/adapters/pdf-finish';
import { countPdfPages } from '../../functions/usecases/run-report';
import { contentMarking, outlineTitles, xmpMetadata } from '../pdf/pdf-inspect';

/** A small PDF written the way Chromium (Skia) writes one: plain objects and a classic xref table. */
function skiaLikePdf(pages: number, outlineTitle: string): Buffer {
  const utf16 = (text: string) => `<FEFF${Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
  const objects: string[] = [];
  const pageRefs = Array.from({ length: pages }, (_, i) => 10 + 2 * i);
  objects[1] = `<</Title ${utf16('Rapport')}>>`;
  objects[2] = `<</Type /Pages\n/Count ${pages}\n/Kids [${pageRefs.map((r) => `${r} 0 R`).join(' ')}]>>`;
  objects[3] = '<</Type /Outlines\n/First 4 0 R\n/Last 4 0 R\n/Count 1>>';
  // The title last, its hex string's ">" right before the dictionary's ">>".
  objects[4] = `<</Parent 3 0 R\n/Dest [10 0 R /XYZ 0 800 0]\n/Title ${utf16(outlineTitle)}>>`;
  objects[5] = '<</Type /Catalog\n/Pages 2 0 R\n/Outlines 3 0 R\n/Lang (nl)>>';
  for (const [i, ref] of pageRefs.entries()) {
    objects[ref] = `<</Type /Page\n/Resources <</Font <</F1 6 0 R>>>>\n/MediaBox [0 0 594.95996 841.91998]\n/Contents ${ref + 1} 0 R\n/Parent 2 0 R>>`;
    const content = `/P <</MCID 0 >>BDC\nBT /F1 12 Tf 72 720 Td (Pagina ${i + 1}) Tj ET\nEMC\n`;
    objects[ref + 1] = `<</Length ${content.length}>> stream\n${content}\nendstream`;
  }
  objects[6] = '<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>';
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const [n, body] of objects.entries()) {
    if (!body) continue;
    offsets[n] = out.length;
    out += `${n} 0 obj\n${body}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let n = 1; n < objects.length; n++) out += offsets[n] === undefined ? '0000000000 65535 f \n' : `${String(offsets[n]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<</Size ${objects.length}\n/Root 5 0 R\n/Info 1 0 R>>\nstartxref\n${xref}\n%%EOF`;
  return Buffer.from(out, 'latin1');
}

describe('finishing a printed PDF', () => {
  it('packs every object but streams and pages into compressed object streams, readable through a cross-reference stream', async () => {
    // Prepare
    const original = skiaLikePdf(2, 'Grafieken');
    // Act
    const finished = finishPdf(original, { title: 'Rapport', language: 'nl', footer: 'Werkbedrijf · september–oktober 2026' });
    // Assess
    const raw = Buffer.from(finished).toString('latin1');
    expect(raw).toMatch(/\/Type \/ObjStm/);
    expect(raw).toMatch(/\/Type \/XRef[^]*startxref\s+\d+\s+%%EOF\s*$/);
    // The catalog and the outline are compressed: their keys are no longer in the bytes.
    expect(raw).not.toContain('/Type /Catalog');
    expect(raw).not.toContain('/Outlines');
    expect(await outlineTitles(finished)).toEqual(['Grafieken']);
    // Pages stay plain objects: the run counts them in the bytes.
    expect(countPdfPages(finished)).toBe(2);
  });

  it('embeds only the glyphs of the footer, as a subset of Source Sans 3', async () => {
    // Act
    const finished = finishPdf(skiaLikePdf(2, 'Kop'), { title: 'Rapport', footer: 'Werkbedrijf · september–oktober 2026' });
    // Assess
    const doc = await PDFDocument.load(finished);
    const descriptors = doc.context.enumerateIndirectObjects().map(([, o]) => o).filter((o) => o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('FontDescriptor')) as PDFDict[];
    expect(descriptors).toHaveLength(1);
    const descriptor = descriptors[0] as PDFDict;
    expect(String(descriptor.get(PDFName.of('FontName')))).toMatch(/^\/[A-Z]{6}\+SourceSans3-Regular$/);
    const program = doc.context.lookup(descriptor.get(PDFName.of('FontFile2'))) as PDFRawStream;
    const length = Number(String(program.dict.get(PDFName.of('Length1'))));
    expect(length).toBeLessThan(sourceSansTrueType(400).length / 3);
  });

  it('adds XMP, the footer as an artifact on every page, and undoubles an outline title', async () => {
    // Act
    const finished = finishPdf(skiaLikePdf(3, 'Grafieken TielGrafieken Tiel'), { title: 'Rapport & <bijlage>', language: 'nl', footer: 'Werkbedrijf · september–oktober 2026' });
    // Assess
    const xmp = await xmpMetadata(finished);
    expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Rapport &#38; &#60;bijlage&#62;</rdf:li>');
    expect(await outlineTitles(finished)).toEqual(['Grafieken Tiel']);
    const marking = await contentMarking(finished);
    expect(marking.map((m) => m.artifacts.Footer)).toEqual([2, 2, 2]);
    expect(marking.every((m) => m.unmarked === 0 && m.tagged === 1)).toBe(true);
    expect(Buffer.from(finished).toString('latin1')).toContain('(pagina 3 van 3)');
  });

  it('draws a watermark only when asked, and a footer only when the document has one', async () => {
    const plain = finishPdf(skiaLikePdf(1, 'Kop'), { title: 'Rapport' });
    const concept = finishPdf(skiaLikePdf(1, 'Kop'), { title: 'Rapport', footer: 'x', watermark: 'CONCEPT' });
    expect((await contentMarking(plain))[0]?.artifacts).toEqual({});
    expect((await contentMarking(concept))[0]?.artifacts).toEqual({ Watermark: 1, Footer: 2 });
    expect(await xmpMetadata(plain)).not.toContain('dc:language');
  });

  it('undoubles only a title that is one text twice', () => {
    expect(undoubled('Grafieken TielGrafieken Tiel')).toBe('Grafieken Tiel');
    expect(undoubled('Doelen')).toBeNull();
    expect(undoubled('abab')).toBe('ab');
    expect(undoubled('  ')).toBeNull();
  });
});
