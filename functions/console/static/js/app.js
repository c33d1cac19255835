// The console's shared browser code: sign-in (OpenID Connect, authorization code with PKCE),
// the bearer token (session storage only: no cookie carries authority), API calls, and small
// helpers that build the DOM with textContent — never innerHTML with data — so nothing an
// operator or a CSV file typed can become markup. No framework; every page is a module.

const TOKEN_KEY = 'rapportbode.token';
const LOGIN_KEY = 'rapportbode.login';

/**
 * The only places a sign-in returns to: the console's own pages. Anything else (a path such as
 * `//evil.example/`, which a browser reads as another host) returns to the Overzicht.
 */
const PAGES = ['/', '/index.html', '/ontvangers.html', '/gemeenten.html', '/cijfers.html', '/rapporten.html', '/logboek.html'];
export const wayBack = (path) => (PAGES.includes(path) ? path : '/');

/** What the identity provider's `?error=` codes mean, in the console's words; its own text is never shown. */
const SIGN_IN_ERRORS = {
  access_denied: 'Inloggen is afgebroken of geweigerd.',
  login_required: 'U moet opnieuw inloggen.',
  interaction_required: 'U moet opnieuw inloggen.',
  consent_required: 'U moet opnieuw inloggen.',
  invalid_request: 'Het inloggen kwam niet goed aan bij de aanmelding van de organisatie.',
  invalid_scope: 'Uw account heeft geen toegang tot de console.',
  unauthorized_client: 'De console is niet goed ingesteld bij de aanmelding van de organisatie.',
  server_error: 'De aanmelding van de organisatie had een storing.',
  temporarily_unavailable: 'De aanmelding van de organisatie is tijdelijk niet bereikbaar.',
};
export function signInErrorText(code) {
  const why = SIGN_IN_ERRORS[code] ?? 'De aanmelding van de organisatie gaf een onbekende fout.';
  return `Inloggen is niet gelukt. ${why} Probeer het opnieuw; lukt het niet, meld het dan bij een beheerder.`;
}

/** @returns {Promise<{authorizeUrl: string, tokenUrl: string, logoutUrl: string, clientId: string, scope: string}>} */
async function authConfig() {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error('De instellingen van de console ontbreken (config.json).');
  return response.json();
}

const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomString = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

/** Starts the sign-in at the identity provider; comes back to the console's root with a code. */
export async function signIn() {
  const config = await authConfig();
  const verifier = randomString();
  const state = randomString();
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(LOGIN_KEY, JSON.stringify({ verifier, state, back: wayBack(location.pathname) }));
  const url = new URL(config.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: `${location.origin}/`,
    scope: config.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** Back from the identity provider: trade the code for tokens, once, and forget the code. */
async function finishSignIn(params) {
  const pending = JSON.parse(sessionStorage.getItem(LOGIN_KEY) ?? 'null');
  sessionStorage.removeItem(LOGIN_KEY);
  history.replaceState(null, '', location.pathname);
  if (!pending || pending.state !== params.get('state')) throw new Error('Het inloggen is niet afgemaakt of kwam niet van deze console; probeer het opnieuw.');
  const config = await authConfig();
  const response = await fetch(config.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code: params.get('code') ?? '', redirect_uri: `${location.origin}/`, code_verifier: pending.verifier }),
  });
  if (!response.ok) throw new Error('Inloggen is mislukt; probeer het opnieuw.');
  storeTokens(await response.json());
  const back = wayBack(pending.back);
  if (back !== location.pathname) {
    location.replace(back);
    // The page is left; nothing more to do here.
    await new Promise(() => {});
  }
}

function storeTokens(tokens, previous) {
  sessionStorage.setItem(
    TOKEN_KEY,
    JSON.stringify({
      accessToken: tokens.access_token,
      idToken: tokens.id_token ?? previous?.idToken,
      refreshToken: tokens.refresh_token ?? previous?.refreshToken,
      expiresAt: Date.now() + (Number(tokens.expires_in) || 3600) * 1000,
    }),
  );
}

function token() {
  const stored = JSON.parse(sessionStorage.getItem(TOKEN_KEY) ?? 'null');
  return stored && stored.expiresAt > Date.now() + 10_000 ? stored : null;
}

