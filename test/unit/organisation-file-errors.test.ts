import { describe, expect, it } from 'vitest';
import { type OrganisationConfig, catalogueOf, participatingMunicipalities } from '../../functions/core/organisation';
import { measureWord, organisationToYaml, parseOrganisationFile } from '../../functions/core/organisation-file';
import { refusal } from '../support/organisation';

/** Lines 1–11 of a small organisation file; each test adds its own municipalities and indicators from line 12. */
const HEAD = `naam: Werkbedrijf Test
afzender: '"Werkbedrijf Test" <rapport@test.example>'
contactpersoon:
  naam: A. Jansen
  functie: Adviseur
  email: A.Jansen@Test.example
  telefoon: "0344 123 456"
beheerders: [beheer@test.example]
ritme: kwartaal
drempel: 5
risico: De cijfers zeggen niets over de financiële verdeling.
`;

const TWO_MUNICIPALITIES = `gemeenten:
  - naam: Tiel
  - naam: Buren
    ontvangt: false
    inwoners: 28000
`;

const ONE_INDICATOR = `indicatoren:
  - id: bijstand
    naam: Huishoudens in de bijstand
    eenheid: aantal
    meting: stand
    hoger_is_beter: false
`;

const SMALL = HEAD + TWO_MUNICIPALITIES + ONE_INDICATOR;

/** The message of a file refused after reading (refused) or not read at all (unread), with its numbered lines. */
const refused = (...lines: string[]) => ['organisatie.yaml is niet toegepast; er is niets gewijzigd:', ...lines].map((l, i) => (i === 0 ? l : `  organisatie.yaml:${l}`)).join('\n');
const unread = (...lines: string[]) => ['organisatie.yaml is niet ingelezen:', ...lines].map((l, i) => (i === 0 ? l : `  organisatie.yaml:${l}`)).join('\n');

describe('reading an organisation file', () => {
  it('fills in what a small file leaves out: the default calendar, no reply address, no goals, not a headline, not suppressed', () => {
    expect(parseOrganisationFile(SMALL, 'organisatie.yaml')).toEqual({
      name: 'Werkbedrijf Test',
      sender: '"Werkbedrijf Test" <rapport@test.example>',
      contact: { name: 'A. Jansen', role: 'Adviseur', email: 'a.jansen@test.example', phone: '0344 123 456' },
      administrators: ['beheer@test.example'],
      periodLength: 3,
      publication: 'besloten',
      suppressionThreshold: 5,
      suppressionStrategy: 'afronden',
      riskNote: 'De cijfers zeggen niets over de financiële verdeling.',
      calendar: { dataDeadlineWorkday: 5, reviewWorkdays: 5, release: 'manual' },
      municipalities: [
        { name: 'Tiel', optedOut: false },
        { name: 'Buren', optedOut: true, inhabitants: 28000 },
      ],
      indicators: [{ id: 'bijstand', label: 'Huishoudens in de bijstand', unit: 'aantal', aggregation: 'last', higherIsBetter: false, headline: false, suppress: false, goals: {} }],
    });
  });

  it('reads every optional key when the file gives it', () => {
    const text = `${HEAD}antwoordadres: Vragen@Test.example
kalender:
  gegevens_uiterlijk: 8
  reviewdagen: 3
  vrijgeven: automatisch
gemeenten:
  - naam: Tiel
    ontvangt: true
indicatoren:
  - id: bijstand
    naam: Huishoudens in de bijstand
    eenheid: aantal
    meting: stroom
    hoger_is_beter: false
    kerngetal: true
    onderdrukken: true
    doelen: {2026: 2250}
  - id: werkend
    naam: Aan het werk
    eenheid: procent
    meting: gemiddelde
    gewicht: bijstand
    hoger_is_beter: true
    kerngetal: false
    onderdrukken: false
`;
    const config = parseOrganisationFile(text, 'organisatie.yaml');
    expect(config.replyTo).toBe('vragen@test.example');
    expect(config.calendar).toEqual({ dataDeadlineWorkday: 8, reviewWorkdays: 3, release: 'automatic' });
    expect(config.municipalities).toEqual([{ name: 'Tiel', optedOut: false }]);
    expect(config.indicators).toEqual([
      { id: 'bijstand', label: 'Huishoudens in de bijstand', unit: 'aantal', aggregation: 'sum', higherIsBetter: false, headline: true, suppress: true, goals: { '2026': 2250 } },
      { id: 'werkend', label: 'Aan het werk', unit: 'percentage', aggregation: 'mean', weight: 'bijstand', higherIsBetter: true, headline: false, suppress: false, goals: {} },
    ]);
  });

  it('names the Dutch word of each measure', () => {
    expect([measureWord('last'), measureWord('sum'), measureWord('mean')]).toEqual(['stand', 'stroom', 'gemiddelde']);
  });
});

