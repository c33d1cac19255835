import { MAX_OPEN_ANSWER, MIN_ANSWERS_SHOWN, SCALE_LABELS, type EvaluationQuestion, closesOnOf } from '../core/evaluation';
import { dayLabelNl } from '../core/workdays';
import { type EvaluationPage, type EvaluationPageDeps, fieldName, openEvaluationPage, submitEvaluation } from '../usecases/evaluation-answers';
import { type LinkPageHandler, linkPageResult } from './link-pages';
import { alert, html, linkPageLayout } from './page-layout';

/**
 * The evaluation's questionnaire (`/evaluatie/<token>`): plain HTML that works without
 * JavaScript, each question a fieldset with its legend (radios for a scale or a choice, a text
 * area for an open question), every question optional. `deps` is called per request: the key
 * comes from Secrets Manager in AWS, and the page reads nothing until it is opened.
 */
export function evaluationPage(deps: () => Promise<EvaluationPageDeps>): LinkPageHandler {
  return async (request) => {
    if (request.rest !== '') return linkPageResult(404, linkPageLayout('Pagina niet gevonden', alert('error', 'Deze pagina bestaat niet. Gebruik de link uit uw mail.')));
    const wired = await deps();
    const page =
      request.method === 'POST'
        ? await submitEvaluation(request.token, { formToken: request.form.text('formToken'), value: (field) => request.form.text(field) }, wired)
        : await openEvaluationPage(request.token, wired);
    const status = page.state === 'refused' ? 403 : page.problem ? 400 : 200;
    return linkPageResult(status, renderEvaluationPage(page, request.action));
  };
}

export function renderEvaluationPage(page: EvaluationPage, action: string): string {
  if (page.state === 'refused') return linkPageLayout('Link werkt niet', alert('error', page.message));
  const until = dayLabelNl(closesOnOf(page));
  const said = page.problem ? alert('error', page.problem) : page.recorded ? alert('ok', `Dank u; uw antwoorden zijn vastgelegd. Tot en met ${until} kunt u ze hier nog wijzigen.`) : '';
  return linkPageLayout(
    'Evaluatie van de rapportage',
    [
      said,
      `<p class="utrecht-paragraph">${html(page.name)}, wat vindt u van de rapportage? Alle vragen zijn vrijwillig: beantwoord wat u wilt. U kunt uw antwoorden tot en met ${html(until)} wijzigen; de nieuwe vervangen de oude.</p>`,
      `<p class="utrecht-paragraph">Uw antwoorden worden alleen samengevoegd getoond, zonder naam of gemeente, en een vraag pas als minstens ${MIN_ANSWERS_SHOWN} mensen hem beantwoordden.</p>`,
      `<form method="post" action="${html(action)}">`,
      `<input type="hidden" name="formToken" value="${html(page.formToken)}">`,
      ...page.questions.map((q, i) => question(q, i + 1, page.current?.[q.id])),
      '<button type="submit" class="utrecht-button utrecht-button--primary-action">Antwoorden versturen</button>',
      '</form>',
    ].join('\n'),
  );
}

function question(q: EvaluationQuestion, number: number, current: string | undefined): string {
  const legendId = `vraag-${q.id}-legend`;
  const legend = `<legend class="utrecht-form-fieldset__legend" id="${legendId}">${number}. ${html(q.text)}</legend>`;
  if (q.kind === 'open') {
    const area = `<textarea class="utrecht-textarea" id="veld-${html(q.id)}" name="${html(fieldName(q))}" rows="4" maxlength="${MAX_OPEN_ANSWER}" aria-labelledby="${legendId}">${html(current ?? '')}</textarea>`;
    return `<fieldset class="utrecht-form-fieldset">${legend}${area}</fieldset>`;
  }
  const choices: [string, string][] = q.kind === 'schaal' ? Object.entries(SCALE_LABELS) : (q.options ?? []).map((o) => [o, o]);
  // A chosen radio cannot be cleared without a script: "geen antwoord" is a choice of its own.
  const radios = [...choices, ['', 'Geen antwoord'] as [string, string]].map(([value, label], i) => radio(q, i, value, label, (current ?? '') === value));
  return `<fieldset class="utrecht-form-fieldset">${legend}${radios.join('')}</fieldset>`;
}

function radio(q: EvaluationQuestion, index: number, value: string, label: string, checked: boolean): string {
  const id = `veld-${q.id}-${index}`;
  // --html-input: the component's :checked style (without it a chosen radio looks empty).
  const input = `<input class="utrecht-form-field__input utrecht-radio-button utrecht-radio-button--html-input" type="radio" id="${html(id)}" name="${html(fieldName(q))}" value="${html(value)}"${checked ? ' checked' : ''}>`;
  return `<div class="utrecht-form-field utrecht-form-field--radio">${input}<label class="utrecht-form-field__label utrecht-form-label utrecht-form-label--radio" for="${html(id)}">${html(label)}</label></div>`;
}
