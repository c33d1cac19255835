import type { MailingPlan } from '../core/mailing-plan';
import type { Recipient } from '../core/organisation';
import type { ReleaseOutcome } from '../usecases/release';
import type { ResendSummary } from '../usecases/resend';

/** What the pages show of a recipient. */
export function recipientView(r: Recipient) {
  return { naam: r.name, email: r.email, rol: r.role, gemeente: r.municipality };
}

/** What a release would send to whom: the confirmation names every municipality, To and Cc. */
export function mailingView(plan: MailingPlan & { warnings: readonly string[] }) {
  const byMunicipality = new Map<string, { gemeente: string; to: ReturnType<typeof recipientView>[]; cc: ReturnType<typeof recipientView>[] }>();
  for (const m of plan.messages) {
    const entry = byMunicipality.get(m.municipality) ?? { gemeente: m.municipality, to: [], cc: [] };
    entry.to.push(...m.to.map(recipientView));
    entry.cc.push(...m.cc.map(recipientView));
    byMunicipality.set(m.municipality, entry);
  }
  return {
    gemeenten: [...byMunicipality.values()],
    geenMail: plan.problems.map((p) => ({ gemeente: p.municipality, reden: p.reason })),
    afgemeld: plan.optedOut,
    waarschuwingen: plan.warnings,
  };
}

export function describeRelease(outcome: ReleaseOutcome) {
  if (!outcome.released) return { vrijgegeven: false, definitief: outcome.finalRunId, melding: outcome.reason };
  const { summary } = outcome;
  return {
    vrijgegeven: true,
    definitief: outcome.finalRunId,
    status: summary.status,
    melding: `De definitieve versie ${outcome.finalRunId} (${summary.periodLabel}) is verstuurd: ${summary.status === 'completed' ? 'alles is verzonden' : summary.status}.`,
    berichten: summary.deliveries.map((d) => ({ gemeente: d.municipality, to: d.to, cc: d.cc, status: d.status, reden: d.reason ?? '' })),
    problemen: summary.problems,
    waarschuwingen: summary.warnings,
  };
}

export function describeResend(summary: ResendSummary) {
  const sent = summary.messages.filter((m) => m.status === 'sent' || m.status === 'already sent').length;
  const melding =
    summary.messages.length === 0
      ? 'Er was niets opnieuw te verzenden.'
      : `${sent} van ${summary.messages.length} bericht(en) van ${summary.runId} opnieuw verzonden, met de gearchiveerde PDF.`;
  return {
    melding,
    berichten: summary.messages.map((m) => ({ gemeente: m.municipality, to: m.to, cc: m.cc, status: m.status, reden: m.reason ?? '' })),
    waarschuwingen: summary.warnings,
  };
}
