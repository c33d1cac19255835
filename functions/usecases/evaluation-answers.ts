import { type EvaluationAnswers, type EvaluationQuestion, isEvaluationInvitee, validAnswer } from '../core/evaluation';
import { INVALID_LINK_NL, checkLink, formToken, linkSubject, verifyFormToken } from '../core/personal-link';
import type { EvaluationStore, OrganisationReader } from './ports';

/**
 * The evaluation's questionnaire behind a personal link (`/evaluatie/<token>`). Opening (GET)
 * records nothing: mail scanners open every link. Only the form's POST with the form token
 * records, and answering again replaces the earlier answers until the link expires.
 */
export interface EvaluationPageDeps {
  readonly store: Pick<OrganisationReader, 'recipients'>;
  readonly evaluations: Pick<EvaluationStore, 'evaluation' | 'responses' | 'recordResponse'>;
  readonly key: Uint8Array;
  readonly now: () => Date;
}

export type EvaluationPage =
  | {
      readonly state: 'open';
      readonly evaluationId: string;
      readonly closesAt: string;
      readonly name: string;
      readonly questions: readonly EvaluationQuestion[];
      readonly formToken: string;
      readonly current?: EvaluationAnswers;
      readonly recorded?: boolean;
      /** What was wrong with the form: nothing was recorded. */
      readonly problem?: string;
    }
  | { readonly state: 'refused'; readonly message: string };

/** The form's field for a question. */
export function fieldName(question: Pick<EvaluationQuestion, 'id'>): string {
  return `vraag-${question.id}`;
}

/** What the page shows for a link; records nothing. */
export async function openEvaluationPage(token: string, deps: EvaluationPageDeps): Promise<EvaluationPage> {
  return (await pageFor(token, deps)).page;
}

/** The form's POST: with the form token and at least one valid answer, records (or replaces) this person's answers. */
export async function submitEvaluation(token: string, form: { formToken: string; value(field: string): string }, deps: EvaluationPageDeps): Promise<EvaluationPage> {
  const { page, subject } = await pageFor(token, deps);
  if (page.state !== 'open' || subject === undefined) return page;
  if (!verifyFormToken(deps.key, token, form.formToken)) return { state: 'refused', message: 'Dit formulier is niet via uw persoonlijke link geopend; er is niets vastgelegd. Open de link uit de mail opnieuw.' };
  const answers: Record<string, string> = {};
  for (const question of page.questions) {
    const given = form.value(fieldName(question)).trim();
    const valid = validAnswer(question, given);
    if (given !== '' && valid === undefined) return { ...page, problem: `Het antwoord op "${question.text}" is geen van de keuzes op het formulier; er is niets vastgelegd.` };
    if (valid !== undefined) answers[question.id] = valid;
  }
  if (Object.keys(answers).length === 0) return { ...page, problem: 'Beantwoord minstens één vraag; er is niets vastgelegd.' };
  await deps.evaluations.recordResponse({ evaluationId: page.evaluationId, subject, answers, at: deps.now().toISOString() });
  return { ...page, current: answers, recorded: true };
}

/**
 * 1. the link verified (signature, purpose, expiry); 2. the evaluation it names exists;
 * 3. its person still an AB-lid or gbo-lid on the list (a removed recipient's link stops working).
 */
async function pageFor(token: string, deps: EvaluationPageDeps): Promise<{ page: EvaluationPage; subject?: string }> {
  const link = checkLink(deps.key, token, deps.now(), 'evaluatie');
  if (!link.ok) return { page: { state: 'refused', message: link.why === 'expired' ? 'Deze link is verlopen: de evaluatie is gesloten. Er is niets vastgelegd.' : INVALID_LINK_NL } };
  const { claims } = link;
  const evaluation = await deps.evaluations.evaluation(claims.scope);
  const person = (await deps.store.recipients()).find((r) => linkSubject(r.email) === claims.subject && isEvaluationInvitee(r));
  if (!evaluation || !person) return { page: { state: 'refused', message: 'Deze link werkt niet meer: u staat niet (meer) op de lijst van AB-leden en gbo-leden, of de evaluatie bestaat niet meer. Er is niets vastgelegd.' } };
  const current = (await deps.evaluations.responses(evaluation.id)).find((r) => r.subject === claims.subject)?.answers;
  return {
    page: { state: 'open', evaluationId: evaluation.id, closesAt: evaluation.closesAt, name: person.name, questions: evaluation.questions, formToken: formToken(deps.key, token), ...(current ? { current } : {}) },
    subject: claims.subject,
  };
}