/** A fresh access token from the refresh token, without leaving the page; false when that is not possible. */
async function extendSession() {
  const current = token();
  if (!current?.refreshToken) return false;
  const config = await authConfig();
  const response = await fetch(config.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: config.clientId, refresh_token: current.refreshToken }),
  });
  if (!response.ok) return false;
  storeTokens(await response.json(), current);
  return true;
}

/** Ends the sign-in at the provider too: in AWS the refresh token is revoked (Cognito's revocation endpoint). */
export async function signOut() {
  const stored = token();
  sessionStorage.removeItem(TOKEN_KEY);
  const config = await authConfig();
  if (config.revokeUrl && stored?.refreshToken) {
    await fetch(config.revokeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: stored.refreshToken, client_id: config.clientId }),
    }).catch(() => undefined);
  }
  const url = new URL(config.logoutUrl);
  if (stored?.idToken && url.searchParams.has('post_logout_redirect_uri')) url.searchParams.set('id_token_hint', stored.idToken);
  location.assign(url.toString());
}

export class ApiError extends Error {
  constructor(status, data) {
    super(data?.fout ?? `De console antwoordde met status ${status}.`);
    this.status = status;
    this.data = data;
  }
}

/** Calls the console's API with the bearer token; a 401 means signing in again. */
export async function api(method, path, body) {
  const current = token();
  if (!current) {
    showSignIn();
    throw new ApiError(401, { fout: 'U bent niet (meer) ingelogd.' });
  }
  const response = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${current.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn();
  }
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) {
    if (!response.ok) throw new ApiError(response.status, null);
    return response.blob();
  }
  const data = await response.json();
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

// ---------------------------------------------------------------------------------------------
// DOM helpers

/** el('p', { class: 'x' }, 'text', child): attributes are set, children appended as text or nodes. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const button = (label, onclick, variant = 'secondary', extra = {}) =>
  el('button', { type: 'button', class: `utrecht-button utrecht-button--${variant === 'danger' ? 'primary-action utrecht-button--danger' : `${variant}-action`}`, onclick, ...extra }, label);

export function table(caption, headers, rows) {
  return el(
    'div',
    { class: 'rb-table-wrap' },
    el(
      'table',
      { class: 'utrecht-table rb-table' },
      el('caption', { class: 'utrecht-table__caption' }, caption),
      el('thead', { class: 'utrecht-table__header' }, el('tr', { class: 'utrecht-table__row' }, headers.map((h) => el('th', { class: 'utrecht-table__header-cell', scope: 'col' }, h)))),
      el('tbody', { class: 'utrecht-table__body' }, rows.map((cells) => el('tr', { class: 'utrecht-table__row' }, cells.map((c) => el('td', { class: 'utrecht-table__cell' }, c))))),
    ),
  );
}

export const heading = (level, text, attributes = {}) => el(`h${level}`, { class: `utrecht-heading-${level}`, ...attributes }, text);
export const paragraph = (...children) => el('p', { class: 'utrecht-paragraph' }, ...children);

/**
 * A message at the top of the page: ok, info, warning or error. It replaces the text of the one
 * live region every page has from the start (#meldingen, role="status"): a region added later is
 * often not announced. An error is announced at once (aria-live="assertive"). The message takes
 * the focus (unless `focus: false`), so a re-rendered list never drops the focus to <body>.
 */
export function notify(kind, text, details = [], { focus = true } = {}) {
  const area = document.getElementById('meldingen');
  area.setAttribute('aria-live', kind === 'error' ? 'assertive' : 'polite');
  const message = el(
    'div',
    { class: `utrecht-alert utrecht-alert--${kind}`, tabindex: '-1' },
    el('div', { class: 'utrecht-alert__content' }, el('div', { class: 'utrecht-alert__message' }, paragraph(text), details.length ? el('ul', { class: 'utrecht-unordered-list' }, details.map((d) => el('li', {}, d))) : null)),
  );
  area.replaceChildren(message);
  area.scrollIntoView({ block: 'nearest' });
  if (focus) message.focus({ preventScroll: true });
}

/** Takes away the marks a previous formErrors put on a form. */
export function clearFormErrors(form) {
  for (const node of form.querySelectorAll('.rb-field-error')) node.remove();
  for (const field of form.querySelectorAll('[aria-invalid]')) {
    field.removeAttribute('aria-invalid');
    field.removeAttribute('aria-describedby');
    field.closest('.utrecht-form-field')?.classList.remove('utrecht-form-field--invalid');
  }
}

