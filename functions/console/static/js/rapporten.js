import { api, button, confirmDialog, el, heading, notify, notifyError, paragraph, startPage, table, when } from './app.js';

const STATUS_LABEL = {
  sent: 'verzonden',
  delivered: 'afgeleverd',
  failed: 'mislukt',
  unknown: 'onbekend (SES heeft het mogelijk)',
  claimed: 'bezig',
  bounced: 'gebouncet',
  'soft-bounce': 'tijdelijk gebouncet',
  complaint: 'klacht',
  rejected: 'geweigerd door SES',
};
const KIND_LABEL = { final: 'definitief', concept: 'concept' };

async function loadRuns(user) {
  const { runs } = await api('GET', '/api/runs');
  const counts = (c) => (c ? `${c.sent} / ${c.skipped} / ${c.failed}` : '–');
  document.getElementById('runs').replaceChildren(
    runs.length === 0
      ? paragraph('Er is nog geen run.')
      : table(
          'Alle runs, de nieuwste eerst',
          ['Run', 'Periode', 'Soort', 'Status', 'Gestart', 'Verzonden / overgeslagen / mislukt', 'Vrijgegeven', 'Verzendingen'],
          runs.map((r) => [
            r.runId,
            r.periode,
            KIND_LABEL[r.soort] ?? r.soort,
            r.status,
            when(r.gestart),
            counts(r.aantallen),
            r.vrijgegevenUit ? `uit ${r.vrijgegevenUit} door ${r.vrijgegevenDoor}` : '–',
            el('a', { href: `?run=${encodeURIComponent(r.runId)}`, class: 'utrecht-link', onclick: (e) => { e.preventDefault(); showRun(r.runId, user); } }, `${r.runId} bekijken`),
          ]),
        ),
  );
  const wanted = new URLSearchParams(location.search).get('run');
  if (wanted && runs.some((r) => r.runId === wanted)) await showRun(wanted, user);
}

async function showRun(runId, user) {
  history.replaceState(null, '', `?run=${encodeURIComponent(runId)}`);
  const data = await api('GET', `/api/runs/${encodeURIComponent(runId)}/verzendingen`);
  const municipalities = [...new Set(data.berichten.map((b) => b.gemeente))];
  const failed = data.berichten.some((b) => b.status === 'failed' || b.adressen.some((a) => ['failed', 'bounced', 'soft-bounce', 'rejected'].includes(a.status)));
  const section = el('section', { class: 'rb-panel', 'aria-labelledby': 'run-titel' }, heading(2, `Verzendingen van ${runId}`, { id: 'run-titel', tabindex: '-1' }));
  if (user.magWijzigen) {
    section.append(
      el(
        'div',
        { class: 'utrecht-button-group rb-row-actions' },
        button('Alleen mislukte en gebouncete opnieuw', () => resend({ runId, alleenMislukt: true }, `Alleen wat niet aankwam in ${runId} gaat opnieuw: berichten die SES weigerde, en adressen die bouncten of werden geweigerd. Een adres dat nog geblokkeerd is, wordt overgeslagen.`, user), failed ? 'primary' : 'secondary'),
        button('Alles opnieuw', () => resend({ runId }, `Iedereen die ${runId} kreeg, krijgt de gearchiveerde PDF nog eens.`, user)),
      ),
    );
  }
  section.append(
    heading(3, "PDF's"),
    el('div', { class: 'rb-row-actions' }, municipalities.map((m) => button(`PDF van ${m}`, () => showPdf(runId, m), 'secondary'))),
    el('div', { id: 'pdf' }),
    ...(runId.endsWith('-final')
      ? [
          heading(3, 'Webeditie'),
          paragraph('De webeditie van een gemeente, zoals haar lezers die online zien. De link werkt enkele minuten; vraag hem zo nodig opnieuw.'),
          el('div', { class: 'rb-row-actions' }, municipalities.map((m) => button(`Webeditie van ${m}`, () => showEdition(m), 'secondary'))),
          el('div', { id: 'webeditie' }),
        ]
      : []),
    heading(3, 'Per adres'),
    table(
      `Verzendingen van ${runId} per adres, met wat SES meldde`,
      ['Gemeente', 'Verzending', 'Adres', 'Rol', 'Status', 'Reden', 'Verzonden op', ...(user.magWijzigen ? ['Opnieuw'] : [])],
      data.berichten.flatMap((b) =>
        b.adressen.map((a) => [
          b.gemeente,
          b.verzending === 'opnieuw' ? `opnieuw door ${b.door}` : 'origineel',
          a.email + (a.nietOpLijst ? ' (niet op de lijst)' : ''),
          a.rol,
          STATUS_LABEL[a.status] ?? a.status,
          a.reden || '–',
          when(b.verzondenOp),
          ...(user.magWijzigen
            ? [
                el(
                  'div',
                  { class: 'rb-row-actions' },
                  button('Naar dit adres', () => resend({ runId, email: a.email, gemeente: b.gemeente }, `${a.email} krijgt de PDF van ${b.gemeente} uit ${runId} nog eens.`, user), 'secondary', { 'aria-label': `Naar dit adres opnieuw verzenden: ${a.email}` }),
                ),
              ]
            : []),
        ]),
      ),
    ),
  );
  if (user.magWijzigen) {
    section.append(
      heading(3, 'Eén gemeente opnieuw'),
      el('div', { class: 'rb-row-actions' }, municipalities.map((m) => button(`${m} opnieuw`, () => resend({ runId, gemeente: m }, `Alle ontvangers van ${m} in ${runId} krijgen de PDF nog eens.`, user), 'secondary'))),
    );
  }
  document.getElementById('run').replaceChildren(section);
  document.getElementById('run-titel').focus();
}

