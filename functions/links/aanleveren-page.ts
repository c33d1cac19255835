import type { HttpApiResult } from '../console/http';
import { formatNumber } from '../core/format';
import { measureWord } from '../core/organisation-file';
import { type AskedIndicator, type UploadDeps, type UploadPage, openUploadPage, submitUpload, uploadTemplate } from '../usecases/deliveries-upload';
import { LINK_PAGE_HEADERS, type LinkPageHandler, type LinkPageRequest, linkPageResult } from './link-pages';
import { alert, html, linkPageLayout } from './page-layout';

/**
 * The upload page of a municipality's own figures (`/aanleveren/<token>`, issue 29): what is
 * asked, the template (`/aanleveren/<token>/sjabloon.csv`), a form to upload a CSV and one to
 * type the values. Plain HTML that posts, no JavaScript. GOV.UK's error summary first: what was
 * refused, row by row, each typed field marked `aria-invalid` with its message linked.
 */
export function aanleverenPage(deps: () => Promise<UploadDeps>): LinkPageHandler {
  return async (request) => {
    if (request.rest === 'sjabloon.csv' && request.method === 'GET') return template(request, await deps());
    if (request.rest !== '') return linkPageResult(404, linkPageLayout('Pagina niet gevonden', alert('error', 'Deze pagina bestaat niet. Gebruik de link uit uw mail.')));
    const page = request.method === 'GET' ? await openUploadPage(request.token, await deps()) : await submitUpload(request.token, formOf(request), await deps());
    return linkPageResult(page.state === 'refused' ? 403 : 200, renderUploadPage(page, request.action));
  };
}

function formOf(request: LinkPageRequest) {
  const file = request.form.file('bestand');
  return { formToken: request.form.text('formToken'), ...(file ? { file } : {}), field: (name: string) => request.form.text(name) };
}

