import MarkdownIt from 'markdown-it';

/**
 * The commentary's Markdown as HTML that is safe to put in the report: raw HTML in the text is
 * shown as text (html: false), images only as their alt text (a commentary image would be a
 * fetch; images come in through `images add`, embedded), links only to http(s) and mailto, and
 * headings start at h3 so the commentary nests under its own "Toelichting" in the outline.
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
// An image in the commentary is printed as its alt text: fetching it is what the page may not do.
md.renderer.rules.image = (tokens, idx) => md.utils.escapeHtml(tokens[idx]?.content ?? '');

const ALLOWED_LINK = /^(https?:|mailto:)/i;
md.validateLink = (url: string) => ALLOWED_LINK.test(url.trim());

md.renderer.rules.heading_open = (tokens, idx) => {
  const level = Number(tokens[idx]?.tag.slice(1) ?? 1);
  return `<h${Math.min(6, level + 2)}>`;
};
md.renderer.rules.heading_close = (tokens, idx) => {
  const level = Number(tokens[idx]?.tag.slice(1) ?? 1);
  return `</h${Math.min(6, level + 2)}>\n`;
};

/** Renders a commentary text; markdown-it escapes every character of the text it does not turn into markup. */
export function renderMarkdown(text: string): string {
  return md.render(text);
}
