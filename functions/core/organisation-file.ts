import { Document, LineCounter, type Node, isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { z } from 'zod';
import type { Aggregation, Indicator, IndicatorSource, Unit } from './catalogue';
import { unitProblem } from './csv-import';
import { InvalidInputError } from './errors';
import { type EvaluationPlan, type EvaluationQuestion, QUESTION_KINDS } from './evaluation';
import { type CycleCalendar, DEFAULT_PUBLICATION, type OrganisationConfig, PUBLICATIONS, type PeriodLength, type Publication } from './organisation';
import { DEFAULT_STRATEGY, LEGACY_STRATEGY, SUPPRESSION_STRATEGIES, type SuppressionStrategy } from './suppression';

/**
 * The organisation file: one YAML file, written by a policy officer, with Dutch keys. It is read
 * whole and validated whole; every problem is named by its line and key, and nothing of a file
 * with a problem is applied. `organisation export` writes it back (organisationToYaml).
 */

/** The file's words for what the code calls units, measures and rhythms. */
const UNIT_BY_WORD = { aantal: 'aantal', procent: 'percentage', dagen: 'dagen', minuten: 'minuten' } as const satisfies Record<string, Unit>;
const AGGREGATION_BY_WORD = { stand: 'last', stroom: 'sum', gemiddelde: 'mean' } as const satisfies Record<string, Aggregation>;
const PERIOD_LENGTH_BY_WORD = { tweemaandelijks: 2, kwartaal: 3 } as const satisfies Record<string, PeriodLength>;
const RELEASE_BY_WORD = { handmatig: 'manual', automatisch: 'automatic' } as const;
const SOURCE_BY_WORD = { organisatie: 'organisation', gemeente: 'municipality' } as const satisfies Record<string, IndicatorSource>;
const WITHOUT_MUNICIPAL_BY_WORD = { doorgaan: 'continue', wachten: 'wait' } as const satisfies Record<string, NonNullable<CycleCalendar['withoutMunicipalFigures']>>;
const STRATEGY_BY_WORD = Object.fromEntries(SUPPRESSION_STRATEGIES.map((s) => [s, s])) as { [K in SuppressionStrategy]: K };
const PUBLICATION_BY_WORD = Object.fromEntries(PUBLICATIONS.map((p) => [p, p])) as { [K in Publication]: K };

const wordOf = <T extends string | number>(table: Record<string, T>, value: T): string =>
  Object.entries(table).find(([, v]) => v === value)?.[0] as string;

/** C0/C1 control characters and the bidi overrides and isolates that can disguise a name. */
const FORBIDDEN_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
/** Multi-line texts may break lines, but carry no other control or bidi character. */
const FORBIDDEN_IN_TEXTS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

const name = (max = 200) =>
  z
    .string({ error: 'moet tekst zijn' })
    .trim()
    .min(1, 'is leeg')
    .max(max, `is langer dan ${max} tekens`)
    .refine((s) => !FORBIDDEN_IN_NAMES.test(s), 'bevat een stuur- of richtingsteken (regeleinde, tab, U+202E …); typ de naam opnieuw');

const EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;
const email = z
  .string({ error: 'moet een e-mailadres zijn' })
  .trim()
  .toLowerCase()
  .regex(EMAIL, 'is geen e-mailadres (naam@domein.nl)');

/** `"Naam" <adres@domein>` or `Naam <adres@domein>` or a bare address. */
const MAILBOX = /^(?:"?([^"<>]*)"?\s*)?<([^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)>$|^([^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;
const mailbox = name(300).refine((s) => MAILBOX.test(s), 'is geen afzender; schrijf "Naam" <adres@domein.nl>');

const count = (what: string, min: number, max: number) =>
  z
    .number({ error: `moet een getal zijn (${what})` })
    .int(`moet een heel getal zijn (${what})`)
    .min(min, `moet minstens ${min} zijn (${what})`)
    .max(max, `mag hoogstens ${max} zijn (${what})`);

const oneOf = <T extends Record<string, unknown>>(table: T) =>
  z.string({ error: `moet een van ${Object.keys(table).join(', ')} zijn` }).refine(
    (s): s is Extract<keyof T, string> => Object.hasOwn(table, s),
    { error: (i) => `"${String(i.input)}" is niet een van ${Object.keys(table).join(', ')}` },
  );