/**
 * The GOV.UK / NL Design System error pattern: a summary at the top (in the live region, focused)
 * linking to each field, and each field marked aria-invalid with its own message linked by
 * aria-describedby. `errors` are `{ veld, melding }` as the API names them; `fields` maps a veld
 * to the id of its input.
 */
export function formErrors(form, title, errors, fields) {
  clearFormErrors(form);
  const links = [];
  for (const { veld, melding } of errors) {
    const input = document.getElementById(fields[veld] ?? '');
    if (!input) {
      links.push(el('li', {}, melding));
      continue;
    }
    const messageId = `${input.id}-fout`;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', messageId);
    input.closest('.utrecht-form-field')?.classList.add('utrecht-form-field--invalid');
    const label = form.querySelector(`label[for="${input.id}"]`);
    const line = el('p', { class: 'utrecht-form-field-error-message rb-field-error', id: messageId }, melding);
    (label ?? input).after(line);
    links.push(el('li', {}, el('a', { class: 'utrecht-link', href: `#${input.id}`, onclick: (e) => { e.preventDefault(); input.focus(); } }, melding)));
  }
  const area = document.getElementById('meldingen');
  area.setAttribute('aria-live', 'assertive');
  const summary = el(
    'div',
    { class: 'utrecht-alert utrecht-alert--error rb-error-summary', tabindex: '-1', 'aria-labelledby': 'foutoverzicht-titel' },
    el('h2', { class: 'utrecht-heading-2', id: 'foutoverzicht-titel' }, 'Er is een probleem'),
    paragraph(title),
    el('ul', { class: 'utrecht-unordered-list' }, links),
  );
  area.replaceChildren(summary);
  summary.focus();
}

export function notifyError(error) {
  if (error instanceof ApiError && error.status === 401) return;
  notify('error', error.message);
}

const DATE_TIME = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });
const DATE = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' });
export const when = (iso) => (iso ? DATE_TIME.format(new Date(iso)) : '');
export const day = (isoDay) => (isoDay ? DATE.format(new Date(`${isoDay}T12:00:00Z`)) : '');

/**
 * A confirmation in a modal dialog (keyboard: Tab moves within it, Esc cancels). Resolves true
 * when the operator confirms. `content` names what will happen, to whom.
 */
export function confirmDialog(title, content, confirmLabel, variant = 'primary') {
  return new Promise((resolve) => {
    const titleId = `dialoog-${Math.random().toString(36).slice(2)}`;
    const dialog = el('dialog', { class: 'rb-dialog', 'aria-labelledby': titleId });
    const close = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.append(
      heading(2, title, { id: titleId }),
      content,
      el('div', { class: 'utrecht-button-group rb-row-actions' }, button(confirmLabel, () => close(true), variant, { 'data-bevestig': true }), button('Annuleren', () => close(false))),
    );
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('[data-bevestig]')?.focus();
  });
}

/**
 * A rejected file's problems as a table, a row per problem: the row (or the rows that have the
 * same problem), the column and what is wrong; then the values a column may take.
 */
export function problemRows(fileName, data) {
  const rows = (p) => (p.rijen?.length > 1 ? p.rijen.join(', ') : String(p.rij ?? '–'));
  const valid = Object.entries(data.geldig ?? {});
  return [
    table(`Problemen in ${fileName}`, ['Rij', 'Kolom', 'Probleem'], data.problemen.map((p) => [rows(p), p.kolom ?? '–', p.melding])),
    valid.length ? el('ul', { class: 'utrecht-unordered-list' }, valid.map(([column, values]) => el('li', {}, `Geldige waarden voor ${column}: ${values.join(', ')}`))) : null,
  ];
}

/** Reads a chosen file as base64 (an image). */
export async function readBase64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Saves a blob the API returned (a CSV) under a name. */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Minutes before the end of a session that the operator is warned (WCAG 2.2.1: at least 20 seconds to act). */
const WARN_BEFORE_MS = 5 * 60 * 1000;
let sessionTimer;

