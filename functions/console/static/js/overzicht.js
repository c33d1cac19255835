import { api, button, confirmDialog, day, el, heading, notify, notifyError, paragraph, startPage, table, when } from './app.js';

const STATE_CLASS = { vrijgegeven: 'ok', 'concept verstuurd': 'warning', 'wacht op gegevens': 'warning', aangehouden: 'danger' };

async function load(user) {
  const data = await api('GET', '/api/overzicht');
  const container = document.getElementById('perioden');
  if (data.perioden.length === 0) {
    container.replaceChildren(paragraph('Er is nog geen periode om te tonen.'));
    return;
  }
  container.replaceChildren(...[...data.perioden].reverse().map((p) => periodPanel(p, data, user)));
}

function periodPanel(p, data, user) {
  const id = `periode-${p.period}`;
  const facts = [
    ['Stand', el('span', { class: `rb-state rb-state--${STATE_CLASS[p.state] ?? 'warning'}` }, p.state + (p.heldBy ? ` door ${p.heldBy}` : ''))],
    ['Cijfers uiterlijk', day(p.dataDeadline)],
    ['Concept', p.conceptRunId ? `${p.conceptRunId}, naar de reviewers op ${day(p.conceptSentOn)}` : 'nog geen concept verstuurd'],
    ...(p.nieuwsteConcept && p.nieuwsteConcept !== p.conceptRunId ? [['Nieuwste concept', `${p.nieuwsteConcept} (later verstuurd, bijvoorbeeld vanaf de opdrachtregel)`]] : []),
    ['Review tot en met', p.reviewEndsOn ? day(p.reviewEndsOn) : '–'],
    ['Vrijgave', data.vrijgave === 'automatic' ? 'automatisch na de review' : 'door een beheerder'],
    ['Vrijgegeven', p.releasedAt ? `${when(p.releasedAt)} door ${p.releasedBy}` : '–'],
  ];
  const panel = el(
    'section',
    { class: 'rb-panel', 'aria-labelledby': id },
    heading(2, `${p.periodLabel} (${p.period})`, { id }),
    el('dl', { class: 'utrecht-data-list' }, facts.map(([k, v]) => el('div', { class: 'utrecht-data-list__item' }, el('dt', { class: 'utrecht-data-list__item-key' }, k), el('dd', { class: 'utrecht-data-list__item-value' }, v)))),
  );
  if (p.gaps.length > 0) {
    panel.append(
      heading(3, `Ontbrekende cijfers (${p.gaps.length})`),
      table(`Cijfers die ${p.periodLabel} nog mist`, ['Gemeente', 'Indicator', 'Maand'], p.gaps.slice(0, 20).map((g) => [g.municipality, g.indicator, g.month])),
      p.gaps.length > 20 ? paragraph(`… en ${p.gaps.length - 20} meer.`) : null,
    );
  }
  if (p.review) {
    panel.append(
      heading(3, 'Reacties op het concept'),
      table(`Reacties per gemeente op ${p.conceptRunId}`, ['Gemeente', 'Reactie', 'Wie en wat'], p.review.map((m) => [m.municipality, m.state, reviewDetail(m)])),
    );
  }
  if (p.lateMunicipalities?.length > 0) {
    panel.append(
      heading(3, `Gemeenten die hun eigen cijfers nog niet aanleverden (${p.lateMunicipalities.length})`),
      table(`Gemeenten die over ${p.periodLabel} nog eigen cijfers moeten aanleveren`, ['Gemeente', 'Ontbrekende waarden'], p.lateMunicipalities.map((l) => [l.municipality, String(l.missing)])),
    );
  }
  if (user.magWijzigen && p.state !== 'vrijgegeven') {
    const actions = el('div', { class: 'utrecht-button-group rb-row-actions' });
    const concept = p.nieuwsteConcept ?? p.conceptRunId;
    if (concept && !p.heldBy) actions.append(button(`${concept} vrijgeven`, () => release(concept, user), 'primary'));
    actions.append(p.heldBy ? button('Niet meer aanhouden', () => hold(p, false, user)) : button('Periode aanhouden', () => hold(p, true, user)));
    panel.append(actions);
  }
  return panel;
}