describe('refusing a file that is not YAML', () => {
  it('names a key written twice in one block by its line', () => {
    expect(refusal(SMALL.replace('ritme: kwartaal', 'ritme: kwartaal\nritme: kwartaal'))).toBe(unread('10 deze sleutel staat twee keer in hetzelfde blok; laat er één staan'));
  });

  it('says in Dutch that a flow list is left open', () => {
    expect(refusal(SMALL.replace('drempel: 5', 'drempel: [5'))).toBe(
      unread('11 is geen geldige YAML: het inspringen klopt niet, of een lijst [ … ] of blok { … } is niet gesloten; let op inspringen, dubbele punten en aanhalingstekens'),
    );
  });

  it('explains a parser error in Dutch, never in the parser\'s English', () => {
    expect(refusal(SMALL.replace('ritme: kwartaal', 'ritme: kwartaal: ja'))).toBe(
      unread('9 is geen geldige YAML: een tweede dubbele punt op de regel, of een sleutel die verder inspringt dan de vorige; let op inspringen, dubbele punten en aanhalingstekens'),
    );
  });

  it('names a tab indent once, and the errors it causes below it in Dutch, by the tab', () => {
    expect(refusal(SMALL.replace('  functie:', '\tfunctie:'))).toBe(
      unread(
        '5 springt in met een tab; gebruik spaties',
        '6 klopt niet door de tab op regel 5',
      ),
    );
    expect(refusal(SMALL.replace('    ontvangt: false', '\t  ontvangt: false'))).toBe(unread('15 springt in met een tab; gebruik spaties'));
  });

  it('does not take a tab inside a line with a YAML error for a tab indent', () => {
    expect(refusal(SMALL.replace('drempel: 5', 'drempel: [5').replace('risico: De', 'risico:\tDe'))).toBe(
      unread('11 is geen geldige YAML: het inspringen klopt niet, of een lijst [ … ] of blok { … } is niet gesloten; let op inspringen, dubbele punten en aanhalingstekens'),
    );
  });

  it('takes ja and nee, as a policy officer writes them, as well as true and false', () => {
    const text = SMALL.replace('hoger_is_beter: false', 'hoger_is_beter: nee\n    kerngetal: Ja').replace('ontvangt: false', 'ontvangt: nee');
    const config = parseOrganisationFile(text, 'organisatie.yaml');
    expect(config.indicators[0]).toMatchObject({ higherIsBetter: false, headline: true });
    expect(config.municipalities[1]).toMatchObject({ name: 'Buren', optedOut: true });
  });

  it('refuses a count goal that is not whole, by the rule of the figures', () => {
    expect(refusal(SMALL.replace('hoger_is_beter: false', 'hoger_is_beter: false\n    doelen: {2026: 2450.7}'))).toBe(refused('23 indicatoren[0].doelen.2026: 2450.7 is geen geheel getal; bijstand is een aantal'));
  });

  it('accepts a tab between a key and its value', () => {
    expect(parseOrganisationFile(SMALL.replace('ritme: kwartaal', 'ritme:\tkwartaal'), 'organisatie.yaml').periodLength).toBe(3);
  });

  it('refuses an alias, which would repeat a value out of sight, by its line', () => {
    const text = SMALL.replace('naam: Werkbedrijf Test', 'naam: &werkbedrijf Werkbedrijf Test').replace('  naam: A. Jansen', '  naam: *werkbedrijf');
    expect(refusal(text)).toBe(unread('4 verwijst met *werkbedrijf naar een anker; schrijf de waarde voluit'));
  });
});

