import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './config';
import type { Mailer } from '../usecases/ports';
import { SesMailer } from './ses-mailer';

/**
 * Locally, the SES emulator stops with the command, and a mail sent by `run`, `release`, `resend`
 * or `cycle` would be seen by nobody. This keeps a copy of every raw mail SES accepted under
 * `<dir>/<run id>/<Message-ID>.eml` (the run id is the Message-ID's first part, as the send step
 * writes it: `<2026-09-final.Tiel.1@rapportbode>`). Only wired in by the local stack.
 */
export function withOutbox(mailer: Mailer, dir: string): Mailer {
  return {
    compose: (mail) => mailer.compose(mail),
    quota: () => mailer.quota(),
    limitRate: (perSecond) => mailer.limitRate(perSecond),
    pace: () => mailer.pace(),
    send: async (raw) => {
      const sesMessageId = await mailer.send(raw);
      const messageId = /^Message-ID:\s*<([^>]+)>/im.exec(Buffer.from(raw.subarray(0, 8192)).toString('latin1'))?.[1] ?? sesMessageId;
      const [runId] = messageId.split(/[.@]/);
      const folder = path.join(dir, safe(runId ?? 'mail'));
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, `${safe(messageId)}.eml`), raw);
      return sesMessageId;
    },
  };
}

function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9@._-]+/g, '_');
}

/** The SES mailer; locally also keeping a copy of every mail sent in the outbox folder. */
export function mailerFor(config: Pick<Config, 'MAX_SEND_RATE' | 'SES_CONFIGURATION_SET' | 'RAPPORTBODE_OUTBOX'>): Mailer {
  const ses = new SesMailer({ maxPerSecond: config.MAX_SEND_RATE, configurationSet: config.SES_CONFIGURATION_SET });
  return config.RAPPORTBODE_OUTBOX ? withOutbox(ses, config.RAPPORTBODE_OUTBOX) : ses;
}
