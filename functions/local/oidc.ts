import path from 'node:path';
import { projectRoot } from '../adapters/project-root';
import { RapportbodeError } from '../core/errors';
import { ChildNotReadyError, spawnUntilReady, stopChild } from './child-process';

/** The console's app client and the scope its API requires: the same names as the Cognito user pool's. */
export const CONSOLE_CLIENT = {
  clientId: 'rapportbode-console',
  scope: 'rapportbode/console',
  resource: 'urn:rapportbode:console-api',
} as const;

export interface LocalOidc {
  readonly issuer: string;
  readonly pid: number;
  readonly clientId: string;
  readonly scope: string;
  readonly resource: string;
  /** Stops the provider by pid (SIGTERM, then SIGKILL). Safe to call twice. */
  stop(): Promise<void>;
}

export class OidcStartError extends RapportbodeError {}

/**
 * Starts the local OpenID Connect provider (oidc-provider, its own process on loopback) for a
 * console at `consoleOrigin`: one public client with PKCE, redirecting to the console's root.
 */
export async function startLocalOidc(options: { consoleOrigin: string }): Promise<LocalOidc> {
  const settings = { ...CONSOLE_CLIENT, redirectUri: `${options.consoleOrigin}/`, consoleOrigin: options.consoleOrigin };
  try {
    const { child, ready: issuer } = await spawnUntilReady(path.join(projectRoot(), 'functions', 'local', 'oidc-process.mjs'), [JSON.stringify(settings)], (message) =>
      typeof message.issuer === 'string' ? message.issuer : undefined,
    );
    return { issuer, pid: child.pid as number, ...CONSOLE_CLIENT, stop: () => stopChild(child) };
  } catch (error) {
    if (!(error instanceof ChildNotReadyError)) throw error;
    const why = error.stderr.trim();
    if (error.exited) throw new OidcStartError(`the local OpenID Connect provider exited before it listened: ${why || `exit code ${error.exitCode}`}`);
    throw new OidcStartError(`the local OpenID Connect provider did not start: ${why}`, { cause: error });
  }
}
