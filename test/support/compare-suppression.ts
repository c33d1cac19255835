/**
 * The comparison in the README ("Small counts"): every strategy on the two example organisations
 * and on the generated one with a small municipality that gets no report, over the twelve runs
 * of two years. Run: node --import tsx test/support/compare-suppression.ts
 */
import { readFileSync } from 'node:fs';
import { costOfRun, modelWith, runsEndingWith, smallOptedOutOrganisation } from '../../functions/bench/suppression-compare';
import { monthsEndingWith } from '../../functions/core/periods';
import { HISTORY_MONTHS } from '../../functions/core/report-model';
import { sampleFigures } from '../../functions/local/sample-data';
import { parseOrganisationFile } from '../../functions/core/organisation-file';
import { SUPPRESSION_STRATEGIES } from '../../functions/core/suppression';
import { linkedGroups } from './model-groups';
import { leaks } from './subtraction-attack';

const organisations = [
  ...['examples/werkzaak-rivierenland/organisatie.yaml', 'examples/sociaal-domein-bel-huizen/organisatie.yaml'].map((f) => parseOrganisationFile(readFileSync(f, 'utf8'), f)),
  smallOptedOutOrganisation(),
];
console.log('| organisation | strategy | "×" per paragraph, last run: max / total | worst run: max / total | most "×" on one kerngetal line | organisation totals rounded, last run (of indicator × period groups) | attack: recovered |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const organisation of organisations) {
  const last = { year: 2026, firstMonth: organisation.periodLength === 3 ? 7 : 9, length: organisation.periodLength };
  for (const strategy of SUPPRESSION_STRATEGIES) {
    let worst = { max: 0, total: 0 };
    let lastRun = { max: 0, total: 0 };
    let worstLine = 0;
    let rounded = 0;
    const found: string[] = [];
    for (const period of runsEndingWith(last, 24 / organisation.periodLength)) {
      const model = modelWith(organisation, period, strategy);
      const cost = costOfRun(model);
      const counts = [...cost.complements.values()];
      const run = { max: Math.max(...counts), total: counts.reduce((a, b) => a + b, 0) };
      if (run.max > worst.max || (run.max === worst.max && run.total > worst.total)) worst = run;
      lastRun = run;
      worstLine = Math.max(worstLine, cost.worstLine);
      rounded = cost.rounded;
      const figures = sampleFigures(organisation, monthsEndingWith(period, HISTORY_MONTHS + 12));
      found.push(...leaks(linkedGroups(model, organisation, figures), organisation.suppressionThreshold));
    }
    console.log(`| ${organisation.name} | ${strategy} | ${lastRun.max} / ${lastRun.total} | ${worst.max} / ${worst.total} | ${worstLine} | ${rounded} of ${organisation.indicators.filter((i) => i.suppress).length * (24 / organisation.periodLength)} | ${found.length} |`);
  }
}
