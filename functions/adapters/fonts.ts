import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

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
