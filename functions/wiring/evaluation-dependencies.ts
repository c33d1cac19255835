import type { Config } from '../adapters/config';
import { DeliveryLog } from '../adapters/delivery-log';
import { EvaluationStore } from '../adapters/evaluation-store';
import { OrganisationStore } from '../adapters/organisation-store';
import { mailerFor } from '../adapters/outbox-mailer';
import { RecipientStore } from '../adapters/recipient-store';
import type { EvaluationPageDeps } from '../usecases/evaluation-answers';
import type { EvaluationCycleDeps } from '../usecases/evaluation';
import { linkKey } from './link-key';

/** The evaluation's adapters: `evaluation start`, `evaluation results` and the cycle's part. */
export function evaluationDeps(config: Config): EvaluationCycleDeps {
  return {
    store: new OrganisationStore(config.TABLE_NAME),
    evaluations: new EvaluationStore(config.TABLE_NAME, config.RETENTION_DAYS),
    audit: new RecipientStore(config.TABLE_NAME, config.RETENTION_DAYS),
    mailer: mailerFor(config),
    key: () => linkKey(config),
    linkPagesUrl: config.LINK_PAGES_URL,
    now: () => new Date(),
    log: new DeliveryLog(config.TABLE_NAME, config.RETENTION_DAYS),
  };
}

/** What the questionnaire page needs: the list (is the person still on it), the answers, the key. */
export async function evaluationPageDeps(config: Config): Promise<EvaluationPageDeps> {
  return {
    store: new OrganisationStore(config.TABLE_NAME),
    evaluations: new EvaluationStore(config.TABLE_NAME, config.RETENTION_DAYS),
    key: await linkKey(config),
    now: () => new Date(),
  };
}
