import { alert, html, linkPageLayout as layout } from './page-layout';
import type { AnswerPage } from '../usecases/answers';

/**
 * What the POST could not record, shown on the form again: the use case's message, the field it
 * is about, and what was sent (kept, so nothing typed is lost).
 */
export interface AnswerProblem {
  readonly message: string;
  readonly field?: 'answer' | 'text';
  readonly given?: { readonly answer: string; readonly text: string };
}

/**
 * The answer page as plain HTML: a form that posts, no JavaScript, the console's NL Design System
 * theme, readable on a phone. GOV.UK's pattern for a problem: the message first, in an alert
 * that a screen reader announces, linking to the field, which is marked `aria-invalid` with the
 * message beside it. `action` is the page's own address (the link), so the POST carries the token
 * in the path and the form token in the body.
 */
export function renderAnswerPage(page: AnswerPage, action: string, problem?: AnswerProblem): string {
  return layout(titleOf(page), bodyOf(page, action, problem));
}

function titleOf(page: AnswerPage): string {
  if (page.state === 'refused') return 'Link werkt niet';
  return `Concept ${page.conceptRunId} – ${page.municipality}`;
}

function bodyOf(page: AnswerPage, action: string, problem?: AnswerProblem): string {
  if (page.state === 'refused') return alert('error', page.message);
  if (page.state === 'released') {
    return `<p class="utrecht-paragraph">Het rapport van ${html(page.municipality)} is al definitief verstuurd; een reactie op concept ${html(page.conceptRunId)} wordt niet meer vastgelegd.</p>`;
  }
  const current = page.current;
  const said = current
    ? `<p class="utrecht-paragraph">Uw reactie tot nu toe: <strong>${current.answer === 'akkoord' ? 'Akkoord' : 'Opmerking'}</strong>${current.text ? ` – ${html(current.text)}` : ''}. Een nieuwe reactie vervangt deze, tot het rapport definitief is verstuurd.</p>`
    : '';
  return [
    problem ? problemSummary(problem) : page.recorded ? alert('ok', 'Dank u; uw reactie is vastgelegd.') : '',
    `<p class="utrecht-paragraph">${html(page.name)}, wat vindt u van het concept van ${html(page.municipality)} (${html(page.conceptRunId)})?</p>`,
    said,
    form(page, action, problem),
  ].join('\n');
}

const FIELD_IDS = { answer: 'keuze-akkoord', text: 'opmerking-tekst' } as const;

function problemSummary(problem: AnswerProblem): string {
  if (!problem.field) return alert('error', problem.message);
  return `<div class="utrecht-alert utrecht-alert--error" role="alert"><p class="utrecht-paragraph"><a class="utrecht-link" href="#${FIELD_IDS[problem.field]}">${html(problem.message)}</a></p></div>`;
}

function form(page: Extract<AnswerPage, { state: 'open' }>, action: string, problem?: AnswerProblem): string {
  const chosen = problem?.given?.answer ?? page.current?.answer;
  const text = problem?.given?.text ?? page.current?.text ?? '';
  const invalid = (field: 'answer' | 'text', id: string) => (problem?.field === field ? ` aria-invalid="true" aria-describedby="${id}"` : '');
  const message = (field: 'answer' | 'text', id: string) => (problem?.field === field ? `<p class="utrecht-form-field-error-message" id="${id}">${html(problem.message)}</p>` : '');
  return [
    `<form method="post" action="${html(action)}" class="rb-answer">`,
    `<input type="hidden" name="formToken" value="${html(page.formToken)}">`,
    `<fieldset class="utrecht-form-fieldset"${invalid('answer', 'keuze-fout')}><legend class="utrecht-form-fieldset__legend">Uw reactie</legend>`,
    message('answer', 'keuze-fout'),
    radio('akkoord', 'Akkoord: het concept kan zo naar het AB', chosen === 'akkoord'),
    radio('opmerking', 'Opmerking: er moet iets anders', chosen === 'opmerking'),
    '</fieldset>',
    '<div class="utrecht-form-field"><label class="utrecht-form-label" for="opmerking-tekst">Uw opmerking (bij Opmerking)</label>',
    message('text', 'opmerking-fout'),
    `<textarea class="utrecht-textarea${problem?.field === 'text' ? ' utrecht-textarea--invalid' : ''}" id="opmerking-tekst" name="text" rows="5" maxlength="4000"${invalid('text', 'opmerking-fout')}>${html(text)}</textarea></div>`,
    '<button type="submit" class="utrecht-button utrecht-button--primary-action">Reactie versturen</button>',
    '</form>',
  ].join('\n');
}

function radio(value: string, label: string, checked: boolean): string {
  return `<div class="utrecht-form-field utrecht-form-field--radio"><input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id="keuze-${value}" name="answer" value="${value}"${checked ? ' checked' : ''} required><label class="utrecht-form-label" for="keuze-${value}">${label}</label></div>`;
}
