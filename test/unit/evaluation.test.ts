import { describe, expect, it } from 'vitest';
import { DEFAULT_EVALUATION_QUESTIONS, type EvaluationQuestion, MIN_ANSWERS_SHOWN, addMonthsToDay, aggregateEvaluation } from '../../functions/core/evaluation';
import { diffOrganisation } from '../../functions/core/organisation-diff';
import { organisationIntoFile, organisationToYaml, parseOrganisationFile, parseQuestionsFile } from '../../functions/core/organisation-file';

const scale: EvaluationQuestion = { id: 'nut', text: 'Hoe nuttig?', kind: 'schaal' };
const choice: EvaluationQuestion = { id: 'frequentie', text: 'Hoe vaak?', kind: 'keuze', options: ['maandelijks', 'tweemaandelijks', 'per kwartaal'] };
const open: EvaluationQuestion = { id: 'mist', text: 'Wat mist u?', kind: 'open' };

describe('the evaluation results: aggregates only, and only from five answers on', () => {
  it('hides a question that exactly 4 people answered and shows one that 5 answered', () => {
    // Prepare: five people; the fifth leaves the scale question open.
    const responses: Record<string, string>[] = [
      { nut: '4', mist: 'Cijfers per wijk' },
      { nut: '5', mist: 'Een trend over drie jaar' },
      { nut: '2', mist: 'Aantal re-integratietrajecten' },
      { nut: '4', mist: 'Benchmark met de regio' },
      { mist: 'Arbeidsmatige dagbesteding' },
    ];
    // Act
    const [nut, mist] = aggregateEvaluation([scale, open], responses);
    // Assess
    expect(MIN_ANSWERS_SHOWN).toBe(5);
    expect(nut).toEqual({ id: 'nut', text: 'Hoe nuttig?', kind: 'schaal', shown: false });
    expect(mist).toMatchObject({ shown: true, answered: 5 });
  });

  it('counts a scale per value with its mean, and a choice per option', () => {
    const responses = ['4', '5', '2', '4', '3', '4'].map((nut, i) => ({ nut, frequentie: i < 4 ? 'tweemaandelijks' : 'per kwartaal' }));
    const [nut, frequency] = aggregateEvaluation([scale, choice], responses);
    expect(nut).toEqual({ id: 'nut', text: 'Hoe nuttig?', kind: 'schaal', shown: true, answered: 6, counts: { 1: 0, 2: 1, 3: 1, 4: 3, 5: 1 }, mean: 3.7 });
    expect(frequency).toMatchObject({ shown: true, answered: 6, counts: { maandelijks: 0, tweemaandelijks: 4, 'per kwartaal': 2 } });
  });

  it('lists open answers sorted, not in the order they came, and counts no value that is not on the form', () => {
    const texts = ['zeker meer grafieken', 'Benchmark', 'andere kleuren', 'Minder tekst', 'cijfers per wijk'];
    const [mist] = aggregateEvaluation([open], texts.map((mist) => ({ mist: `  ${mist} ` })));
    expect(mist).toMatchObject({ texts: ['andere kleuren', 'Benchmark', 'cijfers per wijk', 'Minder tekst', 'zeker meer grafieken'] });
    // Four valid scale answers and a forged "6" and "": still fewer than five.
    const [nut] = aggregateEvaluation([scale], [{ nut: '1' }, { nut: '2' }, { nut: '3' }, { nut: '4' }, { nut: '6' }, { nut: '' }]);
    expect(nut?.shown).toBe(false);
  });

  it('plans a day months later, on the last day of a shorter month', () => {
    expect(addMonthsToDay('2026-03-15', 6)).toBe('2026-09-15');
    expect(addMonthsToDay('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonthsToDay('2026-11-30', 3)).toBe('2027-02-28');
  });
});

const FILE = `naam: Werkbedrijf Test
afzender: '"Werkbedrijf Test" <rapport@test.example>'
contactpersoon: {naam: A. Jansen, functie: Adviseur, email: a@test.example, telefoon: "0344 123 456"}
beheerders: [beheer@test.example]
ritme: tweemaandelijks
drempel: 5
risico: De cijfers zeggen niets over de financiële verdeling.
gemeenten:
  - naam: Tiel
indicatoren:
  - {id: bijstand, naam: Bijstand, eenheid: aantal, meting: stand, hoger_is_beter: false}
`;

describe('the organisation file: evaluatie', () => {
  it('plans the evaluation and takes own questions; export and apply give the same', () => {
    const text = `${FILE}evaluatie:
  na_maanden: 6
  vragen:
    - id: nut
      vraag: Hoe nuttig is de rapportage?
      soort: schaal
    - id: vorm
      vraag: Hoe leest u hem?
      soort: keuze
      opties: [op papier, op het scherm]
`;
    const config = parseOrganisationFile(text, 'org.yaml');
    expect(config.evaluation).toEqual({
      afterMonths: 6,
      questions: [
        { id: 'nut', text: 'Hoe nuttig is de rapportage?', kind: 'schaal' },
        { id: 'vorm', text: 'Hoe leest u hem?', kind: 'keuze', options: ['op papier', 'op het scherm'] },
      ],
    });
    expect(parseOrganisationFile(organisationToYaml(config), 'export.yaml')).toEqual(config);
    expect(parseOrganisationFile(organisationIntoFile(config, text), 'export.yaml')).toEqual(config);
    expect(parseOrganisationFile(FILE, 'org.yaml').evaluation).toBeUndefined();
  });

  it('names the line and field of a wrong question', () => {
    const text = `${FILE}evaluatie:
  na_maanden: 0
  vragen:
    - id: nut
      vraag: Hoe nuttig?
      soort: cijfer
    - id: vorm
      vraag: Hoe leest u hem?
      soort: keuze
    - id: nut
      vraag: Nog eens?
      soort: open
      opties: [a, b]
`;
    expect(() => parseOrganisationFile(text, 'org.yaml')).toThrow(
      [
        'org.yaml is niet toegepast; er is niets gewijzigd:',
        '  org.yaml:13 evaluatie.na_maanden: moet minstens 1 zijn (maanden na het eerste definitieve rapport)',
        '  org.yaml:17 evaluatie.vragen[0].soort: "cijfer" is niet een van schaal, keuze, open',
        '  org.yaml:18 evaluatie.vragen[1].opties: ontbreekt: een vraag van soort keuze noemt zijn opties',
        '  org.yaml:21 evaluatie.vragen[2].id: "nut" staat er al eerder in',
        '  org.yaml:24 evaluatie.vragen[2].opties: alleen een vraag van soort keuze heeft opties (deze is open)',
      ].join('\n'),
    );
  });

  it('reads a questions file for evaluation start --vragen, and refuses one with a problem by line', () => {
    expect(parseQuestionsFile('vragen:\n  - {id: nut, vraag: Nuttig?, soort: schaal}\n', 'vragen.yaml')).toEqual([{ id: 'nut', text: 'Nuttig?', kind: 'schaal' }]);
    expect(() => parseQuestionsFile('vragen:\n  - id: nut\n    vraag: ""\n    soort: schaal\n    extra: ja\n', 'vragen.yaml')).toThrow(
      'vragen.yaml is niet gebruikt; er is niets verstuurd:\n  vragen.yaml:3 vragen[0].vraag: is leeg\n  vragen.yaml:5 vragen[0].extra: onbekende sleutel (tikfout?)',
    );
  });

  it('says what applying a new plan changes', () => {
    const before = parseOrganisationFile(FILE, 'org.yaml');
    const after = parseOrganisationFile(`${FILE}evaluatie: {na_maanden: 6}\n`, 'org.yaml');
    expect(diffOrganisation(before, after).lines).toEqual(['evaluatie: niet gepland → na 6 maanden']);
    const own = parseOrganisationFile(`${FILE}evaluatie: {na_maanden: 6, vragen: [{id: nut, vraag: Nuttig?, soort: schaal}]}\n`, 'org.yaml');
    expect(diffOrganisation(after, own).lines).toEqual(['evaluatie: vragen gewijzigd (nut)']);
    expect(DEFAULT_EVALUATION_QUESTIONS.map((q) => q.id)).toEqual(['nut', 'leesbaarheid', 'frequentie', 'mist', 'opmerkingen']);
  });
});
