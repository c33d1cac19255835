import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../functions/core/markdown';

describe('commentary Markdown', () => {
  it('renders paragraphs, emphasis and lists', () => {
    const html = renderMarkdown('Eerste alinea met **nadruk**.\n\n- een\n- twee');
    expect(html).toContain('<p>Eerste alinea met <strong>nadruk</strong>.</p>');
    expect(html).toContain('<li>twee</li>');
  });

  it('prints raw HTML as text, so a script or image tag in the commentary is inert', () => {
    const html = renderMarkdown('Let op <script>alert(1)</script> en <img src="http://127.0.0.1:9/x">');
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('prints a Markdown image as its alt text instead of fetching it', () => {
    const html = renderMarkdown('![grafiek van Divosa](http://127.0.0.1:9/y.png)');
    expect(html).not.toMatch(/<img|127\.0\.0\.1/);
    expect(html).toContain('grafiek van Divosa');
  });

  it('links only to web and mail addresses: file and javascript links stay text', () => {
    const html = renderMarkdown('[web](https://www.divosa.nl) [lokaal](file:///etc/passwd) [js](javascript:alert(1))');
    expect(html).toContain('<a href="https://www.divosa.nl">web</a>');
    expect(html).not.toMatch(/href="(file|javascript):/);
  });

  it('starts headings at h3, under the report’s own "Toelichting"', () => {
    expect(renderMarkdown('# Kop\n\n## Subkop')).toBe('<h3>Kop</h3>\n<h4>Subkop</h4>\n');
  });

  it('never skips a heading level, whatever level the commentary starts or jumps to', () => {
    expect(renderMarkdown('## Instroom\n\n#### Oorzaken\n\n# Uitstroom')).toBe('<h3>Instroom</h3>\n<h4>Oorzaken</h4>\n<h3>Uitstroom</h3>\n');
  });
});
