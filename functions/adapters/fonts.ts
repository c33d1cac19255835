import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

export type FontWeight = 400 | 600 | 700;

/**
 * Source Sans 3 (SIL Open Font Licence) from @fontsource as @font-face rules with data: URLs:
 * embedded, never fetched. Latin and latin-ext cover Dutch and names like "Sørensen"; a
 * character outside them would fall back to a system font, and on Lambda there is none, so the
 * templates keep to these subsets (no "→", "≤", "●": the PDF tests check every font is ours).
 */
export function sourceSansFaces(weights: readonly FontWeight[], family = 'Source Sans 3'): string {
  const require = createRequire(import.meta.url);
  return weights
    .flatMap((weight) =>
      ['latin', 'latin-ext'].map((subset) => {
        const file = require.resolve(`@fontsource/source-sans-3/files/source-sans-3-${subset}-${weight}-normal.woff2`);
        const data = readFileSync(file).toString('base64');
        return `@font-face { font-family: '${family}'; font-weight: ${weight}; font-style: normal; src: url(data:font/woff2;base64,${data}) format('woff2'); }`;
      }),
    )
    .join('\n');
}

/**
 * Source Sans 3 (latin subset) as a TrueType program, for text the printer draws itself into a
 * PDF (the footer). Unpacked from @fontsource's WOFF — zlib-compressed sfnt tables — keeping only
 * the tables a PDF viewer reads: the layout tables (GPOS, GSUB, …) are for shaping, which a PDF
 * does not do.
 */
export function sourceSansTrueType(weight: FontWeight = 400): Buffer {
  const require = createRequire(import.meta.url);
  const woff = readFileSync(require.resolve(`@fontsource/source-sans-3/files/source-sans-3-latin-${weight}-normal.woff`));
  if (woff.toString('latin1', 0, 4) !== 'wOFF' || woff.readUInt32BE(4) !== 0x00010000) throw new Error('not a TrueType WOFF font');
  const keep = new Set(['OS/2', 'cmap', 'cvt ', 'fpgm', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'name', 'post', 'prep']);
  const tables: { tag: string; data: Buffer }[] = [];
  for (let i = 0, entry = 44; i < woff.readUInt16BE(12); i++, entry += 20) {
    const tag = woff.toString('latin1', entry, entry + 4);
    if (!keep.has(tag)) continue;
    const [offset, compressed, length] = [woff.readUInt32BE(entry + 4), woff.readUInt32BE(entry + 8), woff.readUInt32BE(entry + 12)];
    const raw = woff.subarray(offset, offset + compressed);
    tables.push({ tag, data: compressed < length ? inflateSync(raw) : Buffer.from(raw) });
  }
  return sfnt(tables);
}

/** A TrueType file of these tables (sorted by tag, each padded to 4 bytes with its checksum). */
export function sfnt(unsorted: readonly { tag: string; data: Buffer }[]): Buffer {
  const tables = [...unsorted].sort((a, b) => (a.tag < b.tag ? -1 : 1));
  const header = Buffer.alloc(12 + 16 * tables.length);
  const searchRange = 2 ** Math.floor(Math.log2(tables.length)) * 16;
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(tables.length, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(Math.floor(Math.log2(tables.length)), 8);
  header.writeUInt16BE(tables.length * 16 - searchRange, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  tables.forEach(({ tag, data }, i) => {
    const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
    let checksum = 0;
    for (let p = 0; p < padded.length; p += 4) checksum = (checksum + padded.readUInt32BE(p)) >>> 0;
    header.write(tag, 12 + 16 * i, 'latin1');
    header.writeUInt32BE(checksum, 16 + 16 * i);
    header.writeUInt32BE(offset, 20 + 16 * i);
    header.writeUInt32BE(data.length, 24 + 16 * i);
    bodies.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([header, ...bodies]);
}
