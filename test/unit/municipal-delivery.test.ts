import { describe, expect, it } from 'vitest';
import { ImportRejectedError, readCsv } from '../../functions/core/csv-reader';
import { DELIVERY_LAYOUT, deliveryLinkExpiry, deliveryRequest, deliveryTemplate, deliveryValidator, plausibilityFlags, problemLines, validateTyped } from '../../functions/core/municipal-delivery';
import { parsePeriod } from '../../functions/core/periods';
import { demoOrganisation } from '../../functions/local/demo-data';

const config = demoOrganisation();
const catalogue = { version: 1, indicators: config.indicators };
const request = deliveryRequest(config, 'Tiel', parsePeriod('2026-09'));

/** The file's problems, one line each, or the values when it is accepted. */
async function check(text: string): Promise<{ values?: unknown[]; problems?: string[] }> {
  const validator = deliveryValidator(request, catalogue);
  try {
    await readCsv(new TextEncoder().encode(text), { fileName: 'tiel.csv', layouts: [DELIVERY_LAYOUT] }, ({ delimiter }) => (row) => validator(row, delimiter));
  } catch (error) {
    if (error instanceof ImportRejectedError) return { problems: problemLines(error.problems) };
    throw error;
  }
  return { values: validator.values };
}

describe('what a municipality is asked to deliver', () => {
  it('asks the indicators with bron: gemeente for the period\'s months, in a template with BOM, ; and the right header', () => {
    expect(request.indicators.map((i) => i.id)).toEqual(['dagbesteding']);
    expect(deliveryTemplate(request)).toBe('\uFEFFgemeente;indicator;maand;waarde\r\nTiel;dagbesteding;2026-09;\r\nTiel;dagbesteding;2026-10;\r\n');
  });

  it('lets the link work through 30 days after the data deadline (6 November, the fifth working day)', () => {
    expect(deliveryLinkExpiry(request.period, config).toISOString()).toBe('2026-12-06T23:00:00.000Z');
  });

  it('ends the link at midnight in Amsterdam in summer time too', () => {
    const spring = deliveryRequest(config, 'Tiel', parsePeriod('2026-03'));
    expect(deliveryLinkExpiry(spring.period, config).toISOString()).toMatch(/T22:00:00\.000Z$/);
  });
});

describe('checking a delivery row by row', () => {
  it('accepts its own rows, in any case, with Dutch numbers and Windows line ends', async () => {
    expect(await check('gemeente;indicator;maand;waarde\r\ntiel;DAGBESTEDING;2026-09;1.204\r\nTiel;Inwoners in arbeidsmatige dagbesteding;2026-10;87\r\n')).toEqual({
      values: [
        { municipality: 'Tiel', indicator: 'dagbesteding', month: '2026-09', value: 1204 },
        { municipality: 'Tiel', indicator: 'dagbesteding', month: '2026-10', value: 87 },
      ],
    });
  });

  it('names each row with another municipality, an indicator it does not deliver, a month outside the period, a fraction or a repeat', async () => {
    const text = [
      'gemeente;indicator;maand;waarde',
      'Buren;dagbesteding;2026-09;10',
      'Tiel;bijstand;2026-09;10',
      'Tiel;dagbesteding;2026-08;10',
      'Tiel;dagbesteding;2026-09;10,5',
      'Tiel;dagbesteding;2026-10;-2',
      'Tiel;dagbesteding;2026-10;3',
      'Tiel;dagbesteding;2026-10;4',
    ].join('\n');
    expect(await check(text)).toEqual({
      problems: [
        'rij 2, kolom gemeente: "Buren" is niet Tiel; met deze link levert u alleen de cijfers van Tiel aan',
        'rij 3, kolom indicator: "bijstand" is geen indicator die Tiel aanlevert; kies dagbesteding',
        'rij 4, kolom maand: "2026-08" hoort niet bij deze aanlevering; kies 2026-09 of 2026-10 (JJJJ-MM)',
        'rij 5, kolom waarde: 10,5 is geen geheel getal; dagbesteding is een aantal',
        'rij 6, kolom waarde: -2 is negatief; dagbesteding is een aantal',
        'rij 8: herhaalt rij 7 (zelfde indicator en maand); houd er één van over',
      ],
    });
  });

  it('puts typed values through the same rules, naming the field', () => {
    const typed = validateTyped(request, catalogue, [
      { indicator: 'dagbesteding', month: '2026-09', text: '12,5' },
      { indicator: 'dagbesteding', month: '2026-10', text: '' },
    ]);
    expect(typed).toEqual({ values: [], problems: [{ field: 'waarde-dagbesteding-2026-09', label: 'Inwoners in arbeidsmatige dagbesteding, september 2026', message: '12,5 is geen geheel getal; dagbesteding is een aantal' }] });
    expect(validateTyped(request, catalogue, [{ indicator: 'dagbesteding', month: '2026-10', text: ' 1.250 ' }]).values).toEqual([{ municipality: 'Tiel', indicator: 'dagbesteding', month: '2026-10', value: 1250 }]);
  });
});

describe('plausibility against the municipality\'s own history', () => {
  const history = [
    { municipality: 'Tiel', indicator: 'dagbesteding', month: '2026-07', value: 10 },
    { municipality: 'Tiel', indicator: 'dagbesteding', month: '2026-08', value: 100 },
    { municipality: 'Buren', indicator: 'dagbesteding', month: '2026-08', value: 1 },
  ];
  const at = (value: number, month = '2026-09') => [{ municipality: 'Tiel', indicator: 'dagbesteding', month, value }];

  it('flags a value more than three times or less than a third of the last value before it, not one at the bounds', () => {
    expect(plausibilityFlags(at(301), history)).toEqual([{ indicator: 'dagbesteding', month: '2026-09', value: 301, previous: 100, previousMonth: '2026-08' }]);
    expect(plausibilityFlags(at(33), history)).toHaveLength(1);
    expect(plausibilityFlags(at(300), history)).toEqual([]);
    expect(plausibilityFlags(at(34), history)).toEqual([]);
  });

  it('has nothing to compare with without history or against a zero', () => {
    expect(plausibilityFlags(at(500), [])).toEqual([]);
    expect(plausibilityFlags(at(500), [{ ...history[1]!, value: 0 }])).toEqual([]);
  });
});
