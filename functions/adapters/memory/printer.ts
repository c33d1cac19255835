import type { DocumentPart, Printer } from '../../usecases/ports';

/**
 * A printer without Chromium (the real one: adapters/chromium-printer.ts): a minimal PDF-like
 * document of one page that names what it printed (the part's key and title, and the text of the
 * HTML), so a use-case test can tell the documents apart and count pages. `new InMemoryPrinter()`;
 * `printed` lists the titles (or the first words of a whole document) in order, `closed` whether
 * the run closed it.
 */
export class InMemoryPrinter implements Printer {
  readonly printed: string[] = [];
  closed = false;

  async print(html: string): Promise<Uint8Array> {
    const text = textOf(html);
    this.printed.push(text.slice(0, 80));
    return pdf(text);
  }

  async printPart(shell: string, part: DocumentPart): Promise<Uint8Array> {
    // What the real printer checks on the page: a slot in the shell, and a part that names itself.
    if (!/id="document-part"/.test(shell)) throw new Error('the shell has no element with id "document-part"');
    if (!part.html.includes(`data-document-part="${part.key}"`)) throw new Error(`the part does not show itself as "${part.key}" (data-document-part)`);
    this.printed.push(part.title);
    return pdf(`${part.key}\n${part.title}\n${textOf(part.html)}`);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** One page object, as Chromium writes it (run-report's countPdfPages counts those). */
function pdf(text: string): Uint8Array {
  return new TextEncoder().encode(`%PDF-1.7\n1 0 obj << /Type /Page >> endobj\n% ${text.replace(/\s+/g, ' ')}\n%%EOF\n`);
}

function textOf(html: string): string {
  return html.replace(/<style[\s\S]*?<\/style>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}