describe('refusing a file with wrong values', () => {
  it('names every missing key of an empty file', () => {
    expect(refusal('')).toBe(
      refused(...['naam', 'afzender', 'contactpersoon', 'beheerders', 'ritme', 'drempel', 'risico', 'gemeenten', 'indicatoren'].map((key) => `1 ${key}: ontbreekt`)),
    );
  });

  it('asks for keys with values when the file is a single text or a list', () => {
    expect(refusal('hallo')).toBe(refused('1 (bestand): moet sleutels met waarden bevatten, zoals naam: Werkbedrijf'));
    expect(refusal('- naam: Tiel')).toBe(refused('1 (bestand): moet sleutels met waarden bevatten, zoals naam: Werkbedrijf'));
  });

  it('tells a value of the wrong kind from a missing one', () => {
    const text = SMALL.replace('naam: Werkbedrijf Test', 'naam: 12')
      .replace('beheerders: [beheer@test.example]', 'beheerders: [12]')
      .replace('ritme: kwartaal', 'ritme: 3')
      .replace('drempel: 5', 'drempel: vijf')
      .replace('hoger_is_beter: false', 'hoger_is_beter: 0');
    expect(refusal(text)).toBe(
      refused(
        '1 naam: moet tekst zijn',
        '8 beheerders[0]: moet een e-mailadres zijn',
        '9 ritme: moet een van tweemaandelijks, kwartaal zijn',
        '10 drempel: moet een getal zijn (kleine aantallen onder deze drempel worden verborgen)',
        '22 indicatoren[0].hoger_is_beter: moet ja of nee zijn (of true of false)',
      ),
    );
  });

  it('says what a block should hold when it is a text', () => {
    const text = `${HEAD.replace(/contactpersoon:\n( {2}.*\n)+/, 'contactpersoon: A. Jansen\n')}kalender: morgen\n${TWO_MUNICIPALITIES}${ONE_INDICATOR}`;
    expect(refusal(text)).toBe(
      refused('3 contactpersoon: moet een blok zijn met naam, functie, email en telefoon', '8 kalender: moet een blok zijn met gegevens_uiterlijk, reviewdagen en vrijgeven (en zo nodig herinnering)'),
    );
  });

  it('names a missing block as missing', () => {
    expect(refusal(SMALL.replace(/contactpersoon:\n( {2}.*\n)+/, ''))).toBe(refused('1 contactpersoon: ontbreekt'));
  });

  it('names the problems in the order of their lines, also under a Windows path', () => {
    const text = SMALL.replace('ritme: kwartaal', 'ritme: maandelijks').replace('  - naam: Buren', '  - naam: tiel').replace('hoger_is_beter: false', 'hoger_is_beter: misschien');
    const fileName = 'C:\\beheer\\organisatie.yaml';
    expect(refusal(text, fileName)).toBe(
      [
        `${fileName} is niet toegepast; er is niets gewijzigd:`,
        `${fileName}:9 ritme: "maandelijks" is niet een van tweemaandelijks, kwartaal`,
        `${fileName}:14 gemeenten[1].naam: "tiel" staat er al eerder in`,
        `${fileName}:22 indicatoren[0].hoger_is_beter: moet ja of nee zijn (of true of false)`,
      ].join('\n  '),
    );
  });

  it('names an unknown key by its own line, not the line of the list under it', () => {
    expect(refusal(`${SMALL}extra:\n  - a\ncontactpersoon_2: x\n`)).toBe(
      refused('23 extra: onbekende sleutel (tikfout?)', '25 contactpersoon_2: onbekende sleutel (tikfout?)'),
    );
  });
});