/** A policy officer writes ja or nee; YAML's own true and false are taken too. */
const YES_NO_WORDS: Readonly<Record<string, boolean>> = { ja: true, nee: false };
const yesNo = z.preprocess(
  (value) => (typeof value === 'string' ? (YES_NO_WORDS[value.trim().toLowerCase()] ?? value) : value),
  z.boolean({ error: 'moet ja of nee zijn (of true of false)' }),
);

const GoalsSchema = z.record(
  z.string().regex(/^(19|20|21)\d\d$/, 'is geen jaar; schrijf het jaar voluit, zoals 2026'),
  z.number({ error: 'moet een getal zijn' }).nonnegative('mag niet negatief zijn'),
);

const IndicatorSchema = z.strictObject({
  id: z
    .string({ error: 'moet tekst zijn' })
    .regex(/^[a-z0-9-]{2,40}$/, 'mag alleen kleine letters, cijfers en streepjes bevatten (2–40 tekens), zoals uitstroom-werk'),
  naam: name(),
  eenheid: oneOf(UNIT_BY_WORD),
  meting: oneOf(AGGREGATION_BY_WORD),
  gewicht: z.string({ error: 'moet het id van een indicator met eenheid aantal zijn' }).optional(),
  hoger_is_beter: yesNo,
  kerngetal: yesNo.optional(),
  onderdrukken: yesNo.optional(),
  bron: oneOf(SOURCE_BY_WORD).optional(),
  doelen: GoalsSchema.optional(),
}, { error: 'moet een indicator zijn (id, naam, eenheid, meting, hoger_is_beter, …)' });

const QUESTION_KIND_BY_WORD = Object.fromEntries(QUESTION_KINDS.map((k) => [k, k])) as { [K in (typeof QUESTION_KINDS)[number]]: K };

const QuestionSchema = z.strictObject({
  id: z
    .string({ error: 'moet tekst zijn' })
    .regex(/^[a-z0-9-]{2,40}$/, 'mag alleen kleine letters, cijfers en streepjes bevatten (2–40 tekens), zoals nut'),
  vraag: name(500),
  soort: oneOf(QUESTION_KIND_BY_WORD),
  opties: z.array(name(100), { error: 'moet een lijst van keuzes zijn' }).min(2, 'noem minstens twee opties').max(10, 'hoogstens 10 opties').optional(),
}, { error: 'moet een vraag zijn (id, vraag, soort, en bij soort keuze: opties)' });

/** The evaluation's questions, in the organisation file and in a file for `evaluation start --vragen`. */
const QuestionsSchema = z
  .array(QuestionSchema, { error: 'moet een lijst van vragen zijn' })
  .min(1, 'noem minstens één vraag')
  .max(20, 'hoogstens 20 vragen: houd de enquête kort')
  .superRefine((questions, ctx) => {
    if (!Array.isArray(questions)) return;
    duplicates(questions.map((q) => String(q?.id ?? '')), (i) => ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `"${questions[i]?.id}" staat er al eerder in` }));
    questions.forEach((q, i) => {
      if (typeof q !== 'object' || q === null) return;
      if (q.soort === 'keuze' && q.opties === undefined) ctx.addIssue({ code: 'custom', path: [i, 'opties'], message: 'ontbreekt: een vraag van soort keuze noemt zijn opties' });
      if (q.soort !== 'keuze' && q.opties !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'opties'], message: `alleen een vraag van soort keuze heeft opties (deze is ${q.soort})` });
      if (Array.isArray(q.opties)) duplicates(q.opties.map((o) => String(o).toLowerCase()), (j) => ctx.addIssue({ code: 'custom', path: [i, 'opties', j], message: `"${q.opties?.[j]}" staat er al eerder in` }));
    });
  }, { when: () => true });

const EvaluationSchema = z.strictObject({
  na_maanden: count('maanden na het eerste definitieve rapport', 1, 36).optional(),
  vragen: QuestionsSchema.optional(),
}, { error: 'moet een blok zijn met na_maanden en/of vragen' });

const QuestionsFileSchema = z.strictObject({ vragen: QuestionsSchema }, { error: 'moet een blok zijn met vragen: en daaronder de lijst van vragen' });

