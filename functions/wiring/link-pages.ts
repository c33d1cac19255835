import type { Config } from '../adapters/config';
import { DeliveryLog } from '../adapters/delivery-log';
import { OrganisationStore } from '../adapters/organisation-store';
import { ReviewAnswerStore } from '../adapters/review-answer-store';
import { aanleverenPage } from '../links/aanleveren-page';
import { antwoordPage } from '../links/antwoord-page';
import { evaluationPage } from '../links/evaluatie-page';
import { lezenPage } from '../links/lezen-page';
import type { LinkPageHandler, LinkPages } from '../links/link-pages';
import { evaluationPageDeps } from './evaluation-dependencies';
import { lezenDeps } from './lezen-dependencies';
import { linkKey } from './link-key';
import { lazyUploadDeps } from './upload-dependencies';

/**
 * Every page a personal link opens, by its first path segment, wired to the stack `config`
 * names. One map for the console's local server and the public Lambda function; the CDK stack
 * gives each purpose its public route (infra/link-pages.ts reads LINK_PAGE_PURPOSES). One line
 * per page:
 *   antwoord   a reviewer's answer to a concept (issue 27)
 *   evaluatie  the evaluation questionnaire (issue 27)
 *   aanleveren a municipality's upload of its own figures (issue 29)
 *   lezen      the way into a municipality's web edition (issue 28)
 */
const PAGES = {
  antwoord: (config) => antwoordPage({ ...answerStores(config), key: () => linkKey(config), now: () => new Date() }),
  evaluatie: (config) => evaluationPage(() => evaluationPageDeps(config)),
  lezen: (config) => lezenPage(lezenDeps(config)),
  aanleveren: (config) => aanleverenPage(lazyUploadDeps(config)),
} as const satisfies Record<string, (config: Config) => LinkPageHandler>;

/** The first path segments that are link pages, for the public routes. */
export const LINK_PAGE_PURPOSES = Object.keys(PAGES) as readonly string[];

export function linkPages(config: Config): LinkPages {
  return Object.fromEntries(Object.entries(PAGES).map(([purpose, page]) => [purpose, page(config)]));
}

function answerStores(config: Config) {
  return {
    store: new OrganisationStore(config.TABLE_NAME),
    log: new DeliveryLog(config.TABLE_NAME, config.RETENTION_DAYS),
    // Who answered what expires with the bewaartermijn (README, Verwerkingsregister).
    answers: new ReviewAnswerStore(config.TABLE_NAME, config.RETENTION_DAYS),
  };
}
