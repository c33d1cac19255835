import type { CycleRecord, CycleStore } from '../../usecases/ports';
import { InMemoryData } from './data';
import { compare } from './organisation-store';

/**
 * Each period's cycle in memory (the real one: adapters/cycle-store.ts): a hold that already is,
 * and a notice already claimed about the same thing, are refused. `new InMemoryCycleStore(data?)`.
 */
export class InMemoryCycleStore implements CycleStore {
  constructor(readonly data: InMemoryData = new InMemoryData()) {}

  async get(period: string): Promise<CycleRecord | undefined> {
    const record = this.data.cycles.get(period);
    return record && recordOf(record);
  }

  async list(): Promise<CycleRecord[]> {
    return [...this.data.cycles.values()].sort((a, b) => compare(a.period, b.period)).map(recordOf);
  }

  async recordConcept(period: string, concept: { runId: string; sentOn: string; reviewEndsOn: string }): Promise<void> {
    const record = this.record(period);
    this.data.cycles.set(period, { ...record, conceptRunId: concept.runId, conceptSentOn: concept.sentOn, reviewEndsOn: concept.reviewEndsOn });
  }

  async setHold(period: string, hold: { held: boolean; by: string; at: string }): Promise<boolean> {
    const record = this.record(period);
    if (record.held === hold.held) return false;
    this.data.cycles.set(period, { ...record, held: hold.held, heldBy: hold.by, heldAt: hold.at });
    return true;
  }

  async claimNotice(period: string, kind: string, about: string): Promise<boolean> {
    const record = this.record(period);
    if (record.notices[kind] === about) return false;
    this.data.cycles.set(period, { ...record, notices: { ...record.notices, [kind]: about } });
    return true;
  }

  async releaseNotice(period: string, kind: string, about: string): Promise<void> {
    const record = this.record(period);
    if (record.notices[kind] !== about) return;
    const { [kind]: _released, ...notices } = record.notices;
    this.data.cycles.set(period, { ...record, notices });
  }

  private record(period: string): CycleRecord & { notices: Record<string, string> } {
    return this.data.cycles.get(period) ?? { period, held: false, notices: {} };
  }
}

function recordOf({ notices: _notices, ...record }: CycleRecord & { notices: Record<string, string> }): CycleRecord {
  return { ...record };
}
