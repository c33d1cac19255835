import { describe, expect, it } from 'vitest';
import { outboxName } from '../../functions/adapters/outbox-mailer';
import { messageIdFor } from '../../functions/usecases/send-message';

const named = (...parts: string[]) => outboxName(messageIdFor(...parts).slice(1, -1));

describe('the local outbox names each mail after its municipality', () => {
  it('files a run\'s mail under the run, as the municipality\'s slug', () => {
    expect(named('2026-09-final', 'West Betuwe#1')).toEqual({ runId: '2026-09-final', name: 'west-betuwe' });
    expect(named('2026-09-concept-2', "'s-Hertogenbosch#1")).toEqual({ runId: '2026-09-concept-2', name: 's-hertogenbosch' });
  });

  it('keeps accents out of the name, as the PDF names do', () => {
    expect(named('2026-09-final', 'Súdwest-Fryslân#1')).toEqual({ runId: '2026-09-final', name: 'sudwest-fryslan' });
  });

  it('numbers the second part of a municipality\'s mail, so no part overwrites another', () => {
    expect(named('2026-09-final', 'Tiel#2')).toEqual({ runId: '2026-09-final', name: 'tiel-2' });
    expect(named('2026-09-final', 'resend', 'ab12', '3')).toEqual({ runId: '2026-09-final', name: 'resend-ab12-3' });
  });
});