describe('refusing municipalities the reports cannot go to', () => {
  it('refuses a list of municipalities that all opted out, at the start of the list', () => {
    const text = `${HEAD}gemeenten:\n  - naam: Tiel\n    ontvangt: false\n  - naam: Buren\n    ontvangt: false\n${ONE_INDICATOR}`;
    expect(refusal(text)).toBe(refused('13 gemeenten: geen enkele gemeente ontvangt het rapport'));
  });

  it('refuses an empty list of municipalities with that reason alone', () => {
    expect(refusal(`${HEAD}gemeenten: []\n${ONE_INDICATOR}`)).toBe(refused('12 gemeenten: noem minstens één gemeente'));
  });

  it('accepts municipalities that all say they receive the report', () => {
    const text = `${HEAD}gemeenten:\n  - naam: Tiel\n    ontvangt: true\n  - naam: Buren\n    ontvangt: true\n${ONE_INDICATOR}`;
    expect(parseOrganisationFile(text, 'organisatie.yaml').municipalities).toEqual([
      { name: 'Tiel', optedOut: false },
      { name: 'Buren', optedOut: false },
    ]);
  });

  it('names a text where a list is expected, without tripping over the checks across entries', () => {
    expect(refusal(`${HEAD}gemeenten: Tiel\n${ONE_INDICATOR}`)).toBe(refused('12 gemeenten: moet een lijst van gemeenten zijn'));
    expect(refusal(`${SMALL.replace(ONE_INDICATOR, '')}indicatoren: bijstand\n`)).toBe(refused('17 indicatoren: moet een lijst van indicatoren zijn'));
  });

  it('names each empty entry in a list, and does not take two empty entries for the same one', () => {
    const text = SMALL.replace('  - naam: Tiel\n', '  -\n  -\n').replace('indicatoren:\n', 'indicatoren:\n  -\n  -\n');
    expect(refusal(text)).toBe(
      refused(
        '13 gemeenten[0]: moet een gemeente zijn (naam, en zo nodig ontvangt en inwoners)',
        '14 gemeenten[1]: moet een gemeente zijn (naam, en zo nodig ontvangt en inwoners)',
        '19 indicatoren[0]: moet een indicator zijn (id, naam, eenheid, meting, hoger_is_beter, …)',
        '20 indicatoren[1]: moet een indicator zijn (id, naam, eenheid, meting, hoger_is_beter, …)',
      ),
    );
  });
});

