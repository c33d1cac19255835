import type { Indicator } from './catalogue';
import { DEFAULT_EVALUATION_QUESTIONS, type EvaluationPlan, sameQuestions } from './evaluation';
import { formatNumber } from './format';
import { DEFAULT_PUBLICATION, type OrganisationConfig } from './organisation';
import { organisationToYaml } from './organisation-file';
import { LEGACY_STRATEGY } from './suppression';

/** What applying a new organisation file changes, in the words an operator reads. */
export interface OrganisationDiff {
  readonly removedMunicipalities: readonly string[];
  readonly removedIndicators: readonly string[];
  /** One Dutch line per change, grouped: municipalities, indicators, goals, texts. */
  readonly lines: readonly string[];
}

export function diffOrganisation(before: OrganisationConfig | null, after: OrganisationConfig): OrganisationDiff {
  if (!before) {
    return {
      removedMunicipalities: [],
      removedIndicators: [],
      lines: [
        `nieuwe organisatie: ${after.name}`,
        `gemeenten: ${after.municipalities.map((m) => m.name + (m.optedOut ? ' (ontvangt niet)' : '')).join(', ')}`,
        `indicatoren: ${after.indicators.map((i) => i.id).join(', ')}`,
      ],
    };
  }
  const lines: string[] = [];
  const beforeMunicipalities = new Map(before.municipalities.map((m) => [m.name, m]));
  const afterMunicipalities = new Map(after.municipalities.map((m) => [m.name, m]));
  const removedMunicipalities = [...beforeMunicipalities.keys()].filter((m) => !afterMunicipalities.has(m));
  for (const m of after.municipalities) {
    const was = beforeMunicipalities.get(m.name);
    if (!was) lines.push(`gemeente toegevoegd: ${m.name}${m.optedOut ? ' (ontvangt niet)' : ''}`);
    else if (was.optedOut !== m.optedOut) lines.push(m.optedOut ? `${m.name} ontvangt het rapport niet meer` : `${m.name} ontvangt het rapport weer`);
    else if (was.inhabitants !== m.inhabitants) lines.push(`${m.name}: inwoners ${was.inhabitants ?? '–'} → ${m.inhabitants ?? '–'}`);
    if (was && (was.suppliers ?? []).join() !== (m.suppliers ?? []).join()) lines.push(`${m.name}: aanleveraars ${show(was.suppliers)} → ${show(m.suppliers)}`);
  }
  for (const m of removedMunicipalities) lines.push(`gemeente verwijderd: ${m}`);

  const beforeIndicators = new Map(before.indicators.map((i) => [i.id, i]));
  const afterIndicators = new Map(after.indicators.map((i) => [i.id, i]));
  const removedIndicators = [...beforeIndicators.keys()].filter((i) => !afterIndicators.has(i));
  for (const indicator of after.indicators) {
    const was = beforeIndicators.get(indicator.id);
    if (!was) lines.push(`indicator toegevoegd: ${indicator.id} (${indicator.label})`);
    else lines.push(...indicatorChanges(was, indicator));
  }
  for (const id of removedIndicators) lines.push(`indicator verwijderd: ${id} (${beforeIndicators.get(id)?.label})`);
  if (before.indicators.map((i) => i.id).join() !== after.indicators.filter((i) => beforeIndicators.has(i.id)).map((i) => i.id).join() && removedIndicators.length === 0) {
    lines.push('volgorde van de indicatoren gewijzigd');
  }

  const text = (label: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) lines.push(`${label}: ${show(a)} → ${show(b)}`);
  };
  text('naam', before.name, after.name);
  text('afzender', before.sender, after.sender);
  text('antwoordadres', before.replyTo, after.replyTo);
  text('contactpersoon', before.contact, after.contact);
  text('beheerders', before.administrators, after.administrators);
  text('ritme', before.periodLength === 2 ? 'tweemaandelijks' : 'kwartaal', after.periodLength === 2 ? 'tweemaandelijks' : 'kwartaal');
  text('drempel', before.suppressionThreshold, after.suppressionThreshold);
  text('onderdrukking', before.suppressionStrategy ?? LEGACY_STRATEGY, after.suppressionStrategy ?? LEGACY_STRATEGY);
  text('publicatie', before.publication ?? DEFAULT_PUBLICATION, after.publication ?? DEFAULT_PUBLICATION);
  // Per key of the file, in its words: not the stored values ("manual") in a row without names.
  text('kalender.gegevens_uiterlijk', before.calendar.dataDeadlineWorkday, after.calendar.dataDeadlineWorkday);
  text('kalender.reviewdagen', before.calendar.reviewWorkdays, after.calendar.reviewWorkdays);
  text('kalender.vrijgeven', releaseWord(before.calendar.release), releaseWord(after.calendar.release));
  text('kalender.herinnering', before.calendar.reminderWorkday ?? 'standaard', after.calendar.reminderWorkday ?? 'standaard');
  text('zonder_gemeentecijfers', withoutMunicipalWord(before.calendar.withoutMunicipalFigures), withoutMunicipalWord(after.calendar.withoutMunicipalFigures));
  text('huisstijl', before.colour, after.colour);
  if (before.riskNote !== after.riskNote) lines.push('risico: tekst gewijzigd');
  lines.push(...evaluationChanges(before.evaluation, after.evaluation));
  return { removedMunicipalities, removedIndicators, lines };
}

