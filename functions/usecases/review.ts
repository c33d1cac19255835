import { linkSubject } from '../core/personal-link';
import { type MunicipalityReview, reviewOfConcept } from '../core/review';
import { requireOrganisation } from './organisation';
import type { OrganisationReader, ReviewAnswers } from './ports';

/** What reading the answers to a concept needs: the answers, the organisation and its recipient list. */
export interface ConceptReviewDeps {
  readonly answers?: ReviewAnswers;
  readonly run: { readonly store: OrganisationReader };
}

/**
 * Where each receiving municipality stands on a concept: who agreed, who remarked what, which
 * gbo-leden are silent. Undefined when no answers port is wired (nothing can be known then).
 */
export async function conceptReview(conceptRunId: string, deps: ConceptReviewDeps): Promise<MunicipalityReview[] | undefined> {
  if (!deps.answers) return undefined;
  const [organisation, recipients, answers] = await Promise.all([requireOrganisation(deps.run.store), deps.run.store.recipients(), deps.answers.answersFor(conceptRunId)]);
  const receiving = organisation.municipalities.filter((m) => !m.optedOut).map((m) => m.name);
  const gboLeden = recipients.filter((r) => r.role === 'gbo-lid').map((r) => ({ municipality: r.municipality, name: r.name, subject: linkSubject(r.email) }));
  return reviewOfConcept(receiving, gboLeden, answers);
}
