import type { HttpApiResult } from '../console/http';
import { readableEditions } from '../core/edition-access';
import { checkLink } from '../core/personal-link';
import { type ReadingCheck, checkReaders } from '../core/reading-link';
import { editionSlug } from '../core/edition-site';
import type { OrganisationReader } from '../usecases/ports';
import { LINK_PAGE_HEADERS, type LinkPageHandler, linkPageResult } from './link-pages';
import { alert, html, linkPageLayout } from './page-layout';

/**
 * Where the editions are and how a browser is let in: locally the console's `/editie/` with an
 * HMAC-signed reading cookie (core/edition-access.ts), in AWS CloudFront with its own signed
 * cookies (adapters/cloudfront-cookies.ts).
 */
export interface EditionGate {
  /** The address of an edition's latest page, on the site that serves the editions. */
  address(edition: string): string;
  /** Set-Cookie values that open exactly `editions`, for a day. */
  cookies(editions: readonly string[], subject: string, now: Date): Promise<string[]>;
}

export interface LezenPageDeps {
  readonly key: () => Promise<Uint8Array>;
  readonly organisation: Pick<OrganisationReader, 'organisation' | 'recipients'>;
  readonly gate: EditionGate;
  readonly now: () => Date;
}

/**
 * `/lezen/<token>`: the "Lees deze rapportage online" link of a final's mail.
 * 1. the link: signed, for this page, not expired;
 * 2. `openbaar`: straight on to the edition, no cookie;
 * 3. `besloten`: its municipality still there and every reader it names still on the list;
 * 4. cookies for that municipality's edition and the organisation's, then 303 to the edition.
 * Records nothing: a mail scanner that opens the link only gets cookies it throws away.
 */
export function lezenPage(deps: LezenPageDeps): LinkPageHandler {
  return async (request) => {
    if (request.method !== 'GET') return refusal(405, 'Niet toegestaan', 'Deze pagina kan alleen worden geopend. Open de link uit uw mail.');
    const now = deps.now();
    const link = checkLink(await deps.key(), request.token, now, 'lezen');
    if (!link.ok) return linkRefusal(link.why);
    const { claims } = link;
    const current = await deps.organisation.organisation();
    const period = PERIOD.test(request.rest) ? `${request.rest}/` : '';
    if (current?.config.publication === 'openbaar') return redirect(deps.gate.address(claims.scope) + period, []);
    const check: ReadingCheck = current ? checkReaders(claims, current.config, await deps.organisation.recipients()) : { ok: false, why: 'no-municipality' };
    if (!check.ok) return readerRefusal(check.why, current?.config.contact);
    const edition = editionSlug(check.municipality);
    return redirect(deps.gate.address(edition) + period, await deps.gate.cookies(readableEditions(edition), claims.subject, now));
  };
}

/** `/lezen/<token>/<JJJJ-MM>`: the mail's own period (unsigned, so only a period, never a path); otherwise the latest edition. */
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** 303 See Other to the edition, with the reading cookies; the body for a client that does not follow. */
function redirect(location: string, cookies: readonly string[]): HttpApiResult {
  const page = linkPageLayout('Naar de rapportage', `<p class="utrecht-paragraph"><a class="utrecht-link" href="${html(location)}">Lees de rapportage</a></p>`);
  return { ...linkPageResult(303, page), headers: { ...LINK_PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8', location }, cookies };
}

function linkRefusal(why: 'expired' | 'invalid'): HttpApiResult {
  if (why === 'expired') return refusal(410, 'Link verlopen', 'Deze link is verlopen. Gebruik de link "Lees deze rapportage online" uit de laatste mail met de rapportage.');
  return refusal(400, 'Link niet geldig', 'Deze link is niet volledig of gewijzigd. Open de link "Lees deze rapportage online" uit uw mail opnieuw; kopieert u hem, neem hem dan in zijn geheel over.');
}

function readerRefusal(why: 'no-municipality' | 'off-the-list', contact?: { name: string; email: string }): HttpApiResult {
  const ask = contact ? ` Vragen? Neem contact op met ${contact.name} (${contact.email}).` : '';
  if (why === 'no-municipality') return refusal(404, 'Rapportage niet gevonden', `De rapportage van deze gemeente is niet (meer) online te lezen.${ask}`);
  // 410, not 403: CloudFront shows its own page for every 403 of the distribution (infra/web-edition.ts).
  return refusal(
    410,
    'Geen toegang',
    `Deze link opent de rapportage niet meer: u, of een andere ontvanger van deze mail, staat niet meer op de verzendlijst van deze gemeente. Staat u er nog wel op, dan werkt de link in de volgende mail met de rapportage weer.${ask}`,
  );
}

function refusal(status: number, title: string, text: string): HttpApiResult {
  return linkPageResult(status, linkPageLayout(title, alert('error', text)));
}
