import { ApiError, api, button, clearFormErrors, confirmDialog, dropDraft, el, formErrors, keepDraft, notify, notifyError, paragraph, problemRows, readBase64, startPage, when } from './app.js';

/** The API's field names and the inputs of the form that adds an image. */
const IMAGE_FIELDS = { bestand: 'afbeelding-bestand', sectie: 'afbeelding-sectie', gemeente: 'afbeelding-gemeente', alt: 'afbeelding-alt', bron: 'afbeelding-bron' };

let period = '';

/** The commentary's preview is Markdown rendered by the server (raw HTML in it is escaped); parsed, never executed. */
function showHtml(container, html) {
  const doc = new DOMParser().parseFromString(`<div>${html}</div>`, 'text/html');
  const nodes = [...(doc.body.firstElementChild?.childNodes ?? [])].map((n) => document.importNode(n, true));
  container.replaceChildren(...(nodes.length ? nodes : [paragraph('(nog geen toelichting)')]));
}

async function importFigures(event) {
  event.preventDefault();
  const input = document.getElementById('cijfers-bestand');
  const result = document.getElementById('cijfers-resultaat');
  const file = input.files?.[0];
  result.replaceChildren();
  if (!file) {
    notify('warning', 'Kies eerst een CSV-bestand.');
    return;
  }
  try {
    const soort = document.getElementById('cijfers-soort').value || undefined;
    const summary = await api('POST', '/api/cijfers', { bestand: file.name, data: await readBase64(file), ...(soort ? { soort } : {}) });
    notify('ok', summary.melding);
  } catch (error) {
    if (error instanceof ApiError && error.data?.problemen) {
      result.replaceChildren(...problemRows(file.name, error.data));
      notify('error', `${file.name} is afgewezen: er is niets opgeslagen. ${error.data.aantal} probleem/problemen; verbeter het bestand en lees het opnieuw in.`);
      return;
    }
    notifyError(error);
  }
}

async function loadCommentary(wanted) {
  const data = await api('GET', `/api/toelichting${wanted ? `?periode=${encodeURIComponent(wanted)}` : ''}`);
  period = data.periode;
  document.getElementById('periode').value = data.periode;
  document.getElementById('toelichting-titel').textContent = `Toelichting van ${data.label}`;
  const text = document.getElementById('toelichting-tekst');
  if (text) {
    text.value = data.tekst;
    // What was typed before the session ended comes back after signing in again.
    keepDraft(text, `toelichting.${data.periode}`, data.tekst);
  }
  showHtml(document.getElementById('toelichting-preview'), data.html);
}

async function previewCommentary() {
  try {
    const { html } = await api('POST', '/api/toelichting/voorbeeld', { tekst: document.getElementById('toelichting-tekst').value });
    showHtml(document.getElementById('toelichting-preview'), html);
  } catch (error) {
    notifyError(error);
  }
}

async function saveCommentary(event) {
  event.preventDefault();
  try {
    const result = await api('POST', '/api/toelichting', { periode: period, tekst: document.getElementById('toelichting-tekst').value });
    dropDraft(`toelichting.${period}`);
    showHtml(document.getElementById('toelichting-preview'), result.html);
    notify('ok', result.melding);
  } catch (error) {
    notifyError(error);
  }
}

const SECTION_LABEL = { kerngetallen: 'Kerngetallen', doelen: 'Doelen', benchmark: 'Benchmark', toelichting: 'Toelichting', grafieken: 'Grafieken', gemeente: 'Paragraaf van één gemeente' };

async function loadImages(user) {
  const data = await api('GET', `/api/afbeeldingen?periode=${encodeURIComponent(period)}`);
  const container = document.getElementById('afbeeldingen');
  if (data.afbeeldingen.length === 0) {
    container.replaceChildren(paragraph(`Het rapport van ${data.label} heeft geen afbeeldingen.`));
    return;
  }
  const figures = await Promise.all(
    data.afbeeldingen.map(async (a) => {
      const blob = await api('GET', `/api/afbeeldingen/${data.periode}/${a.id}`);
      const img = el('img', { src: URL.createObjectURL(blob), alt: a.alt, width: a.breedte, height: a.hoogte });
      return el(
        'figure',
        {},
        img,
        el('figcaption', {}, paragraph(el('strong', {}, 'Tekstalternatief: '), a.alt), paragraph(`Bron: ${a.bron}`), paragraph(`${SECTION_LABEL[a.sectie] ?? a.sectie}${a.gemeente ? ` – ${a.gemeente}` : ''}; toegevoegd door ${a.door}, ${when(a.op)}`)),
        user.magWijzigen ? button('Uit het rapport halen', () => removeImage(a, user), 'secondary', { 'aria-label': `Uit het rapport halen: ${a.alt}` }) : null,
      );
    }),
  );
  container.replaceChildren(el('div', { class: 'rb-images' }, figures));
}

async function addImage(event, user) {
  event.preventDefault();
  const form = event.target;
  const file = form.bestand.files?.[0];
  if (!file) {
    formErrors(form, 'De afbeelding is niet toegevoegd.', [{ veld: 'bestand', melding: 'Kies een PNG- of JPEG-bestand.' }], IMAGE_FIELDS);
    return;
  }
  try {
    const result = await api('POST', '/api/afbeeldingen', {
      periode: period,
      sectie: form.sectie.value,
      ...(form.gemeente.value ? { gemeente: form.gemeente.value } : {}),
      alt: form.alt.value,
      bron: form.bron.value,
      bestand: file.name,
      data: await readBase64(file),
    });
    clearFormErrors(form);
    notify('ok', result.melding, result.waarschuwingen);
    form.reset();
    await loadImages(user);
  } catch (error) {
    if (error instanceof ApiError && error.data?.velden) formErrors(form, error.data.fout, error.data.velden, IMAGE_FIELDS);
    else notifyError(error);
  }
}

async function removeImage(a, user) {
  if (!(await confirmDialog('Afbeelding uit het rapport halen?', paragraph(`"${a.alt}" staat daarna niet meer in het rapport van ${period}.`), 'Uit het rapport halen', 'danger'))) return;
  try {
    const result = await api('POST', '/api/afbeeldingen/verwijderen', { periode: period, id: a.id });
    notify('ok', result.melding);
    await loadImages(user);
  } catch (error) {
    notifyError(error);
  }
}

startPage(async (user) => {
  document.getElementById('cijfers')?.addEventListener('submit', importFigures);
  document.getElementById('toelichting')?.addEventListener('submit', saveCommentary);
  document.getElementById('toelichting-voorbeeld')?.addEventListener('click', previewCommentary);
  document.getElementById('afbeelding')?.addEventListener('submit', (e) => addImage(e, user));
  document.getElementById('periode-kiezen').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await loadCommentary(document.getElementById('periode').value.trim());
      await loadImages(user);
    } catch (error) {
      notifyError(error);
    }
  });
  const municipalities = document.getElementById('afbeelding-gemeente');
  if (municipalities) {
    const { gemeenten } = await api('GET', '/api/gemeenten');
    municipalities.append(...gemeenten.map((g) => el('option', { value: g.naam }, g.naam)));
  }
  await loadCommentary();
  await loadImages(user);
});
