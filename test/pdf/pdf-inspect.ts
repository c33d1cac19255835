import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream } from '@cantoo/pdf-lib';
import { extractText, getDocumentProxy } from 'unpdf';

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

async function load(pdf: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(pdf, { updateMetadata: false });
}

function resolver(doc: PDFDocument) {
  return (value: unknown) => (value instanceof PDFRef ? doc.context.lookup(value) : value);
}

/** The structure types of the tagged PDF in reading order, e.g. `H1`, `P`, `Table`. */
export async function structureTypes(pdf: Uint8Array): Promise<string[]> {
  const doc = await load(pdf);
  const resolve = resolver(doc);
  const types: string[] = [];
  const visit = (node: unknown) => {
    const value = resolve(node);
    if (value instanceof PDFArray) {
      for (let i = 0; i < value.size(); i++) visit(value.get(i));
      return;
    }
    if (!(value instanceof PDFDict)) return;
    const type = value.get(PDFName.of('S'));
    if (type instanceof PDFName) types.push(type.decodeText());
    visit(value.get(PDFName.of('K')));
  };
  const root = resolve(doc.catalog.get(PDFName.of('StructTreeRoot')));
  if (root instanceof PDFDict) visit(root.get(PDFName.of('K')));
  return types;
}

/** Every outline title, depth first, as the reader's bookmarks show it. */
export async function outlineTitles(pdf: Uint8Array): Promise<string[]> {
  const doc = await load(pdf);
  const resolve = resolver(doc);
  const titles: string[] = [];
  const visit = (first: unknown) => {
    for (let item = resolve(first); item instanceof PDFDict; item = resolve(item.get(PDFName.of('Next')))) {
      titles.push(decodePdfString(resolve(item.get(PDFName.of('Title')))));
      visit(item.get(PDFName.of('First')));
    }
  };
  const outlines = resolve(doc.catalog.get(PDFName.of('Outlines')));
  if (outlines instanceof PDFDict) visit(outlines.get(PDFName.of('First')));
  return titles;
}

/** The catalog's XMP metadata as text, or null. */
export async function xmpMetadata(pdf: Uint8Array): Promise<string | null> {
  const doc = await load(pdf);
  const stream = resolver(doc)(doc.catalog.get(PDFName.of('Metadata')));
  if (!(stream instanceof PDFRawStream)) return null;
  return Buffer.from(decodePDFRawStream(stream).decode()).toString('utf8');
}

export interface ContentMarking {
  /** Text shown and paths painted outside any marked-content sequence: neither tagged nor an artifact. */
  readonly unmarked: number;
  /** Text shown inside tagged content (a BDC with an MCID). */
  readonly tagged: number;
  /** Text shown inside /Artifact sequences, per artifact subtype (Footer, Watermark, …). */
  readonly artifacts: Readonly<Record<string, number>>;
}

/** How each page's painting is marked, read from its content streams. */
export async function contentMarking(pdf: Uint8Array): Promise<ContentMarking[]> {
  const doc = await load(pdf);
  const resolve = resolver(doc);
  return doc.getPages().map((page) => {
    const contents = resolve(page.node.get(PDFName.of('Contents')));
    const streams = contents instanceof PDFArray ? Array.from({ length: contents.size() }, (_, i) => resolve(contents.get(i))) : [contents];
    const source = streams
      .map((s) => (s instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(s).decode()).toString('latin1') : ''))
      .join('\n');
    const marks: string[] = [];
    let pending: string[] = [];
    let unmarked = 0;
    let tagged = 0;
    const artifacts: Record<string, number> = {};
    for (const token of contentTokens(source)) {
      if (token === 'BDC' || token === 'BMC') {
        const text = pending.join(' ');
        marks.push(/^\/Artifact/.test(text) ? `Artifact:${/\/Subtype\s*\/(\w+)/.exec(text)?.[1] ?? ''}` : /\/MCID/.test(text) ? 'MCID' : 'other');
      } else if (token === 'EMC') marks.pop();
      else if (['Tj', 'TJ', "'", '"', 'f', 'f*', 'F', 'S', 's', 'B', 'B*', 'b', 'b*', 'Do', 'sh'].includes(token)) {
        const inner = marks.find((m) => m.startsWith('Artifact')) ?? marks.at(-1);
        const text = token === 'Tj' || token === 'TJ' || token === "'" || token === '"';
        if (!inner) unmarked++;
        else if (inner.startsWith('Artifact')) artifacts[inner.slice(9)] = (artifacts[inner.slice(9)] ?? 0) + (text ? 1 : 0);
        else if (text) tagged++;
      }
      pending = /^[A-Za-z'"*]+$/.test(token) && !/^(true|false|null)$/.test(token) ? [] : [...pending, token];
    }
    return { unmarked, tagged, artifacts };
  });
}

/** Operators and operands of a content stream; strings, hex strings, arrays and dictionaries as single operands. */
function contentTokens(source: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) i++;
    else if (c === '%') i = source.indexOf('\n', i) < 0 ? source.length : source.indexOf('\n', i);
    else if (c === '(') {
      let depth = 0;
      let j = i;
      for (; j < source.length; j++) {
        if (source[j] === '\\') j++;
        else if (source[j] === '(') depth++;
        else if (source[j] === ')' && --depth === 0) break;
      }
      tokens.push(source.slice(i, j + 1));
      i = j + 1;
    } else if (c === '<' && source[i + 1] === '<') {
      const end = source.indexOf('>>', i);
      tokens.push(source.slice(i, end + 2));
      i = end + 2;
    } else if (c === '<' || c === '[') {
      const end = source.indexOf(c === '<' ? '>' : ']', i);
      tokens.push(source.slice(i, end + 1));
      i = end + 1;
    } else {
      let j = i + 1;
      while (j < source.length && !/[\s()<>[\]/%]/.test(source[j] as string)) j++;
      tokens.push(source.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

export interface TextItem {
  readonly page: number;
  readonly text: string;
  /** Points from the bottom of the page. */
  readonly y: number;
  /** The printed size in points. */
  readonly size: number;
}

/** Every piece of text with where it stands and how large it prints. */
export async function textItems(pdf: Uint8Array): Promise<{ items: TextItem[]; pages: number; pageHeight: number }> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const items: TextItem[] = [];
  let pageHeight = 0;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    pageHeight = page.view[3] ?? 0;
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const [, , c, d, , f] = item.transform as number[];
      items.push({ page: n, text: item.str, y: f as number, size: Math.hypot(c as number, d as number) });
    }
  }
  return { items, pages: doc.numPages, pageHeight };
}

/** The text of each page, whitespace made single spaces. */
export async function pdfPages(pdf: Uint8Array): Promise<string[]> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: false });
  return text.map((page) => page.replace(/\s+/g, ' '));
}