/** "akkoord: A; opmerking van B: “…”", or who has not answered. */
function reviewDetail(m) {
  const parts = [
    ...(m.agreed.length ? [`akkoord: ${m.agreed.join(', ')}`] : []),
    ...m.remarks.map((r) => `opmerking van ${r.by}: “${r.text}”`),
    ...(m.silent.length ? [`nog geen reactie van: ${m.silent.join(', ')}`] : []),
  ];
  return parts.join('; ') || '–';
}

/** The confirmation names what goes to whom before anything is sent. */
async function release(concept, user) {
  try {
    const check = await api('GET', `/api/vrijgave/${encodeURIComponent(concept)}`);
    if (!check.kan) {
      notify('warning', check.reden);
      return;
    }
    const v = check.verzending;
    const names = (list) => list.map((r) => `${r.naam} <${r.email}>`).join(', ');
    const content = el(
      'div',
      {},
      paragraph(`De definitieve versie ${check.definitief} van ${check.periode} gaat eenmaal naar ${v.gemeenten.length} gemeente(n): precies wat de reviewers in ${check.runId} zagen.`),
      table('Wie wat krijgt', ['Gemeente', 'Aan (AB-leden)', 'Cc (beleidsmedewerkers)'], v.gemeenten.map((g) => [g.gemeente, names(g.to), names(g.cc) || '–'])),
      v.geenMail.length ? el('div', {}, heading(3, 'Krijgen geen mail'), el('ul', {}, v.geenMail.map((g) => el('li', {}, `${g.gemeente}: ${g.reden}`)))) : null,
      v.afgemeld.length ? paragraph(`Afgemeld: ${v.afgemeld.join(', ')}.`) : null,
      v.waarschuwingen.length ? el('div', {}, heading(3, 'Overgeslagen adressen'), el('ul', {}, v.waarschuwingen.map((w) => el('li', {}, w)))) : null,
    );
    // Before the review's last day the operator confirms that, with a reason (audited, and told to the beheerders).
    const reason = check.voorEindeReview ? earlyReleaseField(content, check.voorEindeReview, check.nogGeenAkkoord) : null;
    const confirmed = confirmDialog(`${check.runId} vrijgeven?`, content, check.voorEindeReview ? 'Ja, vóór het einde van de review versturen' : 'Ja, definitief versturen');
    reason?.focus();
    if (!(await confirmed)) return;
    notify('info', `${check.definitief} wordt gemaakt en verstuurd…`);
    const early = reason ? { voorEindeReview: true, reden: reason.value } : {};
    const result = await api('POST', '/api/vrijgave', { runId: concept, ...early });
    notify(result.gestart || result.status === 'completed' ? 'ok' : 'warning', result.melding, [...(result.problemen ?? []), ...(result.waarschuwingen ?? [])]);
    await load(user);
  } catch (error) {
    notifyError(error);
  }
}

/** The warning that the review still runs, and the reason asked for; returns the reason's field. */
function earlyReleaseField(content, left, waitingFor) {
  const field = el('textarea', { id: 'reden-vroeg', name: 'reden', rows: '3', required: true, class: 'utrecht-textarea', 'aria-describedby': 'reden-vroeg-uitleg' });
  content.prepend(
    el(
      'div',
      { class: 'utrecht-alert utrecht-alert--warning' },
      el('p', { class: 'utrecht-paragraph', id: 'reden-vroeg-uitleg' }, `Let op: ${left}.${waitingFor ? ` Nog geen akkoord van ${waitingFor}.` : ''} Wie vóór het einde van de review vrijgeeft, wacht de reviewers niet af.`),
      el('label', { for: 'reden-vroeg', class: 'utrecht-form-label' }, 'Reden om vóór het einde van de review vrij te geven (verplicht; komt in het logboek en in de melding aan de beheerders)'),
      field,
    ),
  );
  return field;
}

async function hold(p, held, user) {
  const title = held ? `${p.period} aanhouden?` : `${p.period} niet meer aanhouden?`;
  const text = held
    ? paragraph('Zolang de periode is aangehouden, geeft niemand het concept vrij, ook de automatische vrijgave niet.')
    : paragraph('Daarna kan het concept weer worden vrijgegeven.');
  if (!(await confirmDialog(title, text, held ? 'Aanhouden' : 'Niet meer aanhouden'))) return;
  try {
    const result = await api('POST', '/api/aanhouden', { periode: p.period, aanhouden: held });
    notify('ok', result.melding);
    await load(user);
  } catch (error) {
    notifyError(error);
  }
}

startPage(load);
