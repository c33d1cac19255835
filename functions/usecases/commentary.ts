import { type Period, periodId } from '../core/periods';
import type { AuditLog, CommentaryStore } from './ports';

export interface CommentaryDeps {
  readonly store: Pick<CommentaryStore, 'commentary' | 'putCommentary'>;
  readonly audit: AuditLog;
  readonly now: () => Date;
}

/**
 * Sets a period's commentary (already checked by parseCommentary): the audit trail records who
 * changed it and how long it was before and after, then the text replaces the previous one.
 */
export async function setCommentary(period: Period, text: string, actor: string, deps: CommentaryDeps): Promise<void> {
  const id = periodId(period);
  const before = await deps.store.commentary(id);
  const detail = `${id}: ${before ? `${before.length} tekens vervangen door` : 'nieuw,'} ${text.length} tekens`;
  await deps.audit.audit([{ at: deps.now().toISOString(), actor, action: 'commentary set', detail }]);
  await deps.store.putCommentary(id, text);
}
