import { ApiError, api, button, clearFormErrors, confirmDialog, el, formErrors, heading, notify, notifyError, paragraph, problemRows, readBase64, startPage, table, when } from './app.js';

/** The API's field names and the inputs of the form that adds a recipient. */
const ADD_FIELDS = { gemeente: 'nieuw-gemeente', rol: 'nieuw-rol', naam: 'nieuw-naam', email: 'nieuw-email' };

const ROLE_LABEL = { 'ab-lid': 'AB-lid (To)', beleidsmedewerker: 'beleidsmedewerker (Cc)', reviewer: 'reviewer', 'gbo-lid': 'gbo-lid (concept van de eigen gemeente)' };

async function load(user) {
  const data = await api('GET', '/api/ontvangers');
  const select = document.getElementById('nieuw-gemeente');
  if (select && select.options.length === 0) {
    select.append(el('option', { value: '' }, '(geen: reviewer)'), ...data.gemeenten.map((g) => el('option', { value: g.naam }, g.naam)));
  }
  const actions = (r) => (user.magWijzigen ? el('div', { class: 'rb-row-actions' }, button('Wijzigen', () => edit(r, user), 'secondary', { 'aria-label': `Wijzigen: ${r.naam}` }), button('Verwijderen', () => remove(r, user), 'secondary', { 'aria-label': `Verwijderen: ${r.naam}` })) : null);
  const row = (r) => [r.naam, r.email, ROLE_LABEL[r.rol] ?? r.rol, ...(user.magWijzigen ? [actions(r)] : [])];
  const headers = ['Naam', 'E-mailadres', 'Rol', ...(user.magWijzigen ? ['Acties'] : [])];
  const sections = data.gemeenten.map((g) =>
    el(
      'section',
      { class: 'rb-panel', 'aria-labelledby': `gemeente-${g.naam.replace(/\W+/g, '-')}` },
      heading(2, g.naam + (g.afgemeld ? ' (afgemeld)' : ''), { id: `gemeente-${g.naam.replace(/\W+/g, '-')}` }),
      g.to.length + g.cc.length + (g.gboLeden?.length ?? 0) === 0 ? paragraph('Nog geen ontvangers.') : table(`Ontvangers van ${g.naam}`, headers, [...g.to, ...g.cc, ...(g.gboLeden ?? [])].map(row)),
      g.to.length === 0 && !g.afgemeld ? paragraph(el('strong', {}, 'Let op: '), 'geen AB-lid, dus deze gemeente krijgt geen mail (nooit een mail met alleen Cc).') : null,
    ),
  );
  const reviewers = el('section', { class: 'rb-panel', 'aria-labelledby': 'reviewers-titel' }, heading(2, 'Reviewers van het concept', { id: 'reviewers-titel' }), data.reviewers.length ? table('Reviewers', headers, data.reviewers.map(row)) : paragraph('Nog geen reviewers: een concept kan nu niemand bereiken.'));
  const blocked = el(
    'section',
    { class: 'rb-panel', 'aria-labelledby': 'geblokkeerd-titel' },
    heading(2, 'Geblokkeerde adressen', { id: 'geblokkeerd-titel' }),
    paragraph('Na een harde bounce of een klacht krijgt een adres geen mail meer tot een beheerder de blokkade opheft (nadat het adres is verbeterd of bevestigd).'),
    data.geblokkeerd.length === 0
      ? paragraph('Geen geblokkeerde adressen.')
      : table(
          'Geblokkeerde adressen',
          ['E-mailadres', 'Reden', 'Sinds', 'Melding van SES', ...(user.magWijzigen ? ['Actie'] : [])],
          data.geblokkeerd.map((b) => [b.email, b.reden, when(b.sinds), b.melding, ...(user.magWijzigen ? [button('Blokkade opheffen', () => clearBounce(b, user), 'secondary', { 'aria-label': `Blokkade opheffen voor ${b.email}` })] : [])]),
        ),
  );
  document.getElementById('lijsten').replaceChildren(blocked, ...sections, reviewers);
}

async function add(event, user) {
  event.preventDefault();
  const form = event.target;
  const body = { gemeente: form.gemeente.value || null, rol: form.rol.value, naam: form.naam.value, email: form.email.value };
  try {
    const result = await api('POST', '/api/ontvangers', body);
    clearFormErrors(form);
    notify('ok', result.melding);
    form.naam.value = '';
    form.email.value = '';
    await load(user);
  } catch (error) {
    if (error instanceof ApiError && error.data?.velden) formErrors(form, error.data.fout, error.data.velden, ADD_FIELDS);
    else notifyError(error);
  }
}

