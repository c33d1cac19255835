import { deflateSync } from 'node:zlib';
import { sourceSansTrueType } from './fonts';

/** What the printer adds to Chromium's PDF to make it PDF/UA: all of it known before printing. */
export interface FinishOptions {
  /** dc:title in the XMP metadata: the document's title, as in the Info dictionary. */
  readonly title: string;
  /** dc:language, e.g. `nl`; left out when the document names none. */
  readonly language?: string;
  /** Left in the footer of every page, with "pagina N van M" on the right; no footer when absent. */
  readonly footer?: string;
  /** Behind every page, rotated (a concept's `CONCEPT`); none when absent. */
  readonly watermark?: string;
}

/**
 * Finishes a PDF Chromium printed, by an incremental update appended to its bytes — nothing of
 * Chromium's output is decoded or encoded again, so the cost is a few small objects per page:
 * - XMP metadata with `pdfuaid:part` 1, `dc:title` and `dc:language`, linked from the catalog;
 * - the footer and page number on every page, drawn as a pagination artifact (Chromium prints
 *   CSS margin boxes as content that is neither tagged nor an artifact), and a watermark behind
 *   the page as another;
 * - outline titles Chromium doubles ("Grafieken TielGrafieken Tiel": it happens to headings laid
 *   out twice when a page break moves them) set back to one.
 * It reads only what it needs of the file: the cross-reference table, the trailer, the catalog,
 * the page tree and the outline, all of which Chromium (Skia) writes as plain objects.
 */
