import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { type ChartView, goalChart, historyChart, perGranularityNl } from '../core/charts';
import { attachmentContents, attachmentNameFor, greetingFor } from '../core/mail-text';
import { dayLabelNl } from '../core/workdays';
import { slug } from '../core/slug';
import { renderMarkdown } from '../core/markdown';
import type { MunicipalityParagraph, OrganisationPart, Trend } from '../core/report-model';
import type { DocumentPart, MailAddress, RenderedMail, Renderer } from '../usecases/ports';
import { sourceSansFaces } from './fonts';
import { projectRoot } from './project-root';

/**
 * The templates folder: TEMPLATES_DIR when set, else `templates/` next to a bundle (Lambda),
 * else the repository's `templates/` (found from the root, so a bundle elsewhere in it finds them too).
 */
export function templatesDir(): string {
  if (process.env.TEMPLATES_DIR) return process.env.TEMPLATES_DIR;
  const bundled = path.join(import.meta.dirname, 'templates');
  return existsSync(bundled) ? bundled : path.join(projectRoot(), 'templates');
}

export type { MailAddress, RenderedMail };

/** The organisation's plain texts (the risk note): a blank line starts a new paragraph. */
function paragraphsOf(text: string): string[] {
  return String(text ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** Where the organisation part (templates/partials/organisation.hbs) takes a municipality's part. */
const DOCUMENT_PART_MARK = '<!--document-part-->';

const TREND_WORDS: Record<Trend['arrow'], string> = { '↑': 'stijgt', '↓': 'daalt', '→': 'gelijk' };

/** A chart as the templates use it: the SVG marked safe, because ECharts escaped every text in it. */
interface ChartContext extends Omit<ChartView, 'svg'> {
  readonly svg: Handlebars.SafeString | null;
}

function chartContext(chart: ChartView): ChartContext {
  return { ...chart, svg: chart.svg ? new Handlebars.SafeString(chart.svg) : null };
}

/**
 * Renders the report and the mail from the Handlebars templates. Templates, CSS and fonts are
 * read and compiled once; the organisation-wide part (with its charts) is rendered once per run
 * and reused in every municipality's report. Autoescaping stays on: data from outside is never
 * inserted raw; the only HTML marked safe is what this module produced itself (the fragments,
 * the charts' SVG, the commentary through markdown-it with raw HTML off). Operators' images go
 * in as escaped attributes: a data URL's `=` becomes `&#x3D;`, which the HTML parser reads back.
 */
export class ReportRenderer implements Renderer {
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
    this.hbs.registerHelper('lower', (text: string) => String(text).toLowerCase());
    this.hbs.registerHelper('paragraphs', paragraphsOf);
    // A quoted CSS string for generated content: quotes, backslashes and '<' (which could close
    // the <style> element) become CSS escapes; HTML escaping would print "&amp;" literally there.
    this.hbs.registerHelper(
      'cssString',
      (text: string) => new Handlebars.SafeString(`"${String(text).replace(/["\\<\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`),
    );
    // A section shows when it has its figures or only an operator's image (e.g. a Divosa graph).
    this.hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
    this.hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    this.hbs.registerHelper('statusClass', (status: string | null) => (status ? status.replace(' ', '-') : ''));
    this.hbs.registerHelper('trendClass', (trend: Trend | null) => trend?.judgement ?? '');
    this.hbs.registerHelper('judgementClass', (judgement: string | null) => judgement ?? '');
    // The arrow goes with the words, as text of the same cell, so it is tagged with them; "→" is not
    // in the embedded font, so a level trend has none.
    this.hbs.registerHelper('trendText', (trend: Trend | null) => {
      if (!trend) return '–';
      if (trend.judgement === 'gelijk') return 'gelijk';
      return `${trend.arrow} ${TREND_WORDS[trend.arrow]} ${trend.change.replace(/^[+−]/, '')} (${trend.judgement})`;
    });
    this.hbs.registerHelper('markdown', (text: string) => new Handlebars.SafeString(renderMarkdown(text)));
    const compile = (source: string) => this.hbs.compile(source, { strict: true, noEscape: false });
    this.templates = {
      report: compile(read('report.hbs')),
      organisation: compile('{{> organisation}}'),
      paragraph: compile('{{> paragraph}}'),
      // Plain text: a name with & must not arrive as &amp;.
      subject: this.hbs.compile(read('mail/subject.hbs'), { strict: true, noEscape: true }),
      text: this.hbs.compile(read('mail/body.txt.hbs'), { strict: true, noEscape: true }),
      html: compile(read('mail/body.html.hbs')),
    };
    this.css = `${sourceSansFaces([400, 600, 700])}\n${read('report.css')}`;
  }

  /**
   * The organisation-wide part as HTML, charts included: rendered once per run. It holds the
   * cover, then DOCUMENT_PART_MARK where each municipality's part goes (with "In het kort", which
   * ends with the municipality's own line), then the rest.
   */
  organisationHtml(part: OrganisationPart): string {
    const goals = goalChart(part.goals, 'org', part.attentionMargin);
    return this.templates.organisation({
      ...part,
      attentionPercent: Math.round(part.attentionMargin * 100),
      goalChart: goals ? chartContext(goals) : null,
      charts: part.indicators.filter((row) => row.headline).map((row) => chartContext(historyChart(row, 'org'))),
    });
  }

  /**
   * The report with the municipality part left empty and no title: what every report of a run
   * shares. The printer loads it once per page and fills in each municipality's part.
   */
  reportShell(part: OrganisationPart, organisationHtml: string): string {
    return this.documentHtml(part, organisationHtml, { key: '', title: '', html: '' });
  }

  /** What differs per municipality: its paragraph, with its charts, and the document title. */
  municipalityPart(part: OrganisationPart, paragraph: MunicipalityParagraph): DocumentPart {
    const prefix = `gem-${slug(paragraph.municipality)}`;
    const granularity = paragraph.indicators[0]?.granularity ?? 'periode';
    return {
      key: paragraph.municipality,
      title: `${part.reportName} ${part.organisation} ${part.periodLabel} – ${paragraph.municipality}`,
      html: this.templates.paragraph({
        ...paragraph,
        organisationSummary: part.summary,
        historyMonths: part.historyMonths,
        historyPer: perGranularityNl(granularity),
        hiddenPeriods: granularity === 'kwartaal' ? 'kwartalen' : 'perioden',
        // The few important charts, as the seed asks: the headline indicators, with only this
        // municipality's numbers; named with the municipality, so no heading repeats the organisation's.
        charts: paragraph.indicators
          .filter((row) => row.headline)
          .map((row) => chartContext(historyChart(row, prefix, `${row.label} – ${paragraph.municipality}`))),
      }),
    };
  }

  /** A complete report document: the shell with `documentPart` in its place. */
  documentHtml(part: OrganisationPart, organisationHtml: string, documentPart: DocumentPart): string {
    const mark = organisationHtml.indexOf(DOCUMENT_PART_MARK);
    if (mark < 0) throw new Error('the organisation part has no place for the municipality part');
    return this.templates.report({
      title: documentPart.title,
      footerText: `${part.organisation} · ${part.periodLabel}`,
      concept: part.concept,
      riskNote: part.riskNote,
      css: new Handlebars.SafeString(this.css),
      // The fragments were rendered by these templates with escaping on.
      opening: new Handlebars.SafeString(organisationHtml.slice(0, mark)),
      organisation: new Handlebars.SafeString(organisationHtml.slice(mark + DOCUMENT_PART_MARK.length)),
      paragraphHtml: new Handlebars.SafeString(documentPart.html),
    });
  }

  /** One municipality's complete report document. */
  reportHtml(part: OrganisationPart, organisationHtml: string, paragraph: MunicipalityParagraph): string {
    return this.documentHtml(part, organisationHtml, this.municipalityPart(part, paragraph));
  }

  /**
   * The mail that carries one municipality's report. A concept goes to reviewers: it says it is a
   * concept for them to review, of the document that municipality's AB will get. `part` may come
   * from a run archived before some of its fields existed (a re-send): only the fields every
   * archived part has are read.
   */
  mail(part: OrganisationPart, { municipality, addressees, reading, answer }: MailAddress): RenderedMail {
    const attachmentName = attachmentNameFor(part, municipality);
    const report = `de ${part.reportName.toLowerCase()} van ${part.organisation} over ${part.periodLabel}`;
    const intro = part.concept
      ? [
          `Bijgaand ontvangt u ter beoordeling het CONCEPT van ${report}: het document dat het algemeen bestuur van ${municipality} zal ontvangen, met de gemeentespecifieke paragraaf voor ${municipality}.`,
          answer
            ? `Het concept is niet bestemd voor verdere verspreiding. Hieronder staat uw persoonlijke link om te reageren; met vragen kunt u terecht bij ${part.contact.name} (${part.contact.email}).`
            : `Het concept is niet bestemd voor verdere verspreiding. Uw opmerkingen ontvangen wij graag bij ${part.contact.name} (${part.contact.email}).`,
        ]
      : [`Bijgaand ontvangt u ${report}, met de gemeentespecifieke paragraaf voor ${municipality}.`];
    // Each figure says what it is, as the report's tables do (a run archived before they did says "vorige periode").
    const headers = new Map((part.tables ?? []).map((t) => [t.aggregation, t.headers]));
    const figures = part.headline.map((row) => {
      const [now, before] = headers.get(row.aggregation) ?? [null, 'vorige periode'];
      return { label: now ? `${row.label}, ${now}` : row.label, current: row.current.text, previous: `${before}: ${row.previous.text}` };
    });
    const context = {
      ...part,
      municipality,
      attachmentName,
      attachmentContents: attachmentContents(part, municipality),
      figures,
      greeting: greetingFor(addressees),
      intro,
      riskParagraphs: paragraphsOf(part.riskNote),
      // A concept never has one (run-report gives none); strict templates need the keys present.
      readingUrl: reading?.url ?? null,
      readingPersonal: reading?.personal ?? false,
      ...(part.concept && answer ? { answer: answerInvitation(municipality, answer) } : {}),
    };
    const subject = this.templates.subject(context).trim();
    return {
      subject,
      text: this.templates.text(context),
      html: this.templates.html({ ...context, subject }),
      attachmentName,
    };
  }
}

/**
 * The invitation to answer a concept: one click, no account. The link is personal, so the mail
 * says so; the answer page itself records only when its form is sent (usecases/answers.ts).
 */
function answerInvitation(municipality: string, answer: NonNullable<MailAddress['answer']>) {
  return {
    heading: `Reageer op het concept van ${municipality}:`,
    url: answer.url,
    how: `Kies op die pagina Akkoord, of Opmerking met uw toelichting, en verstuur: één klik is genoeg. U hebt geen account of wachtwoord nodig. Graag uw reactie uiterlijk ${dayLabelNl(answer.reviewEndsOn)}. U kunt uw reactie tot de vrijgave nog wijzigen via dezelfde link.`,
    personal: 'Deze link is persoonlijk: stuur deze mail niet door.',
  };
}