const MunicipalitySchema = z.strictObject({
  naam: name(100),
  ontvangt: yesNo.optional(),
  inwoners: count('inwoners', 1, 10_000_000).optional(),
  aanleveraars: z.array(email, { error: 'moet een lijst van e-mailadressen zijn' }).optional(),
}, { error: 'moet een gemeente zijn (naam, en zo nodig ontvangt en inwoners)' });

/** A colour for text and bars on white, and white text on it: at least 4,5:1 both ways (WCAG 2.1 AA). */
const houseColour = z
  .string({ error: 'moet een kleur zijn, zoals "#00566b"' })
  .regex(/^#[0-9a-fA-F]{6}$/, 'is geen kleur; schrijf haar als "#" met zes tekens 0–9 of a–f, zoals "#00566b"')
  .superRefine((c, ctx) => {
    const ratio = contrastWithWhite(c);
    if (ratio < 4.5) ctx.addIssue({ code: 'custom', message: `heeft te weinig contrast met wit (${ratio.toFixed(1).replace('.', ',')}:1); kies een donkerder kleur (minstens 4,5:1)` });
  });

/** The contrast ratio of a colour against white (WCAG 2.1 relative luminance). */
export function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
}

const FileSchema = z
  .strictObject({
    naam: name(),
    afzender: mailbox,
    antwoordadres: email.optional(),
    contactpersoon: z.strictObject({ naam: name(), functie: name(), email, telefoon: name(40) }, { error: 'moet een blok zijn met naam, functie, email en telefoon' }),
    beheerders: z.array(email, { error: 'moet een lijst van e-mailadressen zijn' }).min(1, 'noem minstens één beheerder'),
    ritme: oneOf(PERIOD_LENGTH_BY_WORD),
    drempel: count('kleine aantallen onder deze drempel worden verborgen', 1, 100),
    onderdrukking: oneOf(STRATEGY_BY_WORD).optional(),
    publicatie: oneOf(PUBLICATION_BY_WORD).optional(),
    risico: z
      .string({ error: 'moet tekst zijn' })
      .trim()
      .min(20, 'is te kort voor de risicoparagraaf')
      .refine((s) => !FORBIDDEN_IN_TEXTS.test(s), 'bevat een stuur- of richtingsteken'),
    kalender: z
      .strictObject({
        gegevens_uiterlijk: count('werkdag van de maand na de periode', 1, 20),
        reviewdagen: count('werkdagen voor de review', 1, 30),
        vrijgeven: oneOf(RELEASE_BY_WORD),
        herinnering: count('werkdag van de review waarop wie nog niet reageerde één herinnering krijgt', 1, 29).optional(),
        zonder_gemeentecijfers: oneOf(WITHOUT_MUNICIPAL_BY_WORD).optional(),
      }, { error: 'moet een blok zijn met gegevens_uiterlijk, reviewdagen en vrijgeven (en zo nodig herinnering)' })
      .optional(),
    huisstijl: z.strictObject({ kleur: houseColour }, { error: 'moet een blok zijn met kleur, zoals kleur: "#00566b"' }).optional(),
    gemeenten: z.array(MunicipalitySchema, { error: 'moet een lijst van gemeenten zijn' }).min(1, 'noem minstens één gemeente'),
    indicatoren: z.array(IndicatorSchema, { error: 'moet een lijst van indicatoren zijn' }).min(1, 'noem minstens één indicator'),
    evaluatie: EvaluationSchema.optional(),
  }, { error: 'moet sleutels met waarden bevatten, zoals naam: Werkbedrijf' })
  // Runs also when a field is wrong, so one reading names every problem: hence the guards.
  .superRefine((file, ctx) => {
    if (!Array.isArray(file.gemeenten) || !Array.isArray(file.indicatoren)) return;
    duplicates(file.gemeenten.map((g) => String(g?.naam ?? '').toLowerCase()), (i) => ctx.addIssue({ code: 'custom', path: ['gemeenten', i, 'naam'], message: `"${file.gemeenten[i]?.naam}" staat er al eerder in` }));
    duplicates(file.indicatoren.map((x) => String(x?.id ?? '')), (i) => ctx.addIssue({ code: 'custom', path: ['indicatoren', i, 'id'], message: `"${file.indicatoren[i]?.id}" staat er al eerder in` }));
    const counts = new Set(file.indicatoren.filter((x) => x?.eenheid === 'aantal').map((x) => x.id));
    file.indicatoren.forEach((x, i) => {
      if (typeof x !== 'object' || x === null) return;
      const at = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: ['indicatoren', i, key], message });
      if (x.gewicht !== undefined && !counts.has(x.gewicht)) {
        at('gewicht', `"${x.gewicht}" is geen indicator met eenheid aantal; kies uit ${[...counts].join(', ') || '(geen)'}`);
      }
      if (x.gewicht !== undefined && x.eenheid === 'aantal') at('gewicht', 'een aantal telt op; alleen procenten, dagen en minuten worden gewogen');
      if (x.meting === 'stroom' && x.eenheid !== 'aantal') at('meting', 'stroom (optellen) geldt alleen voor aantallen; kies stand of gemiddelde');
      if (x.onderdrukken && x.eenheid !== 'aantal') at('onderdrukken', 'alleen aantallen worden onderdrukt');
      // Goals by the figures' rule for the unit (a count whole, a percentage at most 100): one place, csv-import.
      if (typeof x.doelen === 'object' && Object.hasOwn(UNIT_BY_WORD, x.eenheid)) {
        for (const [year, goal] of Object.entries(x.doelen ?? {})) {
          const problem = typeof goal === 'number' ? unitProblem(String(goal), goal, { id: x.id, unit: UNIT_BY_WORD[x.eenheid] }, ';') : undefined;
          if (problem) ctx.addIssue({ code: 'custom', path: ['indicatoren', i, 'doelen', year], message: problem });
        }
      }
    });
    const calendar = file.kalender;
    if (typeof calendar?.herinnering === 'number' && typeof calendar.reviewdagen === 'number' && calendar.herinnering >= calendar.reviewdagen) {
      ctx.addIssue({
        code: 'custom',
        path: ['kalender', 'herinnering'],
        message: `moet een werkdag van de review vóór de laatste zijn: 1 tot en met ${calendar.reviewdagen - 1} (reviewdagen is ${calendar.reviewdagen}); laat herinnering weg bij een review van één dag`,
      });
    }
    checkSuppliers(file, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
    if (file.gemeenten.length > 0 && !file.gemeenten.some((g) => g?.ontvangt !== false)) ctx.addIssue({ code: 'custom', path: ['gemeenten'], message: 'geen enkele gemeente ontvangt het rapport' });
  }, { when: () => true });

