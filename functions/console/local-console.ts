import { readConfig } from '../adapters/config';
import { OrganisationStore } from '../adapters/organisation-store';
import { editionGatekeeper } from '../links/edition-gatekeeper';
import { startLocalOidc } from '../local/oidc';
import { linkKey } from '../wiring/link-key';
import { consoleDeps } from '../wiring/console-dependencies';
import { releaseDeps } from '../wiring/dependencies';
import { linkPages } from '../wiring/link-pages';
import { resendDeps } from '../wiring/operations-dependencies';
import { createConsoleApi } from './api';
import { inProcessJobs } from './in-process-jobs';
import { startConsoleServer } from './local-server';
import type { ConsoleDeps } from './ports';

export interface LocalConsole {
  readonly url: string;
  readonly issuer: string;
  /** The OpenID Connect provider's process. */
  readonly oidcPid: number;
  /** Stops the provider by pid and closes the console server. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * The console on loopback against the stack the environment names (TABLE_NAME, ARCHIVE_BUCKET,
 * the AWS_ENDPOINT_URL_* of the emulators): the console server first, then the OpenID Connect
 * provider, which must know the console's URL to redirect to it. Releases and re-sends run in
 * this process (inProcessJobs). The same server serves the pages personal links open (the
 * answer page, …), without sign-in, at the address mails name (LINK_PAGES_URL).
 */
export async function startLocalConsole(options: { port?: number; securityLog?: ConsoleDeps['securityLog'] } = {}): Promise<LocalConsole> {
  const config = readConfig();
  const deps = consoleDeps(config, inProcessJobs({ release: releaseDeps(config), resend: resendDeps(config) }));
  // The structured logger is silent outside Lambda; the local console prints its security log on stdout.
  const api = createConsoleApi({ ...deps, securityLog: options.securityLog ?? ((entry) => console.log(JSON.stringify(entry))) });
  const server = await startConsoleServer({ api, port: options.port, linkPages: linkPages(config),
    ...(config.RAPPORTBODE_WEB_DIR ? { editionRoot: config.RAPPORTBODE_WEB_DIR, editionGate: editionGatekeeper({ key: () => linkKey(config), organisation: new OrganisationStore(config.TABLE_NAME), now: () => new Date() }) } : {}),
  });
  let oidc: Awaited<ReturnType<typeof startLocalOidc>>;
  try {
    oidc = await startLocalOidc({ consoleOrigin: server.url });
  } catch (error) {
    await server.close();
    throw error;
  }
  server.useAuth({ issuer: oidc.issuer, clientId: oidc.clientId, scope: oidc.scope, revocationUrl: `${oidc.issuer}/lokaal/ingetrokken` });
  return {
    url: server.url,
    issuer: oidc.issuer,
    oidcPid: oidc.pid,
    close: async () => {
      await Promise.all([oidc.stop(), server.close()]);
    },
  };
}
