import { describe, expect, it } from 'vitest';
import { readGoalsFile, withGoals } from '../../functions/core/goals-import';
import { parsePeriod } from '../../functions/core/periods';
import { buildReportModel } from '../../functions/core/report-model';
import { catalogueOfConfig, testOrganisation } from '../support/organisation';

const organisation = testOrganisation();
const read = (text: string) => readGoalsFile(new TextEncoder().encode(text), { fileName: 'doelen.csv', catalogue: catalogueOfConfig(organisation) });

async function rejection(text: string): Promise<string> {
  try {
    await read(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('the goals file', () => {
  it('reads goals by indicator id or label, Dutch numbers, for coming years', async () => {
    const file = await read('indicator;jaar;doel\nbijstand;2028;2.150\nUitkeringsgerechtigden met inkomsten uit werk;2028;19,5\n');
    expect(file.goals).toEqual([
      { indicator: 'bijstand', year: 2028, goal: 2150 },
      { indicator: 'werkend', year: 2028, goal: 19.5 },
    ]);
  });

  it('refuses the whole file naming each wrong row and column', async () => {
    const message = await rejection('indicator;jaar;doel\nbijstand;28;2150\nwerkend;2028;120\nonbekend;2028;5\nbijstand;2029;-1\nbijstand;2029;5\n');
    expect(message).toMatch(/rij 2.*jaar.*"28" is geen jaartal/);
    expect(message).toMatch(/rij 3.*doel.*meer dan 100/);
    expect(message).toMatch(/rij 4.*indicator/);
    expect(message).toMatch(/rij 5.*doel.*negatief/);
  });

  it('refuses a file with only its header', async () => {
    await expect(read('indicator;jaar;doel\n')).rejects.toThrow();
  });

  it('sets the file’s goals and keeps the other years', () => {
    const changed = withGoals(organisation, [{ indicator: 'bijstand', year: 2028, goal: 2150 }]);
    expect(changed.indicators.find((i) => i.id === 'bijstand')?.goals).toEqual({ '2025': 2350, '2026': 2250, '2027': 2200, '2028': 2150 });
    expect(changed.indicators.find((i) => i.id === 'instroom')).toEqual(organisation.indicators.find((i) => i.id === 'instroom'));
  });
});

describe('a year without a goal', () => {
  it('prints "geen doel" and still builds the report', () => {
    const model = buildReportModel({
      organisation: testOrganisation({ indicators: organisation.indicators.map((i) => ({ ...i, goals: {} })) }),
      period: parsePeriod('2026-09'),
      figures: [],
      benchmarks: [],
      commentary: null,
      issuedOn: new Date('2026-11-30T00:00:00Z'),
      concept: false,
    });
    expect(model.organisationPart.goals.every((g) => g.goal.text === 'geen doel' && g.status === null)).toBe(true);
  });
});