type OrganisationFile = z.infer<typeof FileSchema>;

/**
 * Who delivers an indicator with `bron: gemeente`: every municipality names its aanleveraars
 * (opted out or not: the organisation's total adds them all), and only then: a list without
 * such an indicator would ask them for nothing.
 */
function checkSuppliers(file: Pick<OrganisationFile, 'gemeenten' | 'indicatoren'>, report: (path: (string | number)[], message: string) => void): void {
  const delivered = file.indicatoren.filter((x) => x?.bron === 'gemeente').map((x) => x.id);
  // A misspelt bron is named where it stands; it may have meant gemeente.
  const unsure = file.indicatoren.some((x) => x?.bron !== undefined && !Object.hasOwn(SOURCE_BY_WORD, x.bron));
  file.gemeenten.forEach((g, i) => {
    if (typeof g !== 'object' || g === null) return;
    const suppliers = Array.isArray(g.aanleveraars) ? g.aanleveraars : [];
    if (delivered.length > 0 && suppliers.length === 0) {
      report(['gemeenten', i, 'aanleveraars'], `ontbreekt: ${delivered.join(', ')} ${delivered.length === 1 ? 'wordt' : 'worden'} door de gemeenten aangeleverd (bron: gemeente); noem wie dat voor ${g.naam} doet`);
    }
    if (delivered.length === 0 && !unsure && suppliers.length > 0) report(['gemeenten', i, 'aanleveraars'], 'geen indicator heeft bron: gemeente, dus er valt niets aan te leveren; laat aanleveraars weg of zet bron: gemeente bij een indicator');
    duplicates(suppliers.map((s) => String(s)), (j) => report(['gemeenten', i, 'aanleveraars', j], `"${suppliers[j]}" staat er al eerder in`));
  });
}

