import { api, download, el, notifyError, paragraph, startPage, table, when } from './app.js';

const ACTIONS = [
  ['recipient added', 'ontvanger toegevoegd'],
  ['recipient removed', 'ontvanger verwijderd'],
  ['recipient changed', 'ontvanger gewijzigd'],
  ['opted out', 'gemeente afgemeld'],
  ['opted in', 'gemeente aangemeld'],
  ['address blocked', 'adres geblokkeerd'],
  ['block cleared', 'blokkade opgeheven'],
  ['report resent', 'rapport opnieuw verzonden'],
  ['run released', 'concept vrijgegeven'],
  ['run released before review end', 'vrijgegeven voor het einde van de review'],
  ['final sent without concept', 'definitief verstuurd zonder concept'],
  ['organisation applied', 'organisatie toegepast'],
  ['period held', 'periode aangehouden'],
  ['period unheld', 'periode niet meer aangehouden'],
  ['commentary set', 'toelichting vastgelegd'],
  ['image added', 'afbeelding toegevoegd'],
  ['image removed', 'afbeelding verwijderd'],
  ['figures imported', 'cijfers ingelezen'],
  ['figures delivered', 'cijfers aangeleverd door de gemeente'],
  ['benchmark imported', 'benchmark ingelezen'],
  ['evaluation started', 'evaluatie gestart'],
];

function filter() {
  const form = document.getElementById('filter');
  return Object.fromEntries(['zoek', 'door', 'actie', 'van', 'tot'].map((k) => [k, form[k].value.trim()]).filter(([, v]) => v));
}

async function load() {
  const data = await api('POST', '/api/logboek', filter());
  document.getElementById('regels').replaceChildren(
    paragraph(data.totaal > data.regels.length ? `${data.totaal} regels; de nieuwste ${data.regels.length} staan hieronder. De export bevat ze allemaal.` : `${data.totaal} regel(s).`),
    table('Logboek: wie deed wat, wanneer', ['Wanneer', 'Door', 'Actie', 'Gemeente', 'E-mailadres', 'Run', 'Toelichting'], data.regels.map((r) => [when(r.at), r.actor, r.actionLabel, r.municipality, r.email, r.runId, r.detail])),
  );
}

startPage(async () => {
  document.getElementById('filter-actie').append(...ACTIONS.map(([value, label]) => el('option', { value }, label)));
  document.getElementById('filter').addEventListener('submit', (event) => {
    event.preventDefault();
    load().catch(notifyError);
  });
  document.getElementById('exporteren').addEventListener('click', async () => {
    try {
      download(await api('POST', '/api/logboek/csv', filter()), `logboek-${new Date().toISOString().slice(0, 10)}.csv`);
    } catch (error) {
      notifyError(error);
    }
  });
  await load();
});
