import { describe, expect, it } from 'vitest';
import { startLines } from '../../functions/cli/commands/evaluation';

const evaluation = { id: 'evaluatie-2026-12-05', questions: [], startedAt: '2026-12-05T00:13:00.000Z', startedBy: 'a.devries', closesAt: '2026-12-26T22:59:59.000Z', remindOn: '2026-12-11' };

describe('what evaluation start prints', () => {
  it('names the reminder day as the day it is sent to whom has not answered by then, not the links\' last day', () => {
    const lines = startLines({ evaluation, resumed: false, sent: 12, already: 0, failed: [], unknown: [] });
    // It read: "De links werken tot en met zaterdag 26 december 2026; wie dan nog niet antwoordde, krijgt op
    // vrijdag 11 december 2026 … één herinnering" — a reminder, on the 11th, for whom was silent on the 26th.
    expect(lines[1]).toBe('De links werken tot en met zaterdag 26 december 2026. Wie op vrijdag 11 december 2026 nog niet antwoordde, krijgt die dag van de cyclus één herinnering.');
  });
});