async function edit(r, user) {
  const name = el('input', { class: 'utrecht-textbox utrecht-textbox--html-input', id: 'wijzig-naam', value: r.naam, autocomplete: 'off' });
  const roles = r.rol === 'reviewer' ? ['reviewer'] : ['ab-lid', 'beleidsmedewerker', 'gbo-lid'];
  const role = el('select', { class: 'utrecht-select utrecht-select--html-select', id: 'wijzig-rol' }, roles.map((x) => el('option', { value: x, selected: x === r.rol }, ROLE_LABEL[x])));
  const content = el(
    'div',
    {},
    paragraph(`${r.email}${r.gemeente ? `, ${r.gemeente}` : ''}. Een ander adres of een andere gemeente: verwijder de ontvanger en voeg de nieuwe toe.`),
    el('div', { class: 'utrecht-form-field' }, el('label', { class: 'utrecht-form-label', for: 'wijzig-naam' }, 'Naam'), name),
    el('div', { class: 'utrecht-form-field' }, el('label', { class: 'utrecht-form-label', for: 'wijzig-rol' }, 'Rol'), role),
  );
  if (!(await confirmDialog(`${r.naam} wijzigen`, content, 'Opslaan'))) return;
  try {
    const result = await api('POST', '/api/ontvangers/wijzigen', { email: r.email, gemeente: r.gemeente, naam: name.value, rol: role.value });
    notify('ok', result.melding);
    await load(user);
  } catch (error) {
    notifyError(error);
  }
}

async function remove(r, user) {
  const where = r.gemeente ? `de lijst van ${r.gemeente}` : 'de reviewers';
  if (!(await confirmDialog(`${r.naam} verwijderen?`, paragraph(`${r.naam} <${r.email}> gaat van ${where}; vanaf de volgende run krijgt dit adres daar geen mail meer.`), 'Verwijderen', 'danger'))) return;
  try {
    const result = await api('POST', '/api/ontvangers/verwijderen', { email: r.email, gemeente: r.gemeente });
    notify('ok', result.melding);
    await load(user);
  } catch (error) {
    notifyError(error);
  }
}

async function clearBounce(b, user) {
  if (!(await confirmDialog(`Blokkade van ${b.email} opheffen?`, paragraph(`Doe dit alleen als het adres is verbeterd of bevestigd: SES meldde "${b.melding}".`), 'Blokkade opheffen'))) return;
  try {
    const result = await api('POST', '/api/ontvangers/blokkade-opheffen', { email: b.email });
    notify('ok', result.melding);
    await load(user);
  } catch (error) {
    notifyError(error);
  }
}

const recipientLine = (r) => `${r.naam} <${r.email}> – ${r.gemeente ?? 'reviewer'}, ${ROLE_LABEL[r.rol] ?? r.rol}`;

/** First the diff, then (after confirming) the import: nothing is written before the operator saw it. */
async function preview(event, user) {
  event.preventDefault();
  const input = document.getElementById('import-bestand');
  const result = document.getElementById('import-resultaat');
  result.replaceChildren();
  const file = input.files?.[0];
  if (!file) {
    notify('warning', 'Kies eerst een CSV-bestand.');
    return;
  }
  const data = await readBase64(file);
  try {
    const plan = await api('POST', '/api/ontvangers/import/voorbeeld', { bestand: file.name, data });
    const list = (title, items, cls) => el('div', {}, heading(3, `${title} (${items.length})`), items.length ? el('ul', { class: `utrecht-unordered-list ${cls}` }, items.map((i) => el('li', {}, i))) : paragraph('Geen.'));
    const apply = button('Wijzigingen toepassen', async () => {
      try {
        const done = await api('POST', '/api/ontvangers/import', { bestand: file.name, data, kenmerk: plan.kenmerk });
        notify('ok', done.melding);
        result.replaceChildren();
        input.value = '';
        await load(user);
      } catch (error) {
        notifyError(error);
      }
    }, 'primary');
    const nothing = plan.toegevoegd.length + plan.gewijzigd.length + plan.verwijderd.length === 0;
    result.replaceChildren(
      heading(3, `Wat ${file.name} zou veranderen`),
      paragraph(nothing ? 'Het bestand is gelijk aan de lijst: er verandert niets.' : `${plan.ongewijzigd} ontvanger(s) blijven zoals ze zijn. Er is nog niets gewijzigd.`),
      list('Toegevoegd', plan.toegevoegd.map(recipientLine), 'rb-diff-added'),
      list('Gewijzigd', plan.gewijzigd.map((c) => `${recipientLine(c.voor)} → ${c.na.naam}, ${ROLE_LABEL[c.na.rol] ?? c.na.rol}`), ''),
      list('Verwijderd', plan.verwijderd.map(recipientLine), 'rb-diff-removed'),
      nothing ? null : el('div', { class: 'utrecht-button-group rb-row-actions' }, apply, button('Niet toepassen', () => result.replaceChildren())),
    );
  } catch (error) {
    if (error instanceof ApiError && error.data?.problemen) {
      result.replaceChildren(...problemRows(file.name, error.data));
      notify('error', `${file.name} is afgewezen: er is niets gewijzigd. Verbeter deze rijen en kies het bestand opnieuw.`);
      return;
    }
    notifyError(error);
  }
}

startPage(async (user) => {
  document.getElementById('toevoegen')?.addEventListener('submit', (e) => add(e, user));
  document.getElementById('import')?.addEventListener('submit', (e) => preview(e, user));
  await load(user);
});