async function template(request: LinkPageRequest, deps: UploadDeps): Promise<HttpApiResult> {
  const found = await uploadTemplate(request.token, deps);
  if ('message' in found) return linkPageResult(403, linkPageLayout('Link werkt niet', alert('error', found.message)));
  return {
    statusCode: 200,
    headers: { ...LINK_PAGE_HEADERS, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${found.fileName}"` },
    body: found.csv,
    isBase64Encoded: false,
  };
}

export function renderUploadPage(page: UploadPage, action: string): string {
  if (page.state === 'refused') return linkPageLayout('Link werkt niet', alert('error', page.message));
  return linkPageLayout(`Cijfers aanleveren – ${page.municipality}, ${page.periodLabel}`, bodyOf(page, action));
}

type OpenPage = Extract<UploadPage, { state: 'open' }>;

function bodyOf(page: OpenPage, action: string): string {
  return [
    outcomeOf(page),
    `<p class="utrecht-paragraph">Wij vragen ${html(page.municipality)} de volgende cijfers over ${html(page.periodLabel)}. Lever ze aan als CSV-bestand of typ ze hieronder in. Een nieuwe aanlevering vervangt de waarden die u eerder aanleverde.</p>`,
    '<h2 class="utrecht-heading-2">Wat wij vragen</h2>',
    ...page.asked.map(askedTable),
    '<h2 class="utrecht-heading-2">Een bestand uploaden</h2>',
    `<p class="utrecht-paragraph"><a class="utrecht-link" href="${html(action)}/sjabloon.csv" download>Download het sjabloon (CSV)</a>: de kolommen gemeente, indicator, maand en waarde, gescheiden door een puntkomma. Vul de kolom waarde in; een getal mag met een komma of punt, zoals in Excel.</p>`,
    `<form method="post" action="${html(action)}" enctype="multipart/form-data" class="rb-panel">`,
    `<input type="hidden" name="formToken" value="${html(page.formToken)}">`,
    '<div class="utrecht-form-field"><label class="utrecht-form-label" for="bestand">CSV-bestand</label>',
    '<input class="utrecht-textbox" type="file" id="bestand" name="bestand" accept=".csv,text/csv" required></div>',
    '<button type="submit" class="utrecht-button utrecht-button--primary-action">Bestand versturen</button>',
    '</form>',
    '<h2 class="utrecht-heading-2">Of de waarden intypen</h2>',
    `<form method="post" action="${html(action)}" class="rb-panel">`,
    `<input type="hidden" name="formToken" value="${html(page.formToken)}">`,
    ...page.asked.map((asked) => typedFields(asked, page)),
    '<p class="utrecht-paragraph">Laat een veld leeg als u die waarde nu niet aanlevert.</p>',
    '<button type="submit" class="utrecht-button utrecht-button--primary-action">Waarden versturen</button>',
    '</form>',
  ].join('\n');
}

const UNIT_WORDS = { aantal: 'aantal', percentage: 'procent', dagen: 'dagen', minuten: 'minuten' } as const;

function askedTable(asked: AskedIndicator): string {
  const { indicator } = asked;
  const value = (v: number | undefined) => (v === undefined ? '<span class="rb-muted">niet aangeleverd</span>' : html(formatNumber(v, indicator.unit)));
  const rows = [
    ...asked.lastPeriod.map((m) => `<tr><th scope="row">${html(m.label)}</th><td>vorige periode</td><td>${value(m.value)}</td></tr>`),
    ...asked.months.map((m) => `<tr><th scope="row">${html(m.label)}</th><td>gevraagd</td><td>${value(m.current)}</td></tr>`),
  ];
  return [
    '<div class="rb-table-wrap"><table class="utrecht-table rb-table">',
    `<caption class="utrecht-table__caption">${html(indicator.label)} (${html(indicator.id)}; eenheid ${UNIT_WORDS[indicator.unit]}, ${measureWord(indicator.aggregation)})</caption>`,
    '<thead><tr><th scope="col">Maand</th><th scope="col">Soort</th><th scope="col">Waarde in rapportbode</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table></div>`,
  ].join('\n');
}

function typedFields(asked: AskedIndicator, page: OpenPage): string {
  const problems = page.outcome && !page.outcome.accepted ? page.outcome.fields : [];
  return [
    `<fieldset class="utrecht-form-fieldset"><legend class="utrecht-form-fieldset__legend">${html(asked.indicator.label)}</legend>`,
    ...asked.months.map((m) => {
      const problem = problems.find((p) => p.field === m.field);
      const typed = page.typed?.[m.field];
      const shown = typed ?? (m.current === undefined ? '' : String(m.current));
      const error = problem ? `<p class="utrecht-form-field-error-message" id="${m.field}-fout">${html(problem.message)}</p>` : '';
      return [
        `<div class="utrecht-form-field${problem ? ' utrecht-form-field--invalid' : ''}">`,
        `<label class="utrecht-form-label" for="${m.field}">${html(m.label)}</label>`,
        error,
        `<input class="utrecht-textbox" type="text" inputmode="decimal" id="${m.field}" name="${m.field}" value="${html(shown)}" autocomplete="off"${problem ? ` aria-invalid="true" aria-describedby="${m.field}-fout"` : ''}>`,
        '</div>',
      ].join('');
    }),
    '</fieldset>',
  ].join('\n');
}

function outcomeOf(page: OpenPage): string {
  const outcome = page.outcome;
  if (!outcome) return '';
  if (outcome.accepted) {
    const flags = outcome.flags.length > 0 ? `<p class="utrecht-paragraph">Let op, deze waarden wijken sterk af van de vorige periode (ze zijn wel verwerkt):</p><ul class="utrecht-unordered-list">${outcome.flags.map((f) => `<li>${html(f)}</li>`).join('')}</ul>` : '';
    const changes = outcome.changes.length > 0 ? `<ul class="utrecht-unordered-list">${outcome.changes.map((c) => `<li>${html(c)}</li>`).join('')}</ul>` : '';
    return [
      `<div class="utrecht-alert utrecht-alert--ok" role="status"><p class="utrecht-paragraph">Dank u; uw aanlevering (${html(outcome.source)}) is verwerkt: ${outcome.counts.new} nieuw, ${outcome.counts.changed} gewijzigd, ${outcome.counts.unchanged} ongewijzigd. U krijgt dit ook per mail.</p>${changes}${flags}</div>`,
    ].join('');
  }
  const items = outcome.fields.length > 0
    ? outcome.fields.map((p) => `<li><a class="utrecht-link" href="#${p.field}">${html(`${p.label}: ${p.message}`)}</a></li>`)
    : outcome.problems.map((p) => `<li>${html(p)}</li>`);
  return `<div class="utrecht-alert utrecht-alert--error" role="alert"><h2 class="utrecht-heading-2">Er is niets verwerkt</h2><p class="utrecht-paragraph">Uw aanlevering (${html(outcome.source)}) is geweigerd; er is niets gewijzigd. Verbeter het volgende en verstuur opnieuw (u krijgt dit ook per mail):</p><ul class="utrecht-unordered-list">${items.join('')}</ul></div>`;
}