/**
 * Warns before the sign-in ends, with a button that extends it without leaving the page (a new
 * token from the refresh token). What an operator is typing in a text area is kept as a draft
 * (keepDraft) in case the session ends anyway.
 */
function watchSession() {
  clearTimeout(sessionTimer);
  const current = token();
  if (!current) return;
  const wait = Math.max(0, current.expiresAt - WARN_BEFORE_MS - Date.now());
  sessionTimer = setTimeout(warnSession, wait);
}

function warnSession() {
  const current = token();
  if (!current) return;
  const until = new Intl.DateTimeFormat('nl-NL', { timeStyle: 'short', timeZone: 'Europe/Amsterdam' }).format(new Date(current.expiresAt));
  const extend = button(
    'Ingelogd blijven',
    async () => {
      if (await extendSession().catch(() => false)) {
        notify('ok', 'U blijft ingelogd. Uw werk op deze pagina is bewaard.');
        watchSession();
      } else {
        notify('warning', 'Verlengen lukte niet. Uw tekst blijft bewaard in dit tabblad; log opnieuw in en ga verder waar u was.', [], { focus: true });
      }
    },
    'primary',
    { id: 'sessie-verlengen' },
  );
  const area = document.getElementById('meldingen');
  area.setAttribute('aria-live', 'assertive');
  const warning = el(
    'div',
    { class: 'utrecht-alert utrecht-alert--warning', tabindex: '-1', id: 'sessie-waarschuwing' },
    el('div', { class: 'utrecht-alert__content' }, el('div', { class: 'utrecht-alert__message' }, paragraph(`Uw aanmelding verloopt om ${until}. Wilt u ingelogd blijven? Niet-opgeslagen tekst gaat niet verloren.`), extend)),
  );
  area.replaceChildren(warning);
  // Not the focus: the operator may be typing; the live region announces the warning.
}

/**
 * Keeps what is typed in `textarea` in this tab's session storage under `key`, and gives back a
 * draft left by an earlier visit (the session ended, the operator signed in again). `saved` says
 * what the store holds: a draft equal to it is no draft.
 */
export function keepDraft(textarea, key, saved) {
  const storageKey = `rapportbode.concept.${key}`;
  const draft = sessionStorage.getItem(storageKey);
  textarea.oninput = () => sessionStorage.setItem(storageKey, textarea.value);
  if (draft !== null && draft !== saved) {
    textarea.value = draft;
    notify('info', 'Uw tekst die nog niet was vastgelegd is teruggezet. Leg hem vast als hij klopt.', [], { focus: false });
    return true;
  }
  return false;
}

export function dropDraft(key) {
  sessionStorage.removeItem(`rapportbode.concept.${key}`);
}

function showSignIn() {
  document.getElementById('pagina')?.setAttribute('hidden', '');
  document.getElementById('aanmelden')?.removeAttribute('hidden');
}

/**
 * Starts a page: finishes a sign-in when coming back with a code, shows the sign-in panel when
 * there is no token, else asks who is signed in, removes the write controls for a lezer, shows
 * the user in the header and runs the page's own `start(user)`.
 */
export async function startPage(start) {
  document.getElementById('inloggen')?.addEventListener('click', () => signIn().catch(notifyError));
  try {
    const params = new URLSearchParams(location.search);
    if (params.has('code')) await finishSignIn(params);
    else if (params.has('error')) {
      history.replaceState(null, '', location.pathname);
      notify('error', signInErrorText(params.get('error')), [], { focus: false });
    }
    if (!token()) {
      showSignIn();
      return;
    }
    const user = await api('GET', '/api/me');
    if (!user.magWijzigen) for (const node of document.querySelectorAll('[data-schrijven]')) node.remove();
    document.getElementById('gebruiker')?.replaceChildren(
      el('span', {}, `${user.gebruiker} (${user.rol ?? 'geen rol'})`),
      el('button', { type: 'button', onclick: () => signOut().catch(notifyError) }, 'Uitloggen'),
    );
    document.getElementById('pagina')?.removeAttribute('hidden');
    if (!user.rol) {
      notify('warning', 'Uw account hoort bij geen groep van de console (beheerder of lezer). Vraag een beheerder u toe te voegen.');
      return;
    }
    watchSession();
    await start(user);
    document.body.dataset.klaar = 'ja';
  } catch (error) {
    notifyError(error);
  }
}