function duplicates(values: readonly string[], report: (index: number) => void): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (v && seen.has(v)) report(i);
    seen.add(v);
  });
}

/** The parser's errors in the words of the policy officer who wrote the file (the parser speaks English). */
const YAML_ERROR_NL: Partial<Record<string, string>> = {
  BAD_INDENT: 'het inspringen klopt niet, of een lijst [ … ] of blok { … } is niet gesloten',
  BLOCK_AS_IMPLICIT_KEY: 'een tweede dubbele punt op de regel, of een sleutel die verder inspringt dan de vorige',
  MULTILINE_IMPLICIT_KEY: 'een sleutel loopt door over meer regels; zet een dubbele punt achter de sleutel of spring anders in',
  MISSING_CHAR: 'een aanhalingsteken of haakje wordt niet gesloten',
  BAD_SCALAR_START: 'een waarde begint met een teken dat dat niet mag (zoals @ of `); zet de waarde tussen aanhalingstekens',
  BAD_DQ_ESCAPE: 'een \\ tussen dubbele aanhalingstekens; gebruik enkele aanhalingstekens',
  MULTIPLE_DOCS: 'het bestand bevat meer dan één document (---); houd er één over',
};

/** Reads and validates an organisation file; the error lists every problem as `file:line key: what`. */
export function parseOrganisationFile(text: string, fileName: string): OrganisationConfig {
  return toConfig(readYamlFile(text, fileName, FileSchema, 'is niet toegepast; er is niets gewijzigd'));
}

/** Reads a questions file for `evaluation start --vragen` (`vragen:` as in the organisation file); errors as the organisation file's. */
export function parseQuestionsFile(text: string, fileName: string): EvaluationQuestion[] {
  return readYamlFile(text, fileName, QuestionsFileSchema, 'is niet gebruikt; er is niets verstuurd').vragen.map(toQuestion);
}

/** A YAML file of the policy officer's, validated whole against `schema`; `rejected` says what did not happen. */
function readYamlFile<T>(text: string, fileName: string, schema: z.ZodType<T>, rejected: string): T {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  let tabLine = 0;
  const syntax = doc.errors.map((e) => {
    const line = lineCounter.linePos(e.pos[0]).line;
    const tab = e.code === 'TAB_AS_INDENT' || /^\s*\t/.test(text.split('\n')[line - 1] ?? '');
    if (tab) {
      tabLine = line;
      return `${fileName}:${line} springt in met een tab; gebruik spaties`;
    }
    if (e.code === 'DUPLICATE_KEY') return `${fileName}:${line} deze sleutel staat twee keer in hetzelfde blok; laat er één staan`;
    // A tab trips the parser on the lines after it too: those are no problems of their own.
    if (tabLine > 0 && line <= tabLine + 1) return `${fileName}:${line} klopt niet door de tab op regel ${tabLine}`;
    return `${fileName}:${line} is geen geldige YAML: ${YAML_ERROR_NL[e.code] ?? 'hier staat iets wat hier niet kan'}; let op inspringen, dubbele punten en aanhalingstekens`;
  });
  // An alias would make toJS throw an English ReferenceError; the file is meant to be read as written.
  visit(doc, { Alias: (_, alias) => void syntax.push(`${fileName}:${lineCounter.linePos(alias.range?.[0] ?? 0).line} verwijst met *${alias.source} naar een anker; schrijf de waarde voluit`) });
  // One tab can trip several parser errors on the same line: name it once.
  if (syntax.length > 0) throw new InvalidInputError(`${fileName} is niet ingelezen:\n  ${[...new Set(syntax)].join('\n  ')}`);

  // reportInput: without it no issue carries its input, and a wrong value would read as a missing one.
  const result = schema.safeParse(doc.toJS({ maxAliasCount: 0 }) ?? {}, { reportInput: true });
  if (!result.success) {
    const lineOfProblem = (p: string) => Number(/^[^:]*:(\d+)/.exec(p.slice(fileName.length))?.[1] ?? 0);
    const problems = result.error.issues.flatMap((issue) => describe(issue, doc, lineCounter, fileName)).sort((a, b) => lineOfProblem(a) - lineOfProblem(b));
    throw new InvalidInputError(`${fileName} ${rejected}:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

function describe(issue: z.core.$ZodIssue, doc: Document, lines: LineCounter, fileName: string): string[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${fileName}:${lineOf(doc, lines, [...path, key], true)} ${keyPath([...path, key])}: onbekende sleutel (tikfout?)`);
  }
  const message =
    issue.code === 'invalid_type' && issue.input === undefined
      ? 'ontbreekt'
      : issue.code === 'invalid_key'
        ? (issue.issues[0]?.message ?? 'ongeldige sleutel')
        : issue.message;
  return [`${fileName}:${lineOf(doc, lines, path, false)} ${keyPath(path) || '(bestand)'}: ${message}`];
}