function evaluationChanges(was: EvaluationPlan | undefined, now: EvaluationPlan | undefined): string[] {
  const lines: string[] = [];
  const months = (plan: EvaluationPlan | undefined) => (plan?.afterMonths === undefined ? 'niet gepland' : `na ${plan.afterMonths} maanden`);
  if (was?.afterMonths !== now?.afterMonths) lines.push(`evaluatie: ${months(was)} → ${months(now)}`);
  const questions = (plan: EvaluationPlan | undefined) => plan?.questions ?? DEFAULT_EVALUATION_QUESTIONS;
  if (!sameQuestions(questions(was), questions(now))) lines.push(`evaluatie: vragen gewijzigd (${questions(now).map((q) => q.id).join(', ')})`);
  return lines;
}

function indicatorChanges(was: Indicator, now: Indicator): string[] {
  const lines: string[] = [];
  const field = (label: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) lines.push(`indicator ${now.id}: ${label} ${show(a)} → ${show(b)}`);
  };
  field('naam', was.label, now.label);
  field('eenheid', was.unit, now.unit);
  field('meting', was.aggregation, now.aggregation);
  field('gewicht', was.weight, now.weight);
  field('hoger_is_beter', was.higherIsBetter, now.higherIsBetter);
  field('kerngetal', was.headline, now.headline);
  field('onderdrukken', was.suppress, now.suppress);
  field('bron', sourceWord(was), sourceWord(now));
  const years = [...new Set([...Object.keys(was.goals), ...Object.keys(now.goals)])].sort();
  for (const year of years) {
    const a = was.goals[year];
    const b = now.goals[year];
    if (a === b) continue;
    const fmt = (v: number) => formatNumber(v, now.unit);
    // A year comes from either side, so at most one of the two is missing.
    if (a === undefined) lines.push(`doel ${now.id} ${year}: nieuw ${fmt(b as number)}`);
    else if (b === undefined) lines.push(`doel ${now.id} ${year}: vervalt (was ${fmt(a)})`);
    else lines.push(`doel ${now.id} ${year}: ${fmt(a)} → ${fmt(b)}`);
  }
  return lines;
}

const sourceWord = (indicator: Indicator): string => (indicator.source === 'municipality' ? 'gemeente' : 'organisatie');
const releaseWord = (value: OrganisationConfig['calendar']['release']): string => (value === 'automatic' ? 'automatisch' : 'handmatig');
const withoutMunicipalWord = (value: OrganisationConfig['calendar']['withoutMunicipalFigures']): string => (value === 'continue' ? 'doorgaan' : 'wachten');

function show(value: unknown): string {
  if (value === undefined || value === null) return '(geen)';
  if (typeof value === 'string') return `"${value}"`;
  // A list or a block: its values, in order.
  if (typeof value === 'object') return Object.values(value).join(', ');
  return String(value);
}

/** Whether two configurations are the same file (what `apply` of an export must find). */
export function sameOrganisation(a: OrganisationConfig, b: OrganisationConfig): boolean {
  return organisationToYaml(a) === organisationToYaml(b);
}
