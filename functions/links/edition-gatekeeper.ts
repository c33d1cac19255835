import { type EditionDecision, editionAccess } from '../core/edition-access';
import { DEFAULT_PUBLICATION } from '../core/organisation';
import type { OrganisationReader } from '../usecases/ports';
import { linkPageLayout, alert } from './page-layout';

/** A refused request for an edition's file: the status and the Dutch page to show. */
export interface EditionRefusal {
  readonly allowed: false;
  readonly status: number;
  readonly html: string;
}

export interface EditionGatekeeperDeps {
  readonly key: () => Promise<Uint8Array>;
  readonly organisation: Pick<OrganisationReader, 'organisation'>;
  readonly now: () => Date;
}

/**
 * What the console's local server (and `demo --open-houden`) asks before it serves a file under
 * `/editie/` with serveEditionFile: the organisation's `publicatie` in force, the reading cookie
 * checked by editionAccess, and for a refusal the page that says what to do.
 */
export type EditionGate = (pathname: string, cookieHeader: string | undefined) => Promise<{ readonly allowed: true } | EditionRefusal>;

export function editionGatekeeper(deps: EditionGatekeeperDeps): EditionGate {
  return async (pathname, cookieHeader) => {
    const current = await deps.organisation.organisation();
    const decision = editionAccess({ pathname, cookieHeader, publication: current?.config.publication ?? DEFAULT_PUBLICATION, key: await deps.key(), now: deps.now() });
    return decision.allowed ? decision : refusal(decision.why);
  };
}

function refusal(why: Exclude<EditionDecision, { allowed: true }>['why']): EditionRefusal {
  if (why === 'no-edition') return { allowed: false, status: 404, html: linkPageLayout('Pagina niet gevonden', alert('error', 'Deze pagina bestaat niet. Gebruik de link "Lees deze rapportage online" uit uw mail.')) };
  const text =
    why === 'expired'
      ? 'Uw toegang tot deze rapportage is verlopen (zij geldt een dag). Open de link "Lees deze rapportage online" uit uw mail opnieuw.'
      : why === 'other-edition'
        ? 'U heeft geen toegang tot deze pagina: u kunt alleen de rapportage van uw eigen gemeente lezen. Open de link "Lees deze rapportage online" uit uw mail.'
        : // A cookie is sent only to its own edition's path: another municipality's address lands here too.
          'Deze pagina is alleen te lezen via de link "Lees deze rapportage online" in uw mail, en alleen voor uw eigen gemeente. Open die link; de toegang geldt daarna een dag.';
  return { allowed: false, status: 403, html: linkPageLayout('Geen toegang', alert('error', text)) };
}
