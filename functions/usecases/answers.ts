import { INVALID_LINK_NL, checkLink, formToken, linkPageUrl, linkSubject, signLink, verifyFormToken } from '../core/personal-link';
import { parseRunId, runIdFor } from '../core/run-id';
import type { Recipient } from '../core/organisation';
import { mayAnswerConcept } from '../core/review';
import { requireOrganisation } from './organisation';
import type { DeliveryLedger, OrganisationReader, ReviewAnswer, ReviewAnswerStore } from './ports';

/**
 * The answer page of a concept (issue 27 item 2): a gbo-lid or reviewer opens the personal link
 * from the concept mail and answers Akkoord or Opmerking. Opening (GET) records nothing — mail
 * scanners open every link; only the form's POST with the form token records.
 */
export interface AnswerDeps {
  readonly store: OrganisationReader;
  readonly log: Pick<DeliveryLedger, 'run'>;
  readonly answers: ReviewAnswerStore;
  readonly key: Uint8Array;
  readonly now: () => Date;
}

export type AnswerPage =
  | { readonly state: 'open'; readonly conceptRunId: string; readonly municipality: string; readonly name: string; readonly formToken: string; readonly current?: ReviewAnswer; readonly recorded?: boolean }
  | { readonly state: 'released'; readonly conceptRunId: string; readonly municipality: string; readonly name: string }
  | { readonly state: 'refused'; readonly reason: RefusalReason; readonly message: string; readonly field?: 'answer' | 'text' };

/**
 * Why nothing was recorded: the link itself (expired, invalid, its person no longer listed) or
 * only the form (`form`: not sent from the page, or no choice / no text), which the page shows again.
 */
export type RefusalReason = 'expired' | 'invalid' | 'not-listed' | 'superseded' | 'form';

/** The link for one person's answer to one municipality's concept, valid until `expiresAt`. */
export function answerLink(key: Uint8Array, to: { email: string; conceptRunId: string; municipality: string; expiresAt: Date }): string {
  return signLink(key, { purpose: 'antwoord', subject: linkSubject(to.email), scope: `${to.conceptRunId}#${to.municipality}`, expiresAt: Math.floor(to.expiresAt.getTime() / 1000) });
}

/** The address of one person's answer page: the link pages' base, `/antwoord/`, the signed link. */
export function answerUrl(baseUrl: string, key: Uint8Array, to: Parameters<typeof answerLink>[1]): string {
  return linkPageUrl(baseUrl, 'antwoord', answerLink(key, to));
}

/** What the page shows for a link; records nothing. */
export async function openAnswerPage(token: string, deps: AnswerDeps): Promise<AnswerPage> {
  return (await pageFor(token, deps)).page;
}

async function pageFor(token: string, deps: AnswerDeps): Promise<{ page: AnswerPage; subject?: string }> {
  const reader = await readerOf(token, deps);
  if ('message' in reader) return { page: { state: 'refused', reason: reader.reason, message: reader.message } };
  const { conceptRunId, municipality, recipient, subject } = reader;
  if (await released(conceptRunId, deps)) return { page: { state: 'released', conceptRunId, municipality, name: recipient.name } };
  const newer = await newerConcept(conceptRunId, deps);
  if (newer) {
    return { page: { state: 'refused', reason: 'superseded', message: `Er is een nieuwer concept van ${municipality} verstuurd (${newer}); reageer via de link in die mail. Op ${conceptRunId} wordt niets meer vastgelegd.` } };
  }
  const current = (await deps.answers.answersFor(conceptRunId)).find((a) => a.municipality === municipality && a.subject === subject);
  return { page: { state: 'open', conceptRunId, municipality, name: recipient.name, formToken: formToken(deps.key, token), ...(current ? { current } : {}) }, subject };
}

/** The form's POST: with the form token, records (or replaces) this person's answer; otherwise says why not. */
export async function submitAnswer(token: string, form: { formToken: string; answer: string; text: string }, deps: AnswerDeps): Promise<AnswerPage> {
  const { page, subject } = await pageFor(token, deps);
  if (page.state !== 'open') return page;
  if (!verifyFormToken(deps.key, token, form.formToken)) return { state: 'refused', reason: 'form', message: 'Dit formulier is niet via uw persoonlijke link geopend; er is niets vastgelegd. Open de link uit de mail opnieuw.' };
  if (form.answer !== 'akkoord' && form.answer !== 'opmerking') return { state: 'refused', reason: 'form', field: 'answer', message: 'Kies Akkoord of Opmerking; er is niets vastgelegd.' };
  const text = form.text.trim();
  if (form.answer === 'opmerking' && text === '') return { state: 'refused', reason: 'form', field: 'text', message: 'Schrijf uw opmerking in het tekstvak; er is niets vastgelegd.' };
  const answer: ReviewAnswer = {
    conceptRunId: page.conceptRunId,
    municipality: page.municipality,
    answer: form.answer,
    by: page.name,
    ...(subject ? { subject } : {}),
    ...(form.answer === 'opmerking' ? { text: text.slice(0, 4000) } : {}),
    at: deps.now().toISOString(),
  };
  await deps.answers.recordAnswer(answer);
  return { ...page, current: answer, recorded: true };
}

type Reader = { conceptRunId: string; municipality: string; recipient: Recipient; subject: string } | { reason: Exclude<RefusalReason, 'form'>; message: string };

/** The link verified and its person still on the list, as a reviewer or that municipality's gbo-lid. */
async function readerOf(token: string, deps: AnswerDeps): Promise<Reader> {
  const link = checkLink(deps.key, token, deps.now(), 'antwoord');
  if (!link.ok) return link.why === 'expired' ? { reason: 'expired', message: 'Deze link is verlopen: de review van dit concept is voorbij. Er is niets vastgelegd.' } : { reason: 'invalid', message: INVALID_LINK_NL };
  const { claims } = link;
  const [conceptRunId = '', municipality = ''] = claims.scope.split('#');
  const recipient = (await deps.store.recipients()).find((r) => linkSubject(r.email) === claims.subject && mayAnswerConcept(r, municipality));
  if (!recipient) return { reason: 'not-listed', message: 'Deze link werkt niet meer: u staat niet (meer) op de lijst van reviewers. Er is niets vastgelegd.' };
  return { conceptRunId, municipality, recipient, subject: claims.subject };
}

/** The next concept of the period, once it went out: the release and the status read its answers, not this one's. */
async function newerConcept(conceptRunId: string, deps: AnswerDeps): Promise<string | undefined> {
  const organisation = await requireOrganisation(deps.store);
  const { period, conceptNumber = 1 } = parseRunId(conceptRunId, organisation.periodLength);
  const next = runIdFor(period, 'concept', conceptNumber + 1);
  const run = await deps.log.run(next);
  return run?.status === 'completed' || run?.status === 'partial' ? next : undefined;
}

/** The concept's final went out, released from it: the page only says so. */
async function released(conceptRunId: string, deps: AnswerDeps): Promise<boolean> {
  const organisation = await requireOrganisation(deps.store);
  const final = await deps.log.run(runIdFor(parseRunId(conceptRunId, organisation.periodLength).period, 'final'));
  return final?.status === 'completed';
}
