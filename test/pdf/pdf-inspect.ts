import { PDFDict, PDFDocument, PDFName, PDFRef } from '@cantoo/pdf-lib';

export interface PdfFacts {
  readonly tagged: boolean;
  readonly hasStructTree: boolean;
  readonly lang: string | undefined;
  readonly title: string | undefined;
  readonly outlineCount: number;
  /** BaseFont of every font descriptor, and whether the font program is in the file. */
  readonly fonts: readonly { readonly name: string; readonly embedded: boolean }[];
}

/**
 * What the PDF says about itself, read from its objects (object streams included, which is
 * where the compacted PDF keeps its catalogue and structure tree).
 */
export async function pdfFacts(pdf: Uint8Array): Promise<PdfFacts> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const catalog = doc.catalog;
  const resolve = (value: unknown) => (value instanceof PDFRef ? doc.context.lookup(value) : value);
  const markInfo = resolve(catalog.get(PDFName.of('MarkInfo')));
  const lang = resolve(catalog.get(PDFName.of('Lang')));
  const outlines = resolve(catalog.get(PDFName.of('Outlines')));
  const count = outlines instanceof PDFDict ? resolve(outlines.get(PDFName.of('Count'))) : undefined;
  const fonts: { name: string; embedded: boolean }[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('FontDescriptor')) continue;
    fonts.push({
      name: String(object.get(PDFName.of('FontName'))).replace(/^\//, ''),
      embedded: ['FontFile', 'FontFile2', 'FontFile3'].some((key) => object.has(PDFName.of(key))),
    });
  }
  return {
    tagged: markInfo instanceof PDFDict && String(markInfo.get(PDFName.of('Marked'))) === 'true',
    hasStructTree: catalog.has(PDFName.of('StructTreeRoot')),
    lang: lang ? decodePdfString(lang) : undefined,
    title: doc.getTitle(),
    outlineCount: count === undefined ? 0 : Math.abs(Number(String(count))),
    fonts,
  };
}

function decodePdfString(value: unknown): string {
  const decoded = (value as { decodeText?: () => string }).decodeText?.();
  return decoded ?? String(value);
}
