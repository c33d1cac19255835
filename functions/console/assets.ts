import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from '../adapters/project-root';

const require = createRequire(import.meta.url);

/** The Source Sans 3 weights the theme uses (theme.css names them). */
const FONT_WEIGHTS = [400, 600, 700] as const;

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
};

/**
 * Every file of the console's pages, by the path it is served under: the pages, scripts and
 * styles in static/, the NL Design System components' CSS and the font files from their npm
 * packages. The local server serves this map; the CDK construct copies it into the bucket.
 */
export function consoleAssets(): Map<string, string> {
  const assets = new Map<string, string>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
      else assets.set(`${prefix}${entry.name}`, path.join(dir, entry.name));
    }
  };
  // From the repository root: this module may run from a bundle elsewhere (the CLI under test).
  walk(path.join(projectRoot(), 'functions', 'console', 'static'), '/');
  assets.set('/vendor/utrecht.css', require.resolve('@utrecht/component-library-css/dist/index.css'));
  const fonts = path.join(path.dirname(require.resolve('@fontsource/source-sans-3/package.json')), 'files');
  for (const weight of FONT_WEIGHTS) assets.set(`/fonts/source-sans-3-latin-${weight}-normal.woff2`, path.join(fonts, `source-sans-3-latin-${weight}-normal.woff2`));
  return assets;
}

/** No camera, microphone, location, payment or other powerful feature: the console uses none. */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), display-capture=(), fullscreen=(self)';

/**
 * The Content-Security-Policy of the pages: scripts, styles, fonts and connections only from the
 * console itself (and the sign-in's token endpoint); no inline script or style, nothing framed
 * but the console's own PDFs (blob URLs), and the pages never framed.
 */
export function contentSecurityPolicy(authOrigin: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "font-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ${authOrigin}`,
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self' ${authOrigin}`,
    "frame-ancestors 'none'",
  ].join('; ');
}
