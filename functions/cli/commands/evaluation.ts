import type { Command } from 'commander';
import { MIN_ANSWERS_SHOWN, type QuestionResult, SCALE_LABELS, closesOnOf } from '../../core/evaluation';
import { dayLabelNl } from '../../core/workdays';
import { timeNl } from '../../core/words-nl';
import type { EvaluationResults, EvaluationStart } from '../../usecases/evaluation';
import { DOOR_HELP, actorOf } from '../actor';
import { commandHint } from '../command-hint';
import { readInputFile } from '../files';
import { printOutbox, withStack } from '../local-session';
import { DATA_DIR_OPTION } from '../options';

async function deps() {
  // Imported only now: the SDK clients must see the endpoints the stack just set.
  const { readConfig } = await import('../../adapters/config');
  const { evaluationDeps } = await import('../../wiring/evaluation-dependencies');
  return { ...evaluationDeps(readConfig()), command: commandHint() };
}

export function registerEvaluation(program: Command): void {
  const evaluation = program
    .command('evaluation')
    .alias('evaluatie')
    .description(`de evaluatie van de rapportage (na zes maanden): een korte vragenlijst per persoonlijke link aan de AB-leden en gbo-leden; de uitkomsten alleen samengevoegd, een vraag pas vanaf ${MIN_ANSWERS_SHOWN} antwoorden`);

  evaluation
    .command('start')
    .description(
      'stuur elk AB-lid en gbo-lid van de gemeenten die het rapport ontvangen één mail met een persoonlijke link naar de vragenlijst (standaard vijf vragen, of die van evaluatie: vragen in het organisatiebestand). ' +
        'Wie na vijf werkdagen niet antwoordde, krijgt van de cyclus één herinnering. Loopt er al een evaluatie, dan krijgt alleen wie nog geen mail kreeg er een; niemand krijgt er twee.',
    )
    .option('--vragen <bestand>', 'eigen vragen: een YAML-bestand met vragen: (id, vraag, soort schaal|keuze|open, bij keuze opties), zoals evaluatie: vragen in het organisatiebestand')
    .option('--door <naam>', DOOR_HELP)
    .option(...DATA_DIR_OPTION)
    .action(async (o: { vragen?: string; door?: string; map: string }) => {
      const actor = actorOf(o.door);
      // The file is read and checked before anything is started or sent.
      const questions = o.vragen ? await readQuestions(o.vragen) : undefined;
      await withStack(o.map, async () => {
        const { startEvaluation } = await import('../../usecases/evaluation');
        const started = await startEvaluation({ by: actor, ...(questions ? { questions } : {}) }, await deps());
        for (const line of startLines(started)) console.log(line);
        printOutbox(started.evaluation.id);
        if (started.failed.length > 0 || started.unknown.length > 0) process.exitCode = 1;
      });
    });

  evaluation
    .command('results')
    .alias('uitkomsten')
    .description(`de uitkomsten van de laatste evaluatie, alleen samengevoegd: per vraag het aantal per antwoord (bij een schaal ook het gemiddelde) en de open antwoorden op alfabet, zonder namen of gemeenten; een vraag die minder dan ${MIN_ANSWERS_SHOWN} mensen beantwoordden, blijft verborgen`)
    .option('--json', 'als JSON', false)
    .option(...DATA_DIR_OPTION)
    .action(async (o: { json: boolean; map: string }) => {
      await withStack(o.map, async () => {
        const { evaluationResults } = await import('../../usecases/evaluation');
        const results = await evaluationResults(await deps());
        if (o.json) console.log(JSON.stringify({ minimumAnswers: MIN_ANSWERS_SHOWN, ...results }, null, 2));
        else for (const line of resultLines(results)) console.log(line);
      });
    });
}

async function readQuestions(file: string) {
  const { parseQuestionsFile } = await import('../../core/organisation-file');
  return parseQuestionsFile(Buffer.from(await readInputFile(file)).toString('utf8'), file);
}

/** Exported for its test: the reminder's day is its own sentence, apart from the links' last day. */
export function startLines(started: EvaluationStart): string[] {
  const { evaluation } = started;
  const lines = started.resumed
    ? [`De evaluatie ${evaluation.id} loopt al (gestart ${timeNl(evaluation.startedAt)} door ${evaluation.startedBy}): ${started.sent} nieuwe uitnodigingen verstuurd; ${started.already} hadden er al een en krijgen er geen tweede.`]
    : [`Evaluatie ${evaluation.id} gestart: ${started.sent} AB-leden en gbo-leden kregen een persoonlijke link naar ${evaluation.questions.length} vragen.`];
  lines.push(`De links werken tot en met ${dayLabelNl(closesOnOf(evaluation))}. Wie op ${dayLabelNl(evaluation.remindOn)} nog niet antwoordde, krijgt die dag van de cyclus één herinnering.`);
  for (const f of started.failed) lines.push(`Niet verstuurd aan ${f.email}: ${f.reason}. Start opnieuw om het nog eens te proberen.`);
  for (const u of started.unknown) lines.push(`Onzeker of verstuurd aan ${u.email}: ${u.reason}. Wordt niet opnieuw verstuurd.`);
  return lines;
}

function resultLines(results: EvaluationResults): string[] {
  const { evaluation } = results;
  const lines = [
    `Evaluatie ${evaluation.id} (gestart ${timeNl(evaluation.startedAt)} door ${evaluation.startedBy}; open tot en met ${dayLabelNl(closesOnOf(evaluation))}): ${results.invited} uitgenodigd, ${results.responded} antwoordden.`,
    `Alleen samengevoegd; een vraag pas als minstens ${MIN_ANSWERS_SHOWN} mensen hem beantwoordden.`,
  ];
  results.questions.forEach((q, i) => lines.push('', `${i + 1}. ${q.text} (${q.kind})`, ...questionLines(q)));
  return lines;
}

function questionLines(q: QuestionResult): string[] {
  if (!q.shown) return [`   te weinig antwoorden (n < ${MIN_ANSWERS_SHOWN}) om te tonen`];
  if ('texts' in q) return [`   ${q.answered} antwoorden, op alfabet:`, ...q.texts.map((t) => `   - ${t.replace(/\s*\n\s*/g, ' ')}`)];
  const counts = Object.entries(q.counts).map(([value, n]) => `   ${q.kind === 'schaal' ? SCALE_LABELS[value] : value}: ${n}`);
  const mean = q.mean === undefined ? [] : [`   gemiddeld: ${q.mean.toLocaleString('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}`];
  return [`   ${q.answered} antwoorden:`, ...counts, ...mean];
}
