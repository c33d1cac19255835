import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { slug } from '../core/slug';
import type { Config } from './config';
import type { Mailer } from '../usecases/ports';
import { SesMailer } from './ses-mailer';

/**
 * Locally, the SES emulator stops with the command, and a mail sent by `run`, `release`, `resend`,
 * `cycle` or `demo` would be seen by nobody. This keeps a copy of every raw mail SES accepted in
 * one place per run, named by municipality, with its PDF beside it:
 * `<dir>/<run id>/<gemeente>.eml` and `<gemeente>.pdf` (a second part of a municipality's mail:
 * `<gemeente>-2.eml`). The Message-ID names both, as the send step writes it:
 * `<2026-09-final.West.Betuwe.1@rapportbode>`. Only wired in by the local stack.
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
      const { runId, name } = outboxName(messageId);
      const folder = path.join(dir, runId);
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, `${name}.eml`), raw);
      const pdf = attachedPdf(raw);
      if (pdf) await writeFile(path.join(folder, `${name}.pdf`), pdf);
      return sesMessageId;
    },
  };
}

/** `2026-09-final.West.Betuwe.2@rapportbode` → folder `2026-09-final`, name `west-betuwe-2`. */
export function outboxName(messageId: string): { runId: string; name: string } {
  const [local = 'mail'] = messageId.split('@');
  const dot = local.indexOf('.');
  const runId = slug(dot < 0 ? local : local.slice(0, dot)) || 'mail';
  const rest = dot < 0 ? '' : local.slice(dot + 1);
  const part = /\.(\d+)$/.exec(rest);
  const base = slug(part ? rest.slice(0, part.index) : rest) || 'mail';
  return { runId, name: part && part[1] !== '1' ? `${base}-${part[1]}` : base };
}

/** The PDF a composed mail carries (nodemailer writes it base64, after the part's headers), if any. */
function attachedPdf(raw: Uint8Array): Buffer | undefined {
  const text = Buffer.from(raw).toString('latin1');
  const body = /^Content-Type:\s*application\/pdf[^]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/im.exec(text)?.[1];
  return body ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : undefined;
}

/** The SES mailer; locally also keeping a copy of every mail sent in the outbox folder. */
export function mailerFor(config: Pick<Config, 'MAX_SEND_RATE' | 'SES_CONFIGURATION_SET' | 'RAPPORTBODE_OUTBOX'>): Mailer {
  const ses = new SesMailer({ maxPerSecond: config.MAX_SEND_RATE, configurationSet: config.SES_CONFIGURATION_SET });
  return config.RAPPORTBODE_OUTBOX ? withOutbox(ses, config.RAPPORTBODE_OUTBOX) : ses;
}
