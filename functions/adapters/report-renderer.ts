import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { MunicipalityParagraph, OrganisationPart, Trend } from '../core/report-model';

/**
 * The templates folder: TEMPLATES_DIR when set, else `templates/` next to a bundle (Lambda),
 * else the repository's `templates/`.
 */
export function templatesDir(): string {
  if (process.env.TEMPLATES_DIR) return process.env.TEMPLATES_DIR;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const bundled = path.join(here, 'templates');
  return existsSync(bundled) ? bundled : path.resolve(here, '../../templates');
}

/** Source Sans 3 (SIL Open Font Licence) from @fontsource, embedded as data: URLs: never fetched. */
function fontFaces(): string {
  const require = createRequire(import.meta.url);
  return [400, 600, 700]
    .flatMap((weight) =>
      ['latin', 'latin-ext'].map((subset) => {
        const file = require.resolve(`@fontsource/source-sans-3/files/source-sans-3-${subset}-${weight}-normal.woff2`);
        const data = readFileSync(file).toString('base64');
        return `@font-face { font-family: 'Source Sans 3'; font-weight: ${weight}; font-style: normal; src: url(data:font/woff2;base64,${data}) format('woff2'); }`;
      }),
    )
    .join('\n');
}

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const TREND_WORDS: Record<Trend['arrow'], string> = { '↑': 'stijgt', '↓': 'daalt', '→': 'gelijk' };

/**
 * Renders the report and the mail from the Handlebars templates. Templates, CSS and fonts are
 * read and compiled once; the organisation-wide part is rendered once per run and reused in
 * every municipality's report. Autoescaping stays on: no data from outside is inserted raw.
 */
export class ReportRenderer {
  private readonly hbs = Handlebars.create();
  private readonly templates: {
    report: HandlebarsTemplateDelegate;
    organisation: HandlebarsTemplateDelegate;
    paragraph: HandlebarsTemplateDelegate;
    subject: HandlebarsTemplateDelegate;
    text: HandlebarsTemplateDelegate;
    html: HandlebarsTemplateDelegate;
  };
  private readonly css: string;

  constructor(dir: string = templatesDir()) {
    const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
    for (const file of readdirSync(path.join(dir, 'partials'))) {
      this.hbs.registerPartial(path.basename(file, '.hbs'), read(path.join('partials', file)));
    }
    this.hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
    this.hbs.registerHelper('statusClass', (status: string | null) => (status ? status.replace(' ', '-') : ''));
    this.hbs.registerHelper('trendClass', (trend: Trend | null) => trend?.judgement ?? '');
    this.hbs.registerHelper('trendText', (trend: Trend | null) =>
      trend ? `${TREND_WORDS[trend.arrow]} ${trend.change}${trend.judgement === 'gelijk' ? '' : ` (${trend.judgement})`}` : '–',
    );
    this.hbs.registerHelper('paragraphs', (text: string) =>
      text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean),
    );
    const compile = (source: string) => this.hbs.compile(source, { strict: true, noEscape: false });
    this.templates = {
      report: compile(read('report.hbs')),
      organisation: compile('{{> organisation}}'),
      paragraph: compile('{{> paragraph}}'),
      subject: compile(read('mail/subject.hbs')),
      text: compile(read('mail/body.txt.hbs')),
      html: compile(read('mail/body.html.hbs')),
    };
    this.css = `${fontFaces()}\n${read('report.css')}`;
  }

  /** The organisation-wide part as HTML: rendered once per run. */
  organisationHtml(part: OrganisationPart): string {
    return this.templates.organisation(part);
  }

  /** One municipality's complete report document. */
  reportHtml(part: OrganisationPart, organisationHtml: string, paragraph: MunicipalityParagraph): string {
    return this.templates.report({
      title: `Tweemaandelijkse rapportage ${part.organisation} ${part.periodLabel} – ${paragraph.municipality}`,
      css: new Handlebars.SafeString(this.css),
      // Both fragments were rendered by these templates with escaping on.
      organisationHtml: new Handlebars.SafeString(organisationHtml),
      paragraphHtml: new Handlebars.SafeString(this.templates.paragraph(paragraph)),
    });
  }

  mail(part: OrganisationPart, municipality: string, attachmentName: string): RenderedMail {
    const context = { ...part, municipality, attachmentName };
    const subject = this.templates.subject(context).trim();
    return {
      subject,
      text: this.templates.text(context),
      html: this.templates.html({ ...context, subject }),
    };
  }
}
