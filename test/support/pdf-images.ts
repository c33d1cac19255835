import { PDFDocument, PDFName, type PDFNumber, PDFRawStream } from '@cantoo/pdf-lib';

/** Every image XObject in the PDF (object streams included), soft masks left out: its pixel size and filter. */
export async function pdfImages(pdf: Uint8Array): Promise<{ width: number; height: number; filter: string }[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const images = doc.context
    .enumerateIndirectObjects()
    .flatMap(([ref, object]) => (object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image') ? [{ ref, dict: object.dict }] : []));
  // A PNG's transparency is a second image, referenced as /SMask by the picture it belongs to.
  const masks = new Set(images.map(({ dict }) => String(dict.get(PDFName.of('SMask')))));
  return images
    .filter(({ ref }) => !masks.has(String(ref)))
    .map(({ dict }) => {
      const number = (key: string) => (dict.get(PDFName.of(key)) as PDFNumber | undefined)?.asNumber() ?? 0;
      return { width: number('Width'), height: number('Height'), filter: String(dict.get(PDFName.of('Filter')) ?? '') };
    });
}
