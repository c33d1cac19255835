import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { EditionFile } from '../core/edition-site';
import { projectRoot } from './project-root';
import { templatesDir } from './report-renderer';

const require = createRequire(import.meta.url);

/** The NL Design System components the edition's pages use: only these, so the stylesheet stays small. */
const COMPONENTS = ['root', 'document', 'body', 'heading-1', 'heading-2', 'heading-3', 'heading-4', 'paragraph', 'link', 'link-list', 'unordered-list', 'table', 'skip-link', 'figure'];

/**
 * The shared files under `assets/`: one stylesheet of the components, the console's theme tokens
 * (the organisation's look) and the edition's layout and print rules.
 */
export function editionAssets(): EditionFile[] {
  const components = COMPONENTS.map((name) => readFileSync(require.resolve(`@utrecht/${name}-css/dist/index.min.css`), 'utf8'));
  // No web font: Source Sans 3 would add 15 KB a weight to a first visit, past the page's 150 KB;
  // the theme's font stack falls back to the reader's own sans-serif.
  const theme = readFileSync(path.join(projectRoot(), 'functions', 'console', 'static', 'theme.css'), 'utf8').replace(/@font-face[^}]*}/g, '');
  const own = readFileSync(path.join(templatesDir(), 'web', 'editie.css'), 'utf8');
  return [
    { path: 'assets/editie.css', bytes: new TextEncoder().encode(compact([...components, theme, own].join('\n'))), contentType: 'text/css; charset=utf-8' },
  ];
}

/** Comments and runs of white space out: the stylesheet's words unchanged, a quarter lighter. */
function compact(css: string): string {
  return css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ').trim();
}