describe('refusing indicators that cannot be computed', () => {
  const indicator = (id: string, unit: string, measure: string, extra = '') =>
    `  - id: ${id}\n    naam: ${id}\n    eenheid: ${unit}\n    meting: ${measure}\n    hoger_is_beter: true\n${extra}`;

  it('names each rule an indicator breaks, with the counts a weight may name', () => {
    const text = `${HEAD}${TWO_MUNICIPALITIES}indicatoren:
${indicator('bijstand', 'aantal', 'stand')}${indicator('banen', 'aantal', 'stroom', '    gewicht: bijstand\n')}${indicator('werkend', 'procent', 'stroom', '    gewicht: onbekend\n    onderdrukken: true\n')}${indicator('uitstroom', 'procent', 'stand', '    doelen: {2025: 100, 2026: 101}\n')}${indicator('duur', 'dagen', 'gemiddelde', '    doelen: {2026: 150}\n')}`;
    expect(refusal(text)).toBe(
      refused(
        '28 indicatoren[1].gewicht: een aantal telt op; alleen procenten, dagen en minuten worden gewogen',
        '32 indicatoren[2].meting: stroom (optellen) geldt alleen voor aantallen; kies stand of gemiddelde',
        '34 indicatoren[2].gewicht: "onbekend" is geen indicator met eenheid aantal; kies uit bijstand, banen',
        '35 indicatoren[2].onderdrukken: alleen aantallen worden onderdrukt',
        '41 indicatoren[3].doelen.2026: 101 is meer dan 100; uitstroom is een percentage',
      ),
    );
  });

  it('says there is no count to weigh by when the file has none', () => {
    const text = `${HEAD}${TWO_MUNICIPALITIES}indicatoren:\n${indicator('werkend', 'procent', 'stand', '    gewicht: bijstand\n')}`;
    expect(refusal(text)).toBe(refused('23 indicatoren[0].gewicht: "bijstand" is geen indicator met eenheid aantal; kies uit (geen)'));
  });

  it('names a percentage goal written as text as not a number, not as over 100', () => {
    const text = `${HEAD}${TWO_MUNICIPALITIES}indicatoren:\n${indicator('werkend', 'procent', 'stand', '    doelen: {2026: "200"}\n')}`;
    expect(refusal(text)).toBe(refused('23 indicatoren[0].doelen.2026: moet een getal zijn'));
  });

  it('names an indicator id given twice', () => {
    const text = `${HEAD}${TWO_MUNICIPALITIES}indicatoren:\n${indicator('bijstand', 'aantal', 'stand')}${indicator('bijstand', 'aantal', 'stroom')}`;
    expect(refusal(text)).toBe(refused('23 indicatoren[1].id: "bijstand" staat er al eerder in'));
  });
});

describe('exporting the organisation in force', () => {
  const CONFIG: OrganisationConfig = {
    name: 'Werkbedrijf Test',
    sender: '"Werkbedrijf Test" <rapport@test.example>',
    replyTo: 'vragen@test.example',
    contact: { name: 'A. Jansen', role: 'Adviseur', email: 'a.jansen@test.example', phone: '0344 123 456' },
    administrators: ['beheer@test.example', 'info@test.example'],
    periodLength: 2,
    publication: 'besloten',
    suppressionThreshold: 10,
    suppressionStrategy: 'kosten',
    riskNote: 'De cijfers per gemeente geven een eerste indicatie van een trend; ze zeggen niets over de kosten.\nVerder onderzoek is nodig.',
    calendar: { dataDeadlineWorkday: 8, reviewWorkdays: 3, release: 'automatic' },
    municipalities: [
      { name: 'Tiel', optedOut: false, inhabitants: 42000 },
      { name: 'Neder-Betuwe', optedOut: true },
    ],
    indicators: [
      { id: 'bijstand', label: 'Huishoudens in de bijstand', unit: 'aantal', aggregation: 'last', higherIsBetter: false, headline: true, suppress: true, goals: { '2026': 2250, '2027': 2200 } },
      { id: 'werkend', label: 'Aan het werk', unit: 'percentage', aggregation: 'mean', weight: 'bijstand', higherIsBetter: true, headline: false, suppress: false, goals: {} },
    ],
  };

  it('writes the file in its own words, goals on one line and long texts unfolded', () => {
    expect(organisationToYaml(CONFIG)).toBe(`# Organisatiebestand van Werkbedrijf Test (rapportbode organisation export).
# Pas het aan en lees het in met: rapportbode organisation apply BESTAND
naam: Werkbedrijf Test
afzender: '"Werkbedrijf Test" <rapport@test.example>'
antwoordadres: vragen@test.example
contactpersoon:
  naam: A. Jansen
  functie: Adviseur
  email: a.jansen@test.example
  telefoon: 0344 123 456
beheerders:
  - beheer@test.example
  - info@test.example
ritme: tweemaandelijks
drempel: 10
onderdrukking: kosten
publicatie: besloten
risico: |
  De cijfers per gemeente geven een eerste indicatie van een trend; ze zeggen niets over de kosten.
  Verder onderzoek is nodig.
kalender:
  gegevens_uiterlijk: 8
  reviewdagen: 3
  vrijgeven: automatisch
gemeenten:
  - naam: Tiel
    inwoners: 42000
  - naam: Neder-Betuwe
    ontvangt: false
indicatoren:
  - id: bijstand
    naam: Huishoudens in de bijstand
    eenheid: aantal
    meting: stand
    hoger_is_beter: false
    kerngetal: true
    onderdrukken: true
    doelen: { 2026: 2250, 2027: 2200 }
  - id: werkend
    naam: Aan het werk
    eenheid: procent
    meting: gemiddelde
    gewicht: bijstand
    hoger_is_beter: true
    kerngetal: false
    onderdrukken: false
`);
  });

  it('reads the export back as the organisation it came from', () => {
    expect(parseOrganisationFile(organisationToYaml(CONFIG), 'export.yaml')).toEqual(CONFIG);
  });

  it('keeps a risk note that already ends its last line as it is', () => {
    const yaml = organisationToYaml({ ...CONFIG, riskNote: 'Verder onderzoek is altijd nodig.\n' });
    expect(yaml).toContain('\nrisico: |\n  Verder onderzoek is altijd nodig.\nkalender:\n');
  });
});