/** `indicatoren[2].eenheid` */
function keyPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, p) => (typeof p === 'number' ? `${text}[${p}]` : text ? `${text}.${p}` : p), '');
}

/** The line of the deepest node of `path` that the file has (a missing key: its parent's line). */
function lineOf(doc: Document, lines: LineCounter, path: readonly (string | number)[], wantKey: boolean): number {
  let node: unknown = doc.contents;
  let line = 1;
  for (const [i, step] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) break;
      const keyNode = pair.key as Node;
      if (keyNode.range) line = lines.linePos(keyNode.range[0]).line;
      if (wantKey && i === path.length - 1) break;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step];
    } else break;
    if (isNode(node) && node.range) line = lines.linePos(node.range[0]).line;
  }
  return line;
}

function toConfig(file: OrganisationFile): OrganisationConfig {
  const calendar = file.kalender ?? { gegevens_uiterlijk: 5, reviewdagen: 5, vrijgeven: 'handmatig' as const };
  return {
    name: file.naam,
    sender: file.afzender,
    ...(file.antwoordadres ? { replyTo: file.antwoordadres } : {}),
    contact: { name: file.contactpersoon.naam, role: file.contactpersoon.functie, email: file.contactpersoon.email, phone: file.contactpersoon.telefoon },
    administrators: file.beheerders,
    periodLength: PERIOD_LENGTH_BY_WORD[file.ritme],
    suppressionThreshold: file.drempel,
    suppressionStrategy: file.onderdrukking ? STRATEGY_BY_WORD[file.onderdrukking] : DEFAULT_STRATEGY,
    publication: file.publicatie ? PUBLICATION_BY_WORD[file.publicatie] : DEFAULT_PUBLICATION,
    riskNote: file.risico,
    calendar: {
      dataDeadlineWorkday: calendar.gegevens_uiterlijk,
      reviewWorkdays: calendar.reviewdagen,
      release: RELEASE_BY_WORD[calendar.vrijgeven],
      ...('herinnering' in calendar && calendar.herinnering !== undefined ? { reminderWorkday: calendar.herinnering } : {}),
      ...('zonder_gemeentecijfers' in calendar && calendar.zonder_gemeentecijfers ? { withoutMunicipalFigures: WITHOUT_MUNICIPAL_BY_WORD[calendar.zonder_gemeentecijfers] } : {}),
    },
    ...(file.huisstijl ? { colour: file.huisstijl.kleur.toLowerCase() } : {}),
    municipalities: file.gemeenten.map((g) => ({
      name: g.naam,
      optedOut: g.ontvangt === false,
      ...(g.inwoners ? { inhabitants: g.inwoners } : {}),
      ...(g.aanleveraars?.length ? { suppliers: g.aanleveraars } : {}),
    })),
    indicators: file.indicatoren.map(
      (x): Indicator => ({
        id: x.id,
        label: x.naam,
        unit: UNIT_BY_WORD[x.eenheid],
        aggregation: AGGREGATION_BY_WORD[x.meting],
        ...(x.gewicht ? { weight: x.gewicht } : {}),
        higherIsBetter: x.hoger_is_beter,
        headline: x.kerngetal ?? false,
        suppress: x.onderdrukken ?? false,
        ...(x.bron === 'gemeente' ? { source: 'municipality' as const } : {}),
        goals: x.doelen ?? {},
      }),
    ),
    ...(file.evaluatie ? { evaluation: toEvaluationPlan(file.evaluatie) } : {}),
  };
}

function toEvaluationPlan(evaluation: NonNullable<OrganisationFile['evaluatie']>): EvaluationPlan {
  return {
    ...(evaluation.na_maanden === undefined ? {} : { afterMonths: evaluation.na_maanden }),
    ...(evaluation.vragen ? { questions: evaluation.vragen.map(toQuestion) } : {}),
  };
}

