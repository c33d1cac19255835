import { type CommandHint, plainCommand } from './command-hint';
import type { Recipient } from './organisation';
import { type Day, addDays, dayLabelNl } from './workdays';

/**
 * The six-month evaluation (seed 000: "Na zes maanden de maandrapportages evalueren. Werkzaak
 * neemt daartoe het initiatief met een kleine enquête onder AB-leden en GBO-leden."): a short
 * questionnaire by personal link, and results shown only as aggregates.
 */

/** Who the evaluation asks (the seed's "AB-leden en GBO-leden"): a municipality's AB-lid or gbo-lid. */
export function isEvaluationInvitee(recipient: Pick<Recipient, 'role'>): boolean {
  return recipient.role === 'ab-lid' || recipient.role === 'gbo-lid';
}

/** The last day an evaluation's links work: the Amsterdam day its `closesAt` ends (a UTC time late that evening). */
export function closesOnOf(evaluation: { readonly closesAt: string }): Day {
  return evaluation.closesAt.slice(0, 10);
}

/** `schaal`: 1 to 5; `keuze`: one of the question's options; `open`: a text. */
export const QUESTION_KINDS = ['schaal', 'keuze', 'open'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export interface EvaluationQuestion {
  readonly id: string;
  readonly text: string;
  readonly kind: QuestionKind;
  /** The choices of a `keuze` question, in the order shown. */
  readonly options?: readonly string[];
}

/** What the organisation file's `evaluatie:` plans: when the cycle starts it, and its own questions. */
export interface EvaluationPlan {
  /** Months after the first final report that the cycle starts the evaluation, once. */
  readonly afterMonths?: number;
  readonly questions?: readonly EvaluationQuestion[];
}

/** The scale's values with the words a reader sees beside them. */
export const SCALE_LABELS: Readonly<Record<string, string>> = {
  '1': '1 – slecht',
  '2': '2 – matig',
  '3': '3 – voldoende',
  '4': '4 – goed',
  '5': '5 – zeer goed',
};
export const SCALE_VALUES = Object.keys(SCALE_LABELS);

/** The questionnaire when the organisation file names none: usefulness, readability, frequency, what is missing, remarks. */
export const DEFAULT_EVALUATION_QUESTIONS: readonly EvaluationQuestion[] = [
  { id: 'nut', text: 'Hoe nuttig is de rapportage voor uw werk?', kind: 'schaal' },
  { id: 'leesbaarheid', text: 'Hoe goed is de rapportage te lezen en te begrijpen?', kind: 'schaal' },
  { id: 'frequentie', text: 'Hoe vaak wilt u de rapportage ontvangen?', kind: 'keuze', options: ['maandelijks', 'tweemaandelijks', 'per kwartaal'] },
  { id: 'mist', text: 'Wat mist u in de rapportage?', kind: 'open' },
  { id: 'opmerkingen', text: 'Heeft u verder nog opmerkingen of suggesties?', kind: 'open' },
];

/**
 * A question's answers are shown only when at least this many people answered it: in a group of
 * AB-leden and gbo-leden of a few municipalities, fewer answers point at a person.
 */
export const MIN_ANSWERS_SHOWN = 5;

/** Days a personal link to the questionnaire works: the evaluation's answering time. */
export const EVALUATION_OPEN_DAYS = 21;
/** The working day after the start on which the cycle reminds those who did not answer, once. */
export const EVALUATION_REMINDER_WORKDAY = 5;
/** Longest open answer kept. */
export const MAX_OPEN_ANSWER = 2000;

/** One person's answers: question id → the value (`'4'`, an option, a text); unanswered questions absent. */
export type EvaluationAnswers = Readonly<Record<string, string>>;

export type QuestionResult = {
  readonly id: string;
  readonly text: string;
  readonly kind: QuestionKind;
} & (
  | { readonly shown: false }
  | { readonly shown: true; readonly answered: number; readonly counts: Readonly<Record<string, number>>; readonly mean?: number }
  | { readonly shown: true; readonly answered: number; readonly texts: readonly string[] }
);

/**
 * The questionnaire's results as aggregates, per question: nothing of a question fewer than
 * MIN_ANSWERS_SHOWN people answered; a scale's count per value and mean; a choice's counts; open
 * answers sorted, so their order does not tell who wrote which. No answer carries a name.
 */
export function aggregateEvaluation(questions: readonly EvaluationQuestion[], responses: readonly EvaluationAnswers[]): QuestionResult[] {
  return questions.map((question) => {
    const values = responses.map((r) => validAnswer(question, r[question.id])).filter((v): v is string => v !== undefined);
    const base = { id: question.id, text: question.text, kind: question.kind };
    if (values.length < MIN_ANSWERS_SHOWN) return { ...base, shown: false };
    if (question.kind === 'open') return { ...base, shown: true, answered: values.length, texts: [...values].sort((a, b) => a.localeCompare(b, 'nl')) };
    const choices = question.kind === 'schaal' ? SCALE_VALUES : (question.options ?? []);
    const counts = Object.fromEntries(choices.map((c) => [c, values.filter((v) => v === c).length]));
    if (question.kind === 'keuze') return { ...base, shown: true, answered: values.length, counts };
    const mean = Math.round((values.reduce((sum, v) => sum + Number(v), 0) / values.length) * 10) / 10;
    return { ...base, shown: true, answered: values.length, counts, mean };
  });
}

/** The answer as it counts: a scale's 1–5, one of a choice's options, an open answer's trimmed text; otherwise none. */
export function validAnswer(question: EvaluationQuestion, value: string | undefined): string | undefined {
  const text = value?.trim() ?? '';
  if (text === '') return undefined;
  if (question.kind === 'schaal') return SCALE_VALUES.includes(text) ? text : undefined;
  if (question.kind === 'keuze') return question.options?.includes(text) ? text : undefined;
  return text.slice(0, MAX_OPEN_ANSWER);
}

/** The same day `months` later, on the month's last day when it has no such day (31 August + 6 → 28/29 February). */
export function addMonthsToDay(day: Day, months: number): Day {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDate = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return addDays(first.toISOString().slice(0, 10), Math.min(date, lastDate) - 1);
}

/** Whether two questionnaires ask the same. */
export function sameQuestions(a: readonly EvaluationQuestion[], b: readonly EvaluationQuestion[]): boolean {
  const plain = (qs: readonly EvaluationQuestion[]) => JSON.stringify(qs.map((q) => [q.id, q.text, q.kind, q.options ?? []]));
  return plain(a) === plain(b);
}

/** Who an evaluation mail is for and what it links to. */
export interface EvaluationMailFacts {
  readonly organisation: string;
  readonly name: string;
  readonly link: string;
  /** The last day the link works (`YYYY-MM-DD`). */
  readonly closesOn: Day;
  readonly questions: number;
  readonly contact: { readonly name: string; readonly role: string };
}

/** The invitation (`uitnodiging`) or the one reminder (`herinnering`), in plain Dutch text. */
export function evaluationMail(kind: 'uitnodiging' | 'herinnering', facts: EvaluationMailFacts): { subject: string; text: string } {
  const until = dayLabelNl(facts.closesOn);
  const opening =
    kind === 'uitnodiging'
      ? `U ontvangt al een tijd de rapportage van ${facts.organisation}. We horen graag wat u ervan vindt: is ze nuttig, goed te lezen, komt ze vaak genoeg, en wat mist u? Het zijn ${facts.questions} korte vragen.`
      : `Een week geleden vroegen we uw mening over de rapportage van ${facts.organisation}. We hebben uw antwoorden nog niet ontvangen; ook een paar antwoorden helpen ons.`;
  const text = [
    `Beste ${facts.name},`,
    '',
    opening,
    '',
    `Geef uw mening via deze persoonlijke link, tot en met ${until}:`,
    facts.link,
    '',
    'De link is alleen voor u; stuur hem niet door. Tot die dag kunt u uw antwoorden nog wijzigen.',
    `De antwoorden worden alleen samengevoegd getoond, zonder namen of gemeenten, en een vraag pas als minstens ${MIN_ANSWERS_SHOWN} mensen hem beantwoordden.`,
    '',
    'Met vriendelijke groet,',
    '',
    facts.contact.name,
    facts.contact.role,
    facts.organisation,
    '',
  ].join('\n');
  const subject = kind === 'uitnodiging' ? `Evaluatie van de rapportage van ${facts.organisation}: uw mening` : `Herinnering: evaluatie van de rapportage van ${facts.organisation}`;
  return { subject, text };
}

/** The beheerders' notice that the cycle started the planned evaluation. */
export function evaluationStartedNotice(organisation: string, facts: { id: string; afterMonths: number; sent: number; closesOn: Day; remindOn: Day }, command: CommandHint = plainCommand): { subject: string; text: string } {
  return {
    subject: `Evaluatie gestart: ${facts.sent} uitnodigingen verstuurd (${organisation})`,
    text: [
      `De evaluatie ${facts.id} is gestart, zoals het organisatiebestand plant (evaluatie: na_maanden: ${facts.afterMonths}).`,
      `${facts.sent} AB-leden en gbo-leden kregen een persoonlijke link naar de vragenlijst; die werkt tot en met ${dayLabelNl(facts.closesOn)}.`,
      `Wie dan nog niet antwoordde, krijgt op ${dayLabelNl(facts.remindOn)} één herinnering.`,
      '',
      `De uitkomsten (alleen samengevoegd, een vraag pas vanaf ${MIN_ANSWERS_SHOWN} antwoorden): ${command('evaluation results')}`,
      '',
    ].join('\n'),
  };
}
