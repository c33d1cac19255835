import MarkdownIt from 'markdown-it';

/**
 * The commentary's Markdown as HTML that is safe to put in the report: raw HTML in the text is
 * shown as text (html: false), images only as their alt text (a commentary image would be a
 * fetch; images come in through `images add`, embedded), links only to http(s) and mailto, and
 * headings start at h3 so the commentary nests under its own "Toelichting" in the outline, each
 * at most one level below the one before (a PDF reader's heading list must not skip a level).
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
// An image in the commentary is printed as its alt text: fetching it is what the page may not do.
md.renderer.rules.image = (tokens, idx) => md.utils.escapeHtml(tokens[idx]?.content ?? '');

const ALLOWED_LINK = /^(https?:|mailto:)/i;
md.validateLink = (url: string) => ALLOWED_LINK.test(url.trim());

/** Renders a commentary text; markdown-it escapes every character of the text it does not turn into markup. */
export function renderMarkdown(text: string): string {
  const tokens = md.parse(text, {});
  let previous = 2;
  for (const [i, token] of tokens.entries()) {
    if (token.type !== 'heading_open') continue;
    // "## Kop" after the report's h2 "Toelichting" is h3, and so is "# Kop"; a deeper level follows the one before.
    const level = Math.min(6, Math.max(3, Math.min(previous + 1, Number(token.tag.slice(1)) + 2)));
    const close = tokens.slice(i).find((t) => t.type === 'heading_close');
    token.tag = `h${level}`;
    if (close) close.tag = `h${level}`;
    previous = level;
  }
  return md.renderer.render(tokens, md.options, {});
}