/** The archived PDF, shown in the page: fetched with the token and shown from a blob URL. */
async function showPdf(runId, municipality) {
  try {
    const blob = await api('GET', `/api/runs/${encodeURIComponent(runId)}/pdf?gemeente=${encodeURIComponent(municipality)}`);
    const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
    document.getElementById('pdf').replaceChildren(
      heading(4, `PDF van ${municipality} (${runId})`),
      el('iframe', { class: 'rb-pdf', src: url, title: `Rapport van ${municipality}, ${runId}` }),
      paragraph(
        el('a', { class: 'utrecht-link', href: url, target: '_blank', rel: 'noopener' }, `PDF van ${municipality} in een nieuw tabblad openen`),
        ' · ',
        el('a', { class: 'utrecht-link', href: url, download: `${runId} ${municipality}.pdf` }, `PDF van ${municipality} opslaan`),
      ),
    );
  } catch (error) {
    notifyError(error);
  }
}

/** A municipality's web edition: the console asks for a short-lived link and offers it to follow. */
async function showEdition(municipality) {
  try {
    const { url } = await api('GET', `/api/webeditie?gemeente=${encodeURIComponent(municipality)}`);
    const link = el('a', { class: 'utrecht-link', href: url, target: '_blank', rel: 'noopener' }, `Webeditie van ${municipality} openen (nieuw tabblad)`);
    document.getElementById('webeditie').replaceChildren(paragraph(link));
    link.focus();
  } catch (error) {
    notifyError(error);
  }
}

async function resend(body, text, user) {
  if (!(await confirmDialog('Opnieuw verzenden?', paragraph(text), 'Opnieuw verzenden'))) return;
  try {
    notify('info', 'Bezig met opnieuw verzenden…');
    const result = await api('POST', '/api/opnieuw', body);
    const lines = (result.berichten ?? []).map((m) => `${m.gemeente}: ${[...m.to, ...m.cc].join(', ')} – ${STATUS_LABEL[m.status] ?? m.status}${m.reden ? ` (${m.reden})` : ''}`);
    notify('ok', result.melding, [...lines, ...(result.waarschuwingen ?? [])]);
    await showRun(body.runId, user);
  } catch (error) {
    notifyError(error);
  }
}

startPage(loadRuns);
