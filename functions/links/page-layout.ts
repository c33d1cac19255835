/**
 * The frame of every page a personal link opens: plain HTML without JavaScript, Dutch, the
 * console's NL Design System theme (its stylesheets are served beside these pages), readable on a
 * phone. GOV.UK's pattern for a problem: the message first, in an alert a screen reader announces.
 */
export function linkPageLayout(title: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="nl" class="utrecht-root rapportbode-theme">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${html(title)} – Rapportbode</title>`,
    '<link rel="stylesheet" href="/vendor/utrecht.css"><link rel="stylesheet" href="/theme.css"><link rel="stylesheet" href="/console.css"></head>',
    '<body class="utrecht-document utrecht-body"><main id="inhoud" class="rb-main">',
    `<h1 class="utrecht-heading-1">${html(title)}</h1>`,
    body,
    '</main></body></html>',
  ].join('\n');
}

/** A message in an alert: `ok` is announced politely (status), `error` at once (alert). */
export function alert(kind: 'ok' | 'error', text: string): string {
  return `<div class="utrecht-alert utrecht-alert--${kind}" role="${kind === 'ok' ? 'status' : 'alert'}"><p class="utrecht-paragraph">${html(text)}</p></div>`;
}

/** Text made safe for HTML content and attribute values. */
export function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
