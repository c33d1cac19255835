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
  it('refuses a count goal that is not whole, by the figures\' rule, and says how to write thousands in a comma file', async () => {
    const message = await rejection('indicator,jaar,doel\nbijstand,2026,"2.450"\nbijstand,2027,"2450,7"\ninstroom,2026,199.5\n');
    expect(message).toBe(
      [
        'doelen.csv is geweigerd (3 fouten); er is niets gewijzigd. Verbeter het bestand en lees het opnieuw in.',
        "  rij 2, kolom doel: 2.450 is geen geheel getal; bijstand is een aantal; in een bestand met komma's als scheidingsteken is de punt een decimaalteken: schrijf 2450 zonder punt",
        '  rij 3, kolom doel: 2450,7 is geen geheel getal; bijstand is een aantal',
        '  rij 4, kolom doel: 199.5 is geen geheel getal; instroom is een aantal',
      ].join('\n'),
    );
  });

  it('reads the Dutch thousands separator in a semicolon file, and a comma file\'s whole numbers', async () => {
    expect((await read('indicator;jaar;doel\nbijstand;2026;2.450\n')).goals).toEqual([{ indicator: 'bijstand', year: 2026, goal: 2450 }]);
    expect((await read('indicator,jaar,doel\nbijstand,2026,2450\nwerkend,2026,"18,5"\n')).goals).toEqual([
      { indicator: 'bijstand', year: 2026, goal: 2450 },
      { indicator: 'werkend', year: 2026, goal: 18.5 },
    ]);
  });

  it('names an unknown indicator as one of the organisation file, the word the operator knows', async () => {
    expect(await rejection('indicator;jaar;doel\nonbekend;2028;5\n')).toContain('"onbekend" is geen indicator van het organisatiebestand (id of naam)');
  });

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

  it('tells the operator, row by row, what to change in an empty, malformed or repeated row', async () => {
    const message = await rejection(
      'indicator;jaar;doel\nbijstand;;\nbijstand;2028;5\nbijstand;2028;6\nwerkend;2028x;10\nwerkend;x2028;10\ninstroom;2030;veel\n',
    );
    expect(message).toBe(
      [
        'doelen.csv is geweigerd (6 fouten); er is niets gewijzigd. Verbeter het bestand en lees het opnieuw in.',
        '  rij 2, kolom jaar: is leeg',
        '  rij 2, kolom doel: is leeg; laat de rij weg als er voor dat jaar geen doel is',
        '  rij 4: herhaalt rij 3 (zelfde indicator en jaar); houd er één van over',
        '  rij 5, kolom jaar: "2028x" is geen jaartal van 2000 tot 2100 (bijvoorbeeld 2027)',
        '  rij 6, kolom jaar: "x2028" is geen jaartal van 2000 tot 2100 (bijvoorbeeld 2027)',
        '  rij 7, kolom doel: "veel" is geen getal (bijvoorbeeld 2.250 of 18,5)',
      ].join('\n'),
    );
  });

  it('does not call two rows with the same wrong year or goal a repeat of each other', async () => {
    const message = await rejection('indicator;jaar;doel\nbijstand;1999;5\nbijstand;1999;6\ninstroom;2028;-1\ninstroom;2028;-2\n');
    expect(message.split('\n').filter((line) => line.startsWith('  '))).toEqual([
      '  rijen 2 en 3, kolom jaar: "1999" is geen jaartal van 2000 tot 2100 (bijvoorbeeld 2027)',
      '  rij 4, kolom doel: -1 is negatief; een doel is 0 of meer',
      '  rij 5, kolom doel: -2 is negatief; een doel is 0 of meer',
    ]);
  });

  it('accepts the edges: the years 2000 and 2100, a goal of 0 and a percentage of 100', async () => {
    const file = await read('indicator;jaar;doel\nbijstand;2000;0\nwerkend;2100;100\n');
    expect(file).toEqual({
      goals: [
        { indicator: 'bijstand', year: 2000, goal: 0 },
        { indicator: 'werkend', year: 2100, goal: 100 },
      ],
      encoding: 'utf-8',
      delimiter: ';',
    });
  });

  it('refuses the years just outside 2000 to 2100', async () => {
    const message = await rejection('indicator;jaar;doel\nbijstand;1999;5\nbijstand;2101;5\n');
    expect(message).toContain('rij 2, kolom jaar: "1999" is geen jaartal van 2000 tot 2100');
    expect(message).toContain('rij 3, kolom jaar: "2101" is geen jaartal van 2000 tot 2100');
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
