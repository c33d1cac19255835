import { api, button, confirmDialog, el, notify, notifyError, paragraph, startPage, table } from './app.js';

async function load(user) {
  const data = await api('GET', '/api/gemeenten');
  const receiving = data.gemeenten.filter((g) => g.ontvangt).length;
  document.getElementById('gemeenten').replaceChildren(
    paragraph(`${receiving} van de ${data.gemeenten.length} gemeenten krijgen het rapport bij de volgende run.`),
    table(
      'Gemeenten en hun rapport',
      ['Gemeente', 'Krijgt het rapport', 'Waarom niet', 'AB-leden (To)', 'Beleidsmedewerkers (Cc)', 'Overgeslagen adressen', ...(user.magWijzigen ? ['Actie'] : [])],
      data.gemeenten.map((g) => [
        g.naam,
        g.ontvangt ? 'ja' : 'nee',
        g.reden || '–',
        String(g.abLeden),
        String(g.beleidsmedewerkers),
        g.overgeslagen.length ? el('ul', { class: 'utrecht-unordered-list' }, g.overgeslagen.map((a) => el('li', {}, `${a.email} (${a.rol}): geblokkeerd na bounce of klacht`))) : '–',
        ...(user.magWijzigen ? [button(g.reden.startsWith('afgemeld') ? 'Weer aanmelden' : 'Afmelden', () => toggle(g, user), 'secondary', { 'aria-label': `${g.reden.startsWith('afgemeld') ? 'Weer aanmelden' : 'Afmelden'}: ${g.naam}` })] : []),
      ]),
    ),
  );
}

async function toggle(g, user) {
  const optOut = !g.reden.startsWith('afgemeld');
  const text = optOut ? `${g.naam} krijgt vanaf de volgende run geen rapport meer; de cijfers tellen wel mee in het totaal.` : `${g.naam} krijgt vanaf de volgende run het rapport weer.`;
  if (!(await confirmDialog(optOut ? `${g.naam} afmelden?` : `${g.naam} weer aanmelden?`, paragraph(text), optOut ? 'Afmelden' : 'Aanmelden'))) return;
  try {
    const result = await api('POST', '/api/gemeenten/afmelden', { gemeente: g.naam, afgemeld: optOut });
    notify('ok', result.melding);
    await load(user);
  } catch (error) {
    notifyError(error);
  }
}

startPage(load);