export function finishPdf(pdf: Uint8Array, options: FinishOptions): Uint8Array {
  const file = new PdfFile(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  const update = new IncrementalUpdate(file);
  const catalogRef = file.trailerRef('Root');
  const catalog = file.dictionary(catalogRef);

  const metadata = update.add(stream(Buffer.from(xmp(options), 'utf8'), '/Type /Metadata /Subtype /XML'));
  update.replace(catalogRef, withKey(withKey(catalog, 'Metadata', `${metadata} 0 R`), 'Version', '/1.7'));

  const font = footerFont().objects(update);
  const pages = file.pages(refOf(catalog, 'Pages'));
  pages.forEach((pageRef, index) => {
    const page = file.dictionary(pageRef);
    const contents = refOf(page, 'Contents');
    const width = mediaBoxWidth(page);
    const before = update.add(stream(Buffer.from(`${options.watermark ? watermark(options.watermark, width) : ''}q\n`, 'latin1')));
    const pageFooter = options.footer === undefined ? '' : footer(options.footer, `pagina ${index + 1} van ${pages.length}`, width);
    const after = update.add(stream(Buffer.from(`Q\n${pageFooter}`, 'latin1')));
    update.replace(pageRef, withFont(page.replace(/\/Contents\s+\d+\s+0\s+R/, `/Contents [${before} 0 R ${contents} 0 R ${after} 0 R]`), font));
  });

  const outlines = catalog.includes('/Outlines') ? refOf(catalog, 'Outlines') : null;
  if (outlines !== null) {
    for (const itemRef of file.outlineItems(outlines)) {
      const item = file.dictionary(itemRef);
      const title = titleOf(item);
      const once = title === null ? null : undoubled(title);
      if (once !== null) update.replace(itemRef, item.replace(TITLE, `/Title ${pdfTextString(once)}`));
    }
  }
  return update.appendTo(file);
}

/** The page box's width in points; A4 when the box is not a plain array. */
function mediaBoxWidth(page: string): number {
  const box = /\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/.exec(page);
  return box ? Number(box[3]) - Number(box[1]) : 595.28;
}

const MM = 72 / 25.4;
/** The report's page margins (templates/report.css @page): the footer sits in the bottom one. */
const MARGIN = 18 * MM;
const FOOTER_BASELINE = 9 * MM;
const FOOTER_SIZE = 9;
const FONT_NAME = 'RbFooter';

function footer(left: string, right: string, pageWidth: number): string {
  const metrics = footerFont();
  const text = (content: string, x: number) => `BT /${FONT_NAME} ${FOOTER_SIZE} Tf ${num(x)} ${num(FOOTER_BASELINE)} Td ${metrics.literal(content)} Tj ET\n`;
  // The page number first, as Chromium's margin boxes came: text extracted from a page reads "pagina 1 van 8 <footer>".
  return `/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nq 0.333 g\n${text(right, pageWidth - MARGIN - metrics.width(right, FOOTER_SIZE))}${text(left, MARGIN)}Q\nEMC\n`;
}

/** A large faint word across the middle of the page, drawn before (so behind) the page's content. */
function watermark(word: string, pageWidth: number): string {
  const metrics = footerFont();
  const size = 90;
  const spacing = 8;
  const width = metrics.width(word, size) + spacing * word.length;
  const angle = (35 * Math.PI) / 180;
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  // Centred on the page's middle: start half the text's width back along the slope, and half the cap height down.
  const [cx, cy, half] = [pageWidth / 2, 841.89 * 0.55, size * 0.33];
  const x = cx - (cos * width) / 2 + sin * half;
  const y = cy - (sin * width) / 2 - cos * half;
  return `/Artifact <</Type /Pagination /Subtype /Watermark>> BDC\nq 0.973 0.914 0.910 rg\nBT /${FONT_NAME} ${size} Tf ${spacing} Tc ${[cos, sin, -sin, cos, x, y].map(num).join(' ')} Tm ${metrics.literal(word)} Tj ET\nQ\nEMC\n`;
}

function xmp({ title, language }: FinishOptions): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <pdfuaid:part>1</pdfuaid:part>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(title)}</rdf:li></rdf:Alt></dc:title>
${language ? `   <dc:language><rdf:Bag><rdf:li>${escapeXml(language)}</rdf:li></rdf:Bag></dc:language>
` : ''}  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function num(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

function stream(data: Buffer, entries = ''): Buffer {
  return Buffer.concat([Buffer.from(`<<${entries} /Length ${data.length}>>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
}

/** The dictionary with `key` set to `value` (replaced when present at its top level, else added). */
function withKey(dictionary: string, key: string, value: string): string {
  const existing = new RegExp(`/${key}(?![A-Za-z0-9])\\s*(\\d+\\s+\\d+\\s+R|/[^\\s/<>\\[\\]()]+)`);
  if (existing.test(dictionary)) return dictionary.replace(existing, `/${key} ${value}`);
  return dictionary.replace(/>>\s*$/, `\n/${key} ${value}>>`);
}

/** The page with the footer font among its resources (Chromium writes the resources inline). */
function withFont(page: string, font: number): string {
  const entry = `/${FONT_NAME} ${font} 0 R`;
  if (/\/Font\s*<</.test(page)) return page.replace(/\/Font\s*<</, `/Font <<${entry}\n`);
  if (/\/Resources\s*<</.test(page)) return page.replace(/\/Resources\s*<</, `/Resources <</Font <<${entry}>>\n`);
  throw new Error('a page of the PDF has no inline resources to add the footer font to');
}

function refOf(dictionary: string, key: string): number {
  const found = new RegExp(`/${key}(?![A-Za-z0-9])\\s+(\\d+)\\s+0\\s+R`).exec(dictionary);
  if (!found) throw new Error(`the PDF has no /${key} where it was expected`);
  return Number(found[1]);
}

const TITLE = /\/Title\s*(<[0-9A-Fa-f\s]*>|\((?:\\[\s\S]|[^\\)])*\))/;

function titleOf(item: string): string | null {
  const found = TITLE.exec(item)?.[1];
  if (!found) return null;
  if (found.startsWith('<')) {
    const bytes = Buffer.from(found.slice(1, -1).replace(/\s/g, ''), 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
    return bytes.toString('latin1');
  }
  return found.slice(1, -1).replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, c: string) => (/^[0-7]/.test(c) ? String.fromCharCode(Number.parseInt(c, 8)) : c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c === 'b' ? '\b' : c === 'f' ? '\f' : c));
}

/** `XX` → `X`; null when the title is not one text twice. */
export function undoubled(title: string): string | null {
  if (title.length < 2 || title.length % 2 !== 0) return null;
  const half = title.slice(0, title.length / 2);
  return half + half === title && half.trim() !== '' ? half : null;
}

function pdfTextString(text: string): string {
  return `<FEFF${Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
}

/** Reads what the finishing needs from a PDF with a classic cross-reference table (as Chromium writes). */
class PdfFile {
  readonly text: string;
  private readonly offsets = new Map<number, number>();
  readonly trailer: string;
  readonly startXref: number;
  readonly size: number;

  constructor(readonly bytes: Buffer) {
    this.text = bytes.toString('latin1');
    const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(this.text.slice(-64));
    if (!start) throw new Error('the PDF does not end with startxref');
    this.startXref = Number(start[1]);
    if (this.text.slice(this.startXref, this.startXref + 4) !== 'xref') throw new Error('the PDF has no classic cross-reference table');
    const trailerAt = this.text.indexOf('trailer', this.startXref);
    const table = this.text.slice(this.startXref + 4, trailerAt).trim().split(/\r?\n|\r/);
    for (let line = 0; line < table.length; ) {
      const [first, count] = (table[line++] ?? '').trim().split(/\s+/).map(Number) as [number, number];
      for (let i = 0; i < count; i++, line++) {
        const [offset, , kind] = (table[line] ?? '').trim().split(/\s+/);
        if (kind === 'n') this.offsets.set(first + i, Number(offset));
      }
    }
    this.trailer = this.text.slice(trailerAt, this.text.indexOf('startxref', trailerAt));
    this.size = Number(/\/Size\s+(\d+)/.exec(this.trailer)?.[1]);
    if (/\/Prev\s/.test(this.trailer)) throw new Error('the PDF was already updated incrementally');
  }

  trailerRef(key: string): number {
    return refOf(this.trailer, key);
  }

  /** The dictionary of object `n`, from `<<` to its matching `>>`. */
  dictionary(n: number): string {
    const offset = this.offsets.get(n);
    if (offset === undefined) throw new Error(`the PDF has no object ${n}`);
    const open = this.text.indexOf('<<', offset);
    let depth = 0;
    for (let i = open; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '(') i = this.skipString(i);
      else if (c === '<' && this.text[i + 1] === '<') depth++, i++;
      // A hex string (`<FEFF…>`): its closing `>` must not pair with a dictionary's `>>` after it.
      else if (c === '<') i = this.text.indexOf('>', i);
      else if (c === '>' && this.text[i + 1] === '>') {
        depth--, i++;
        if (depth === 0) return this.text.slice(open, i + 1);
      }
    }
    throw new Error(`object ${n} of the PDF is not a complete dictionary`);
  }

  private skipString(open: number): number {
    let depth = 0;
    for (let i = open; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '\\') i++;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return i;
    }
    return this.text.length;
  }

  /** The leaf pages in order, through nested page-tree nodes. */
  pages(root: number): number[] {
    const node = this.dictionary(root);
    if (/\/Type\s*\/Page(?![s])/.test(node)) return [root];
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node)?.[1] ?? '';
    return [...kids.matchAll(/(\d+)\s+0\s+R/g)].flatMap((kid) => this.pages(Number(kid[1])));
  }

  /** Every item of the outline, depth first. */
  outlineItems(outlines: number): number[] {
    const items: number[] = [];
    const visit = (first: number | null) => {
      for (let item = first; item !== null; ) {
        items.push(item);
        const dictionary = this.dictionary(item);
        visit(/\/First\s+\d/.test(dictionary) ? refOf(dictionary, 'First') : null);
        item = /\/Next\s+\d/.test(dictionary) ? refOf(dictionary, 'Next') : null;
      }
    };
    const root = this.dictionary(outlines);
    visit(/\/First\s+\d/.test(root) ? refOf(root, 'First') : null);
    return items;
  }
}

/** New and changed objects, written after the original bytes with their own cross-reference section. */
class IncrementalUpdate {
  private readonly objects = new Map<number, Buffer>();
  private next: number;

  constructor(file: PdfFile) {
    this.next = file.size;
  }

  add(body: Buffer | string): number {
    const n = this.next++;
    this.objects.set(n, typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    return n;
  }

  replace(n: number, body: string): void {
    this.objects.set(n, Buffer.from(body, 'latin1'));
  }

  appendTo(file: PdfFile): Buffer {
    const parts: Buffer[] = [file.bytes, Buffer.from('\n', 'latin1')];
    let offset = file.bytes.length + 1;
    const offsets = new Map<number, number>();
    for (const [n, body] of [...this.objects].sort(([a], [b]) => a - b)) {
      const object = Buffer.concat([Buffer.from(`${n} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
      offsets.set(n, offset);
      parts.push(object);
      offset += object.length;
    }
    let xref = 'xref\n0 1\n0000000000 65535 f \n';
    const numbers = [...offsets.keys()];
    for (let i = 0; i < numbers.length; ) {
      let j = i;
      while (j + 1 < numbers.length && numbers[j + 1] === (numbers[j] as number) + 1) j++;
      xref += `${numbers[i]} ${j - i + 1}\n`;
      for (let k = i; k <= j; k++) xref += `${String(offsets.get(numbers[k] as number)).padStart(10, '0')} 00000 n \n`;
      i = j + 1;
    }
    const info = /\/Info\s+(\d+\s+0\s+R)/.exec(file.trailer)?.[1];
    const trailer = `trailer\n<</Size ${this.next}\n/Root ${file.trailerRef('Root')} 0 R${info ? `\n/Info ${info}` : ''}\n/Prev ${file.startXref}>>\nstartxref\n${offset}\n%%EOF\n`;
    parts.push(Buffer.from(xref + trailer, 'latin1'));
    return Buffer.concat(parts);
  }
}

/** WinAnsiEncoding's codes 0x80–0x9F; the rest of 0x20–0xFF is Latin-1. */
const WIN_ANSI_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0, 0, 0x2018, 0x2019, 0x201c,
  0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

function winAnsiCode(char: string): number | null {
  const cp = char.codePointAt(0) ?? 0;
  if ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff)) return cp;
  const high = WIN_ANSI_HIGH.indexOf(cp);
  return high >= 0 && cp !== 0 ? 0x80 + high : null;
}

/** Source Sans 3 as a simple TrueType font in WinAnsiEncoding: built once per process, reused in every PDF. */
class FooterFont {
  private readonly program: Buffer;
  private readonly length: number;
  private readonly widths: number[];
  private readonly descriptor: string;

  constructor() {
    const font = sourceSansTrueType(400);
    const table = (tag: string) => {
      for (let i = 0; i < font.readUInt16BE(4); i++) {
        const entry = 12 + 16 * i;
        if (font.toString('latin1', entry, entry + 4) === tag) return font.subarray(font.readUInt32BE(entry + 8), font.readUInt32BE(entry + 8) + font.readUInt32BE(entry + 12));
      }
      throw new Error(`the footer font has no ${tag} table`);
    };
    const [head, hhea, hmtx, os2] = [table('head'), table('hhea'), table('hmtx'), table('OS/2')];
    const unitsPerEm = head.readUInt16BE(18);
    const scale = (v: number) => Math.round((v * 1000) / unitsPerEm);
    const glyphOf = unicodeGlyphs(table('cmap'));
    const metrics = hhea.readUInt16BE(34);
    const advance = (glyph: number) => hmtx.readUInt16BE(4 * Math.min(glyph, metrics - 1));
    this.widths = Array.from({ length: 224 }, (_, i) => {
      const cp = i + 32 < 0x80 || i + 32 >= 0xa0 ? i + 32 : WIN_ANSI_HIGH[i + 32 - 0x80] ?? 0;
      return scale(advance(glyphOf(cp) ?? 0));
    });
    this.program = deflateSync(font);
    const box = [36, 38, 40, 42].map((o) => scale(head.readInt16BE(o)));
    this.descriptor = `/Type /FontDescriptor /FontName /SourceSans3-Regular /Flags 32 /FontBBox [${box.join(' ')}] /ItalicAngle 0 /Ascent ${scale(hhea.readInt16BE(4))} /Descent ${scale(hhea.readInt16BE(6))} /CapHeight ${scale(os2.readUInt16BE(0) >= 2 ? os2.readInt16BE(88) : 660)} /StemV 80`;
    this.length = font.length;
  }

  /** The font's objects in this PDF; returns the font dictionary's number. */
  objects(update: IncrementalUpdate): number {
    const file = update.add(stream(this.program, ` /Filter /FlateDecode /Length1 ${this.length}`));
    const descriptor = update.add(`<<${this.descriptor} /FontFile2 ${file} 0 R>>`);
    return update.add(
      `<</Type /Font /Subtype /TrueType /BaseFont /SourceSans3-Regular /FirstChar 32 /LastChar 255 /Widths [${this.widths.join(' ')}] /Encoding /WinAnsiEncoding /FontDescriptor ${descriptor} 0 R>>`,
    );
  }

  /** The text as a PDF string in the font's encoding; a character it cannot show becomes "?". */
  literal(text: string): string {
    let out = '(';
    for (const char of text) {
      const code = winAnsiCode(char) ?? 0x3f;
      out += code === 0x28 || code === 0x29 || code === 0x5c ? `\\${char}` : code < 0x80 ? String.fromCharCode(code) : `\\${code.toString(8)}`;
    }
    return `${out})`;
  }

  width(text: string, size: number): number {
    let units = 0;
    for (const char of text) units += this.widths[(winAnsiCode(char) ?? 0x3f) - 32] ?? 0;
    return (units * size) / 1000;
  }
}

let font: FooterFont | undefined;
function footerFont(): FooterFont {
  font ??= new FooterFont();
  return font;
}

/** The glyph of a code point, from the font's Windows Unicode (3,1) format 4 cmap. */
function unicodeGlyphs(cmap: Buffer): (cp: number) => number | null {
  let sub = -1;
  for (let i = 0; i < cmap.readUInt16BE(2); i++) {
    const record = 4 + 8 * i;
    if (cmap.readUInt16BE(record) === 3 && cmap.readUInt16BE(record + 2) === 1) sub = cmap.readUInt32BE(record + 4);
  }
  if (sub < 0 || cmap.readUInt16BE(sub) !== 4) throw new Error('the footer font has no Unicode cmap of format 4');
  const segments = cmap.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const ranges = deltas + 2 * segments;
  return (cp) => {
    for (let s = 0; s < segments; s++) {
      if (cp > cmap.readUInt16BE(ends + 2 * s)) continue;
      const start = cmap.readUInt16BE(starts + 2 * s);
      if (cp < start) return null;
      const delta = cmap.readInt16BE(deltas + 2 * s);
      const rangeOffset = cmap.readUInt16BE(ranges + 2 * s);
      if (rangeOffset === 0) return (cp + delta) & 0xffff;
      const glyph = cmap.readUInt16BE(ranges + 2 * s + rangeOffset + 2 * (cp - start));
      return glyph === 0 ? null : (glyph + delta) & 0xffff;
    }
    return null;
  };
}
