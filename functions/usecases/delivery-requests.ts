import type { MissingFigure } from '../core/readiness';
import {
  deliveryLinkExpiry,
  deliveryReminderMail,
  deliveryRequest,
  deliveryRequestMail,
  lateMunicipalities,
  reminderDue,
} from '../core/municipal-delivery';
import type { OrganisationConfig } from '../core/organisation';
import { type Period, periodId } from '../core/periods';
import { linkPageUrl, linkSubject } from '../core/personal-link';
import { slug } from '../core/slug';
import type { Day } from '../core/workdays';
import { deliveryLink } from './deliveries-upload';
import { sendClaimed, sendNotice } from './notice';
import type { CycleStore, Mailer, OrganisationReader } from './ports';

/** What the cycle needs to put personal upload links in its mails: the link key and where the pages live (LINK_PAGES_URL). */
export interface UploadLinks {
  readonly key: Uint8Array;
  readonly baseUrl: string;
}

export interface DeliveryRequestDeps {
  readonly cycles: Pick<CycleStore, 'claimNotice' | 'releaseNotice'>;
  readonly run: { readonly mailer: Pick<Mailer, 'compose' | 'pace' | 'send'>; readonly store: Pick<OrganisationReader, 'blockedAddresses'> };
  readonly uploadLinks?: UploadLinks;
}

/**
 * The cycle's part in a municipality's own figures (issue 29 item 4), for one open period:
 * 1. every aanleveraar its request with a personal link, once (claimed per municipality and
 *    address; the claim is named by the address's hash, not the address);
 * 2. on the data deadline and the working days after it, up to MAX_DELIVERY_REMINDERS, a reminder
 *    to the aanleveraars of the municipalities that have not delivered — to them only, once a day.
 * Returns Dutch lines for the cycle's report.
 */
export async function requestDeliveries(period: Period, today: Day, organisation: OrganisationConfig, missing: readonly MissingFigure[], deps: DeliveryRequestDeps): Promise<string[]> {
  const listed = organisation.municipalities.flatMap((m) => (m.suppliers ?? []).map((email) => ({ municipality: m.name, email })));
  // Without the link key (a caller that mails nothing of the kind) the cycle asks nothing; its wiring passes it.
  if (listed.length === 0 || asksNothing(organisation) || !deps.uploadLinks) return [];
  // An address that bounced or complained gets nothing until an operator clears it, as in a run.
  const blocked = new Set((await deps.run.store.blockedAddresses()).map((b) => b.email.toLowerCase()));
  const suppliers = listed.filter((s) => !blocked.has(s.email.toLowerCase()));
  const skipped = [...new Set(listed.filter((s) => blocked.has(s.email.toLowerCase())).map((s) => s.municipality))].map((municipality) => {
    const count = listed.filter((s) => s.municipality === municipality && blocked.has(s.email.toLowerCase())).length;
    return `${municipality}: ${count === 1 ? '1 aanleveraar' : `${count} aanleveraars`} niet gevraagd: adres geblokkeerd`;
  });
  const links = deps.uploadLinks;
  const id = periodId(period);
  const linkOf = (municipality: string, email: string) =>
    linkPageUrl(links.baseUrl, 'aanleveren', deliveryLink(links.key, { email, municipality, period, expiresAt: deliveryLinkExpiry(period, organisation) }));

  let requested = 0;
  for (const { municipality, email } of suppliers) {
    const claim = { period: id, kind: `delivery-request.${slug(municipality)}.${linkSubject(email)}`, about: 'sent' };
    if (!(await deps.cycles.claimNotice(claim.period, claim.kind, claim.about))) continue;
    const mail = deliveryRequestMail(organisation, deliveryRequest(organisation, municipality, period), linkOf(municipality, email), today);
    await sendClaimed(deps.cycles, claim, () => sendNotice(organisation, mail, `${id}.aanlevering.${slug(municipality)}.${email}`, deps, [email]));
    requested++;
  }
  const lines = [...(requested > 0 ? [`verzoek om gemeentecijfers aan ${requested === 1 ? '1 aanleveraar' : `${requested} aanleveraars`}`] : []), ...(requested > 0 ? skipped : [])];

  const n = reminderDue(period, organisation, today);
  if (n === undefined) return lines;
  for (const late of lateMunicipalities(missing, organisation)) {
    const addresses = suppliers.filter((s) => s.municipality === late.municipality);
    let reminded = 0;
    for (const { email } of addresses) {
      // The claim holds the latest reminder's number: each number is claimed once, and they only rise.
      const claim = { period: id, kind: `delivery-reminder.${slug(late.municipality)}.${linkSubject(email)}`, about: String(n) };
      if (!(await deps.cycles.claimNotice(claim.period, claim.kind, claim.about))) continue;
      const mail = deliveryReminderMail(organisation, deliveryRequest(organisation, late.municipality, period), linkOf(late.municipality, email), n, late.missing.length);
      await sendClaimed(deps.cycles, claim, () => sendNotice(organisation, mail, `${id}.herinnering-${n}.${slug(late.municipality)}.${email}`, deps, [email]));
      reminded++;
    }
    if (reminded > 0) lines.push(`${late.municipality}: herinnering ${n} aan ${reminded === 1 ? '1 aanleveraar' : `${reminded} aanleveraars`}`);
  }
  return lines;
}

/** No indicator the municipalities deliver: nothing to ask. */
function asksNothing(organisation: OrganisationConfig): boolean {
  return !organisation.indicators.some((i) => i.source === 'municipality');
}