function toQuestion(q: z.infer<typeof QuestionSchema>): EvaluationQuestion {
  return { id: q.id, text: q.vraag, kind: QUESTION_KIND_BY_WORD[q.soort], ...(q.opties ? { options: q.opties } : {}) };
}

/** The file in force, in the file's own words: applying it again changes nothing. */
export function organisationToYaml(config: OrganisationConfig): string {
  const header = `# Organisatiebestand van ${config.name} (rapportbode organisation export).\n# Pas het aan en lees het in met: rapportbode organisation apply BESTAND\n`;
  // Goals on one line, as a policy officer writes them: `doelen: {2026: 2250, 2027: 2200}`.
  const doc = new Document(fileOf(config));
  visit(doc, { Pair: (_, pair) => {
    if (isScalar(pair.key) && pair.key.value === 'doelen' && isMap(pair.value)) pair.value.flow = true;
  } });
  return header + doc.toString({ lineWidth: 0 });
}

/**
 * The file in force written into the file as it was applied: its comments, order and layout
 * kept, the values in force (goals imported since, a municipality opted out) set into it.
 * Applying the result gives the same organisation as organisationToYaml's.
 */
export function organisationIntoFile(config: OrganisationConfig, appliedText: string): string {
  const doc = parseDocument(appliedText, { uniqueKeys: true });
  if (doc.errors.length > 0) return organisationToYaml(config);
  const created = new Set<unknown>();
  doc.contents = setInto(doc, doc.contents, fileOf(config), created) as typeof doc.contents;
  // New goals on one line, as organisationToYaml writes them; the file's own keep their layout.
  visit(doc, { Pair: (_, pair) => {
    if (isScalar(pair.key) && pair.key.value === 'doelen' && isMap(pair.value) && created.has(pair.value)) pair.value.flow = true;
  } });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Yes-or-no keys whose no is the default: a file that leaves them out keeps them out. */
const DEFAULT_NO = new Set(['kerngetal', 'onderdrukken']);

/** `value` set into `node`, keeping the node (and its comments) wherever the shape allows. */
function setInto(doc: Document, node: unknown, value: unknown, created: Set<unknown>): unknown {
  const fresh = () => {
    const made = doc.createNode(value);
    created.add(made);
    return made;
  };
  if (value instanceof Map || (typeof value === 'object' && value !== null && !Array.isArray(value))) {
    if (!isMap(node)) return fresh();
    const entries: [unknown, unknown][] = value instanceof Map ? [...value] : Object.entries(value);
    const keys = new Set(entries.map(([k]) => String(k)));
    node.items = node.items.filter((pair) => isScalar(pair.key) && keys.has(String(pair.key.value)));
    // A key the file lacks goes after the key before it in the export's order (`ontvangt` after `naam`).
    let at = -1;
    for (const [key, v] of entries) {
      const index = node.items.findIndex((p) => isScalar(p.key) && String(p.key.value) === String(key));
      const pair = node.items[index];
      if (pair) {
        pair.value = setInto(doc, pair.value, v, created) as typeof pair.value;
        at = index;
      } else if (!(DEFAULT_NO.has(String(key)) && v === false)) {
        node.items.splice(++at, 0, doc.createPair(key, setInto(doc, undefined, v, created)));
      }
    }
    return node;
  }
  if (Array.isArray(value)) {
    if (!isSeq(node)) return fresh();
    const old = [...node.items];
    node.items = value.map((v, i) => setInto(doc, takeItem(old, v, i), v, created));
    return node;
  }
  if (isScalar(node) && sameScalar(node.value, value)) return node;
  if (isScalar(node)) {
    node.value = value;
    return node;
  }
  return fresh();
}

/** The file's entry for `value`: the municipality or indicator of the same name or id, else the one at `index`. */
function takeItem(items: unknown[], value: unknown, index: number): unknown {
  const name = typeof value === 'object' && value !== null ? ((value as { id?: unknown; naam?: unknown }).id ?? (value as { naam?: unknown }).naam) : undefined;
  const found =
    name === undefined
      ? items[index]
      : items.find((item) => isMap(item) && ['id', 'naam'].some((key) => String((item.get(key) as unknown) ?? '') === String(name)));
  return found;
}

function sameScalar(written: unknown, value: unknown): boolean {
  if (typeof written === 'string' && typeof value === 'boolean') return YES_NO_WORDS[written.trim().toLowerCase()] === value;
  return written === value;
}

/** The comments of a file, in order: what tells two files with the same values apart for a reader. */
export function commentsOf(text: string): string[] {
  const doc = parseDocument(text);
  const comments: string[] = [];
  const add = (c: string | null | undefined) => void (c && comments.push(c));
  add(doc.commentBefore);
  visit(doc, (_, node) => {
    if (isNode(node)) {
      add(node.commentBefore);
      add(node.comment);
    }
  });
  add(doc.comment);
  return comments;
}

/** The organisation as the file's keys and values (what organisationToYaml writes). */
function fileOf(config: OrganisationConfig) {
  return {
    naam: config.name,
    afzender: config.sender,
    ...(config.replyTo ? { antwoordadres: config.replyTo } : {}),
    contactpersoon: { naam: config.contact.name, functie: config.contact.role, email: config.contact.email, telefoon: config.contact.phone },
    beheerders: [...config.administrators],
    ritme: wordOf(PERIOD_LENGTH_BY_WORD, config.periodLength),
    drempel: config.suppressionThreshold,
    // A version stored before the key was planned by kleinste: its export says so.
    onderdrukking: config.suppressionStrategy ?? LEGACY_STRATEGY,
    // A version stored before the key existed had no web edition to open: besloten, the default.
    publicatie: config.publication ?? DEFAULT_PUBLICATION,
    risico: config.riskNote.endsWith('\n') ? config.riskNote : `${config.riskNote}\n`,
    kalender: {
      gegevens_uiterlijk: config.calendar.dataDeadlineWorkday,
      reviewdagen: config.calendar.reviewWorkdays,
      vrijgeven: wordOf(RELEASE_BY_WORD, config.calendar.release),
      ...(config.calendar.reminderWorkday ? { herinnering: config.calendar.reminderWorkday } : {}),
      ...(config.calendar.withoutMunicipalFigures ? { zonder_gemeentecijfers: wordOf(WITHOUT_MUNICIPAL_BY_WORD, config.calendar.withoutMunicipalFigures) } : {}),
    },
    ...(config.colour ? { huisstijl: { kleur: config.colour } } : {}),
    gemeenten: config.municipalities.map((m) => ({
      naam: m.name,
      ...(m.optedOut ? { ontvangt: false } : {}),
      ...(m.inhabitants ? { inwoners: m.inhabitants } : {}),
      ...(m.suppliers?.length ? { aanleveraars: [...m.suppliers] } : {}),
    })),
    indicatoren: config.indicators.map((x) => ({
      id: x.id,
      naam: x.label,
      eenheid: wordOf(UNIT_BY_WORD, x.unit),
      meting: wordOf(AGGREGATION_BY_WORD, x.aggregation),
      ...(x.weight ? { gewicht: x.weight } : {}),
      hoger_is_beter: x.higherIsBetter,
      kerngetal: x.headline,
      onderdrukken: x.suppress,
      ...(x.source === 'municipality' ? { bron: 'gemeente' } : {}),
      ...(Object.keys(x.goals).length > 0 ? { doelen: new Map(Object.entries(x.goals).map(([y, g]) => [Number(y), g])) } : {}),
    })),
    ...(config.evaluation ? { evaluatie: evaluationOf(config.evaluation) } : {}),
  };
}

/** The `evaluatie:` block in the file's words. */
function evaluationOf(plan: EvaluationPlan) {
  return {
    ...(plan.afterMonths === undefined ? {} : { na_maanden: plan.afterMonths }),
    ...(plan.questions ? { vragen: plan.questions.map((q) => ({ id: q.id, vraag: q.text, soort: q.kind, ...(q.options ? { opties: [...q.options] } : {}) })) } : {}),
  };
}

/** The Dutch word for a measure, for table headers and help texts. */
export function measureWord(aggregation: Aggregation): 'stand' | 'stroom' | 'gemiddelde' {
  return wordOf(AGGREGATION_BY_WORD, aggregation) as 'stand' | 'stroom' | 'gemiddelde';
}
