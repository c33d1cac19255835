import type { HttpApiResult } from '../console/http';
import { type AnswerDeps, type AnswerPage, type RefusalReason, openAnswerPage, submitAnswer } from '../usecases/answers';
import { renderAnswerPage } from './answer-html';
import { type LinkPageHandler, type LinkPageRequest, linkPageResult } from './link-pages';

/** What the answer page needs; the key is read when a request comes (in AWS from Secrets Manager, once per container). */
export interface AntwoordPageDeps extends Omit<AnswerDeps, 'key'> {
  readonly key: () => Promise<Uint8Array>;
}

/**
 * A link that opens nothing: gone for good when it expired (410), refused otherwise (403): a
 * changed link or a person no longer on the list. A form that could not be recorded is shown
 * again with its problem (400).
 */
const REFUSED_STATUS: Readonly<Record<RefusalReason, number>> = { expired: 410, invalid: 403, 'not-listed': 403, superseded: 410, form: 400 };

/**
 * `/antwoord/<token>`: a gbo-lid's or reviewer's answer to a concept (issue 27). A GET shows the
 * page and records nothing; a POST records the form's choice (usecases/answers.ts).
 */
export function antwoordPage(deps: AntwoordPageDeps): LinkPageHandler {
  return async (request) => {
    if (request.rest !== '') return linkPageResult(404, renderAnswerPage({ state: 'refused', reason: 'invalid', message: 'Deze pagina bestaat niet. Gebruik de link uit uw mail.' }, request.action));
    const answerDeps: AnswerDeps = { ...deps, key: await deps.key() };
    if (request.method === 'GET') return show(await openAnswerPage(request.token, answerDeps), request.action);
    return submitted(request, answerDeps);
  };
}

/**
 * The POST: the page as it is now (thanked, or said to be released or refused). A refused form
 * shows the form again, the problem on top; a link that fails shows only why.
 */
async function submitted(request: LinkPageRequest, deps: AnswerDeps): Promise<HttpApiResult> {
  const form = { formToken: request.form.text('formToken'), answer: request.form.text('answer'), text: request.form.text('text') };
  const page = await submitAnswer(request.token, form, deps);
  if (page.state !== 'refused' || page.reason !== 'form') return show(page, request.action);
  const again = await openAnswerPage(request.token, deps);
  if (again.state !== 'open') return show(again, request.action);
  const problem = { message: page.message, ...(page.field ? { field: page.field } : {}), given: { answer: form.answer, text: form.text } };
  return linkPageResult(REFUSED_STATUS.form, renderAnswerPage(again, request.action, problem));
}

function show(page: AnswerPage, action: string): HttpApiResult {
  return linkPageResult(page.state === 'refused' ? REFUSED_STATUS[page.reason] : 200, renderAnswerPage(page, action));
}
