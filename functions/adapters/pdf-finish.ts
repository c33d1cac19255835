import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { sfnt, sourceSansTrueType } from './fonts';

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
 * Finishes a PDF Chromium printed and writes it compactly, in one pass over Chromium's objects:
 * - XMP metadata with `pdfuaid:part` 1, `dc:title` and `dc:language`, linked from the catalog;
 * - the footer and page number on every page, drawn as a pagination artifact (Chromium prints
 *   CSS margin boxes as content that is neither tagged nor an artifact), and a watermark behind
 *   the page as another, in a subset of Source Sans 3 with only the glyphs they use;
 * - outline titles Chromium doubles ("Grafieken TielGrafieken Tiel": it happens to headings laid
 *   out twice when a page break moves them) set back to one;
 * - every object that is not a stream or a page packed into compressed object streams, with a
 *   cross-reference stream: Chromium writes the structure tree (thousands of small dictionaries)
 *   uncompressed, about half the file. Streams (fonts, images, page contents) are copied as
 *   they are, nothing of them decoded or encoded again.
 * It parses only the cross-reference table, the trailer, the catalog, the page tree and the
 * outline, all of which Chromium (Skia) writes as plain objects; every other object is copied as
 * bytes, found between its offset and the next object's.
 */
export function finishPdf(pdf: Uint8Array, options: FinishOptions): Uint8Array {
  const file = new PdfFile(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  const update = new CompactRewrite(file);
  const catalogRef = file.trailerRef('Root');
  const catalog = file.dictionary(catalogRef);

  const metadata = update.add(stream(Buffer.from(xmp(options), 'utf8'), '/Type /Metadata /Subtype /XML'));
  update.replace(catalogRef, withKey(withKey(catalog, 'Metadata', `${metadata} 0 R`), 'Version', '/1.7'));

  const pages = file.pages(refOf(catalog, 'Pages'));
  const numbers = pages.map((_, index) => `pagina ${index + 1} van ${pages.length}`);
  const drawn = `${options.watermark ?? ''}${options.footer === undefined ? '' : options.footer + numbers.join('')}`;
  const font = drawn === '' ? null : footerFont().objects(update, drawn);
  pages.forEach((pageRef, index) => {
    const page = file.dictionary(pageRef);
    const contents = refOf(page, 'Contents');
    const width = mediaBoxWidth(page);
    const before = update.add(stream(Buffer.from(`${options.watermark ? watermark(options.watermark, width) : ''}q\n`, 'latin1')));
    const pageFooter = options.footer === undefined ? '' : footer(options.footer, numbers[index] as string, width);
    const after = update.add(stream(Buffer.from(`Q\n${pageFooter}`, 'latin1')));
    const withContents = page.replace(/\/Contents\s+\d+\s+0\s+R/, `/Contents [${before} 0 R ${contents} 0 R ${after} 0 R]`);
    update.replace(pageRef, font === null ? withContents : withFont(withContents, font));
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
  return update.write();
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
  /** The numbers of the objects in use, ascending. */
  readonly numbers: number[];

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
    this.numbers = [...this.offsets.keys()].sort((a, b) => a - b);
    this.size = Number(/\/Size\s+(\d+)/.exec(this.trailer)?.[1]);
    if (/\/Prev\s/.test(this.trailer)) throw new Error('the PDF was already updated incrementally');
  }

  trailerRef(key: string): number {
    return refOf(this.trailer, key);
  }

  /**
   * What object `n` holds, between `n g obj` and `endobj`, with its generation. An object ends
   * where the next one (by offset) or the cross-reference table begins, so nothing inside it
   * (a string, a stream's bytes) is read to find its end.
   */
  object(n: number): { generation: number; body: Buffer } {
    const offset = this.offsets.get(n) as number;
    this.ends ??= this.objectEnds();
    const header = /^\s*\d+\s+(\d+)\s+obj/.exec(this.text.slice(offset, offset + 32));
    const end = this.text.lastIndexOf('endobj', this.ends.get(n));
    if (!header || end < offset) throw new Error(`object ${n} of the PDF is not where its cross-reference entry says`);
    return { generation: Number(header[1]), body: this.bytes.subarray(offset + header[0].length, end) };
  }

  private ends: Map<number, number> | undefined;

  private objectEnds(): Map<number, number> {
    const byOffset = [...this.offsets].sort(([, a], [, b]) => a - b);
    return new Map(byOffset.map(([n], i) => [n, byOffset[i + 1]?.[1] ?? this.startXref]));
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

/** Objects packed per object stream: large enough to compress well, small enough to read one. */
const OBJECTS_PER_STREAM = 200;
/**
 * zlib level for the object streams. Measured on the demo report (227 KB of objects): level 6
 * 2.6 ms → 31 KB, level 3 1.0 ms → 35 KB, level 1 0.8 ms → 36 KB; the run pays it per PDF.
 */
const OBJECT_STREAM_LEVEL = 3;

/**
 * The PDF written anew: Chromium's objects, some replaced, and new ones. Streams and pages stay
 * plain objects (a stream cannot go in an object stream; pages are kept plain so they can be
 * counted in the bytes, as usecases/run-report.ts's countPdfPages does); every other object of
 * generation 0 goes into an object stream, and a cross-reference stream says where each is.
 */
class CompactRewrite {
  private readonly objects = new Map<number, Buffer>();
  private next: number;

  constructor(private readonly file: PdfFile) {
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

  write(): Buffer {
    const plain: { n: number; generation: number; body: Buffer }[] = [];
    const packed: { n: number; body: Buffer }[] = [];
    for (const n of new Set([...this.file.numbers, ...this.objects.keys()])) {
      const replaced = this.objects.get(n);
      const { generation, body } = replaced ? { generation: 0, body: replaced } : this.file.object(n);
      const trimmed = trim(body);
      if (generation !== 0 || isStream(trimmed) || isPage(trimmed)) plain.push({ n, generation, body: trimmed });
      else packed.push({ n, body: trimmed });
    }
    const entries = new Map<number, [type: number, field2: number, field3: number]>();
    for (let i = 0; i < packed.length; i += OBJECTS_PER_STREAM) {
      const chunk = packed.slice(i, i + OBJECTS_PER_STREAM);
      const n = this.next++;
      chunk.forEach((object, index) => entries.set(object.n, [2, n, index]));
      plain.push({ n, generation: 0, body: objectStream(chunk) });
    }
    const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
    let offset = parts[0]?.length as number;
    for (const { n, generation, body } of plain.sort((a, b) => a.n - b.n)) {
      entries.set(n, [1, offset, generation]);
      const object = Buffer.concat([Buffer.from(`${n} ${generation} obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
      parts.push(object);
      offset += object.length;
    }
    parts.push(this.crossReferenceStream(entries, offset));
    return Buffer.concat(parts);
  }

  /** The cross-reference stream (itself the last object) and the file's end. */
  private crossReferenceStream(entries: Map<number, [number, number, number]>, offset: number): Buffer {
    const n = this.next++;
    entries.set(n, [1, offset, 0]);
    const table = Buffer.alloc(7 * this.next);
    for (let i = 0; i < this.next; i++) {
      const [type, field2, field3] = entries.get(i) ?? [0, 0, i === 0 ? 65535 : 0];
      table.writeUInt8(type, 7 * i);
      table.writeUInt32BE(field2, 7 * i + 1);
      table.writeUInt16BE(field3, 7 * i + 5);
    }
    const data = deflateSync(table);
    const info = /\/Info\s+(\d+\s+0\s+R)/.exec(this.file.trailer)?.[1];
    const id = /\/ID\s*(\[[^\]]*\])/.exec(this.file.trailer)?.[1];
    const dictionary = `/Type /XRef /Size ${this.next} /W [1 4 2] /Root ${this.file.trailerRef('Root')} 0 R${info ? ` /Info ${info}` : ''}${id ? ` /ID ${id}` : ''} /Filter /FlateDecode`;
    return Buffer.concat([Buffer.from(`${n} 0 obj\n`, 'latin1'), stream(data, dictionary), Buffer.from(`\nendobj\nstartxref\n${offset}\n%%EOF\n`, 'latin1')]);
  }
}

/** Objects packed into one compressed object stream: a header of number–offset pairs, then the objects. */
function objectStream(objects: readonly { n: number; body: Buffer }[]): Buffer {
  const bodies: Buffer[] = [];
  const pairs: string[] = [];
  let at = 0;
  for (const { n, body } of objects) {
    pairs.push(`${n} ${at}`);
    bodies.push(body, NEWLINE);
    at += body.length + 1;
  }
  const header = Buffer.from(`${pairs.join(' ')}\n`, 'latin1');
  const data = deflateSync(Buffer.concat([header, ...bodies]), { level: OBJECT_STREAM_LEVEL });
  return stream(data, `/Type /ObjStm /N ${objects.length} /First ${header.length} /Filter /FlateDecode`);
}

const NEWLINE = Buffer.from('\n', 'latin1');

function trim(body: Buffer): Buffer {
  let [start, end] = [0, body.length];
  while (start < end && isWhite(body[start] as number)) start++;
  while (end > start && isWhite(body[end - 1] as number)) end--;
  return body.subarray(start, end);
}

function isWhite(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00;
}

function isStream(body: Buffer): boolean {
  return body.length >= 9 && body.toString('latin1', body.length - 9) === 'endstream';
}

/** A page as Chromium writes it and countPdfPages finds it: its dictionary opens with `/Type /Page`. */
function isPage(body: Buffer): boolean {
  return /^<<\s*\/Type\s*\/Page(?![A-Za-z])/.test(body.toString('latin1', 0, 24));
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

/**
 * Source Sans 3 as a simple TrueType font in WinAnsiEncoding: read once per process; each PDF
 * embeds a subset with only the glyphs its footer and watermark draw (about 2 KB instead of the
 * whole font's 15 KB), cached per set of characters since a run's footers differ only in digits.
 */
class FooterFont {
  private readonly tables = new Map<string, Buffer>();
  private readonly widths: number[];
  private readonly descriptor: string;
  private readonly glyphOf: (cp: number) => number | null;
  private readonly subsets = new Map<string, { program: Buffer; length: number; tag: string }>();

  constructor() {
    const font = sourceSansTrueType(400);
    for (let i = 0; i < font.readUInt16BE(4); i++) {
      const entry = 12 + 16 * i;
      const offset = font.readUInt32BE(entry + 8);
      this.tables.set(font.toString('latin1', entry, entry + 4), font.subarray(offset, offset + font.readUInt32BE(entry + 12)));
    }
    const [head, hhea, hmtx, os2] = ['head', 'hhea', 'hmtx', 'OS/2'].map((tag) => this.table(tag)) as [Buffer, Buffer, Buffer, Buffer];
    const unitsPerEm = head.readUInt16BE(18);
    const scale = (v: number) => Math.round((v * 1000) / unitsPerEm);
    this.glyphOf = unicodeGlyphs(this.table('cmap'));
    const metrics = hhea.readUInt16BE(34);
    const advance = (glyph: number) => hmtx.readUInt16BE(4 * Math.min(glyph, metrics - 1));
    this.widths = Array.from({ length: 224 }, (_, i) => {
      const cp = i + 32 < 0x80 || i + 32 >= 0xa0 ? i + 32 : WIN_ANSI_HIGH[i + 32 - 0x80] ?? 0;
      return scale(advance(this.glyphOf(cp) ?? 0));
    });
    const box = [36, 38, 40, 42].map((o) => scale(head.readInt16BE(o)));
    this.descriptor = `/Type /FontDescriptor /Flags 32 /FontBBox [${box.join(' ')}] /ItalicAngle 0 /Ascent ${scale(hhea.readInt16BE(4))} /Descent ${scale(hhea.readInt16BE(6))} /CapHeight ${scale(os2.readUInt16BE(0) >= 2 ? os2.readInt16BE(88) : 660)} /StemV 80`;
  }

  private table(tag: string): Buffer {
    const found = this.tables.get(tag);
    if (!found) throw new Error(`the footer font has no ${tag} table`);
    return found;
  }

  /** The font's objects in this PDF, subset to the characters of `text`; returns the font dictionary's number. */
  objects(update: CompactRewrite, text: string): number {
    const characters = [...new Set(Array.from(text, (char) => (winAnsiCode(char) === null ? '?' : char)))].sort().join('');
    let subset = this.subsets.get(characters);
    if (!subset) {
      const glyphs = new Set(Array.from(characters, (char) => this.glyphOf(char.codePointAt(0) ?? 0) ?? 0));
      const program = subsetTrueType(this.tables, glyphs);
      // A subset's name starts with six capitals that differ between subsets (ISO 32000-1, 9.6.4).
      const tag = Array.from(createHash('sha256').update(characters).digest().subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
      subset = { program: deflateSync(program), length: program.length, tag };
      if (this.subsets.size > 64) this.subsets.clear();
      this.subsets.set(characters, subset);
    }
    const name = `/${subset.tag}+SourceSans3-Regular`;
    const file = update.add(stream(subset.program, ` /Filter /FlateDecode /Length1 ${subset.length}`));
    const descriptor = update.add(`<<${this.descriptor} /FontName ${name} /FontFile2 ${file} 0 R>>`);
    return update.add(
      `<</Type /Font /Subtype /TrueType /BaseFont ${name} /FirstChar 32 /LastChar 255 /Widths [${this.widths.join(' ')}] /Encoding /WinAnsiEncoding /FontDescriptor ${descriptor} 0 R>>`,
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

/**
 * The font with only these glyphs' outlines (and .notdef, and the parts of composite glyphs):
 * the others stay as empty glyphs, so glyph ids, metrics and the cmap stay as they are. The glyph
 * names (post) are left out: a PDF viewer maps WinAnsi codes through the cmap.
 */
function subsetTrueType(tables: ReadonlyMap<string, Buffer>, wanted: ReadonlySet<number>): Buffer {
  const [head, loca, glyf] = ['head', 'loca', 'glyf'].map((tag) => tables.get(tag) as Buffer) as [Buffer, Buffer, Buffer];
  const long = head.readInt16BE(50) === 1;
  const count = loca.length / (long ? 4 : 2) - 1;
  const at = (glyph: number) => (long ? loca.readUInt32BE(4 * glyph) : 2 * loca.readUInt16BE(2 * glyph));
  const keep = new Set([0]);
  const visit = (glyph: number) => {
    if (keep.has(glyph) && glyph !== 0) return;
    keep.add(glyph);
    for (const part of componentsOf(glyf.subarray(at(glyph), at(glyph + 1)))) visit(part);
  };
  for (const glyph of wanted) if (glyph < count) visit(glyph);
  const outlines: Buffer[] = [];
  const newLoca = Buffer.alloc(loca.length);
  let offset = 0;
  for (let glyph = 0; glyph <= count; glyph++) {
    if (long) newLoca.writeUInt32BE(offset, 4 * glyph);
    else newLoca.writeUInt16BE(offset / 2, 2 * glyph);
    if (glyph === count || !keep.has(glyph)) continue;
    const outline = glyf.subarray(at(glyph), at(glyph + 1));
    outlines.push(outline, Buffer.alloc(outline.length % 2));
    offset += outline.length + (outline.length % 2);
  }
  const post = Buffer.from((tables.get('post') as Buffer).subarray(0, 32));
  post.writeUInt32BE(0x00030000, 0);
  const replaced = new Map([...tables, ['loca', newLoca], ['glyf', Buffer.concat(outlines)], ['post', post]]);
  return sfnt([...replaced].map(([tag, data]) => ({ tag, data })));
}

/** The glyphs a composite glyph is made of; none for a simple glyph. */
function componentsOf(outline: Buffer): number[] {
  if (outline.length < 10 || outline.readInt16BE(0) >= 0) return [];
  const parts: number[] = [];
  for (let p = 10; ; ) {
    const flags = outline.readUInt16BE(p);
    parts.push(outline.readUInt16BE(p + 2));
    p += 4 + (flags & 0x0001 ? 4 : 2) + (flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0);
    if (!(flags & 0x0020)) return parts;
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
