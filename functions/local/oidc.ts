import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { projectRoot } from '../adapters/project-root';
import { RapportbodeError } from '../core/errors';
import { stopChild } from './local-stack';

const START_TIMEOUT_MS = 20_000;

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
  // stdin stays a pipe: the provider exits when it closes, that is when this process dies.
  const child = spawn(process.execPath, [path.join(projectRoot(), 'functions', 'local', 'oidc-process.mjs'), JSON.stringify(settings)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const timer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS);
  try {
    for await (const line of lines) {
      const { issuer } = JSON.parse(line) as { issuer?: string };
      if (typeof issuer === 'string') {
        child.stdout?.resume();
        return { issuer, pid: child.pid as number, ...CONSOLE_CLIENT, stop: () => stopChild(child) };
      }
    }
    throw new OidcStartError(`the local OpenID Connect provider exited before it listened: ${stderr.trim() || `exit code ${child.exitCode}`}`);
  } catch (error) {
    await stopChild(child);
    if (error instanceof OidcStartError) throw error;
    throw new OidcStartError(`the local OpenID Connect provider did not start: ${stderr.trim()}`, { cause: error });
  } finally {
    clearTimeout(timer);
    lines.close();
  }
}
