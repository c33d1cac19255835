import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { EditionFile } from '../core/edition-site';
import { projectRoot } from './project-root';
import { templatesDir } from './report-renderer';

const require = createRequire(import.meta.url);

/** The NL Design System components the edition's pages use: only these, so the stylesheet stays small. */
const COMPONENTS = ['root', 'document', 'body', 'heading-1', 'heading-2', 'heading-3', 'heading-4', 'paragraph', 'link', 'link-list', 'unordered-list', 'table', 'skip-link', 'figure'];
const FONT_WEIGHTS = [400, 600, 700] as const;

/**
 * The shared files under `assets/`: one stylesheet (the components, the console's theme tokens —
 * the organisation's look — and the edition's layout and print rules) and the font it names.
 * The theme names its fonts from the console's root; here they sit beside the stylesheet.
 */
export function editionAssets(): EditionFile[] {
  const components = COMPONENTS.map((name) => readFileSync(require.resolve(`@utrecht/${name}-css/dist/index.min.css`), 'utf8'));
  const theme = readFileSync(path.join(projectRoot(), 'functions', 'console', 'static', 'theme.css'), 'utf8').replace(/url\('\/fonts\//g, "url('fonts/");
  const own = readFileSync(path.join(templatesDir(), 'web', 'editie.css'), 'utf8');
  const fonts = path.join(path.dirname(require.resolve('@fontsource/source-sans-3/package.json')), 'files');
  return [
    { path: 'assets/editie.css', bytes: new TextEncoder().encode([...components, theme, own].join('\n')), contentType: 'text/css; charset=utf-8' },
    ...FONT_WEIGHTS.map((weight) => {
      const file = `source-sans-3-latin-${weight}-normal.woff2`;
      return { path: `assets/fonts/${file}`, bytes: new Uint8Array(readFileSync(path.join(fonts, file))), contentType: 'font/woff2' };
    }),
  ];
}
