// The local provider's pages in the console's words: Dutch, `lang="nl"`, the console's colours
// (contrast above 4.5:1), system fonts and nothing fetched from anywhere, not even from loopback.
// In AWS Cognito's managed login shows its own pages; these stand in for them on a laptop.

const STYLE = `
  body { margin: 0; font-family: "Source Sans 3", "Segoe UI", Arial, sans-serif; font-size: 1.125rem; line-height: 1.5; color: #1a1a1a; background: #f3f3f3; }
  main { max-width: 28rem; margin: 3rem auto; padding: 2rem; background: #fff; border: 1px solid #767676; }
  h1 { font-size: 1.75rem; margin: 0 0 1rem; }
  label { display: block; font-weight: 600; margin: 1rem 0 0.25rem; }
  input { width: 100%; box-sizing: border-box; font: inherit; padding: 0.5rem; border: 2px solid #1a1a1a; }
  input:focus, button:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
  button { margin-top: 1.5rem; font: inherit; font-weight: 600; padding: 0.5rem 1.25rem; color: #fff; background: #0b4f8a; border: 2px solid #0b4f8a; cursor: pointer; }
  .fout { border-left: 5px solid #b00020; padding: 0.5rem 1rem; color: #1a1a1a; background: #fdecee; }
  .fout a { color: #8a0019; }
  .veldfout { color: #b00020; font-weight: 600; margin: 0.25rem 0 0; }
  p.klein { font-size: 1rem; color: #3d3d3d; }`;

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function page(title, body) {
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Rapportbode</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  // Nothing but this page's own inline style; forms post back to this provider only.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://127.0.0.1:*; frame-ancestors 'none'; base-uri 'none'",
};

/** The sign-in form (any password: this provider is for a laptop); with `error`, the GOV.UK error pattern. */
export function loginPage(res, uid, error) {
  const summary = error
    ? `<div class="fout" role="alert" aria-labelledby="fout-titel" tabindex="-1"><h2 id="fout-titel">Er is een probleem</h2><ul><li><a href="#login">${escapeHtml(error)}</a></li></ul></div>`
    : '';
  const invalid = error ? ' aria-invalid="true" aria-describedby="login-fout"' : '';
  const body = `${summary}
<h1>Inloggen bij Rapportbode</h1>
<p class="klein">Lokale aanmelding voor de console op deze computer. In AWS logt u in bij de organisatie, met uw tweede factor.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/login" novalidate>
  <label for="login">Gebruikersnaam</label>
  ${error ? `<p class="veldfout" id="login-fout">${escapeHtml(error)}</p>` : ''}
  <input id="login" name="login" autocomplete="username" autocapitalize="none" spellcheck="false" required${invalid}>
  <label for="password">Wachtwoord</label>
  <input id="password" name="password" type="password" autocomplete="current-password">
  <button type="submit">Inloggen</button>
</form>`;
  res.writeHead(error ? 400 : 200, HEADERS);
  res.end(page('Inloggen', body));
}

/** The sign-out question; `form` is the provider's hidden form (its id is op.logoutForm). */
export function logoutPage(ctx, form) {
  ctx.set(HEADERS);
  ctx.body = page(
    'Uitloggen',
    `<h1>Uitloggen bij Rapportbode</h1>
${form}
<p>Wilt u uitloggen? Daarna geldt uw aanmelding nergens meer.</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Ja, uitloggen</button>`,
  );
}

/** A fixed Dutch sentence, never the provider's own (English) error text. */
export function errorPage(ctx, sentence) {
  ctx.set(HEADERS);
  ctx.body = page('Aanmelding', `<h1>Aanmelding</h1>\n<p>${escapeHtml(sentence)}</p>`);
}

/** A posted form, at most 10 kB. */
export async function readForm(req) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 10_000) break;
  }
  return new URLSearchParams(text);
}