describe('the reminder day in the calendar (kalender.herinnering)', () => {
  const withCalendar = (calendar: string) => HEAD + calendar + TWO_MUNICIPALITIES + ONE_INDICATOR;

  it('reads the working day of the review on which the silent are reminded, and exports it', () => {
    const config = parseOrganisationFile(withCalendar('kalender:\n  gegevens_uiterlijk: 5\n  reviewdagen: 5\n  vrijgeven: handmatig\n  herinnering: 2\n'), 'organisatie.yaml');
    expect(config.calendar).toEqual({ dataDeadlineWorkday: 5, reviewWorkdays: 5, release: 'manual', reminderWorkday: 2 });
    expect(organisationToYaml(config)).toContain('  herinnering: 2\n');
    expect(parseOrganisationFile(organisationToYaml(config), 'export.yaml')).toEqual(config);
  });

  it('refuses a reminder on or after the review’s last day, naming the field and the days allowed', () => {
    expect(refusal(withCalendar('kalender:\n  gegevens_uiterlijk: 5\n  reviewdagen: 3\n  vrijgeven: handmatig\n  herinnering: 3\n'))).toBe(
      refused('16 kalender.herinnering: moet een werkdag van de review vóór de laatste zijn: 1 tot en met 2 (reviewdagen is 3); laat herinnering weg bij een review van één dag'),
    );
  });

  it('refuses a reminder day that is no whole number of at least 1', () => {
    expect(refusal(withCalendar('kalender:\n  gegevens_uiterlijk: 5\n  reviewdagen: 5\n  vrijgeven: handmatig\n  herinnering: 0\n'))).toContain(
      'kalender.herinnering: moet minstens 1 zijn (werkdag van de review waarop wie nog niet reageerde één herinnering krijgt)',
    );
    expect(refusal(withCalendar('kalender:\n  gegevens_uiterlijk: 5\n  reviewdagen: 5\n  vrijgeven: handmatig\n  herinnering: 1.5\n'))).toContain('kalender.herinnering: moet een heel getal zijn');
  });
});

describe('the organisation in force', () => {
  it('gives runs the catalogue of its version', () => {
    const config = parseOrganisationFile(SMALL, 'organisatie.yaml');
    expect(catalogueOf({ version: 7, config, appliedAt: '2026-11-30T12:00:00Z', appliedBy: 'beheer@test.example' })).toEqual({ version: 7, indicators: config.indicators });
  });

  it('reports only to municipalities that did not opt out', () => {
    expect(participatingMunicipalities(parseOrganisationFile(SMALL, 'organisatie.yaml'))).toEqual([{ name: 'Tiel', optedOut: false }]);
  });
});
