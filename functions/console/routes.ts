import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { recipientRef } from '../adapters/logger';
import { renderMarkdown } from '../core/markdown';
import { parseCommentary } from '../core/commentary';
import { DataMissingError, InvalidInputError } from '../core/errors';
import { periodId, periodLabelNl } from '../core/periods';
import { RECIPIENT_ROLES } from '../core/organisation';
import { type RecipientInput, checkRecipient, describeRecipientProblem } from '../core/recipient-validation';
import { checkImageArguments, checkImageFile } from '../core/report-images';
import { amsterdamDay } from '../core/workdays';
import { cycleStatus } from '../usecases/cycle';
import { listMessages } from '../usecases/deliveries';
import { setCommentary } from '../usecases/commentary';
import { addImage, listImages, removeImage } from '../usecases/images';
import { importFile } from '../usecases/import-figures';
import { periodFor, requireOrganisation } from '../usecases/organisation';
import { addRecipient, changeRecipient, checkMailing, clearBlock, importRecipients, planRecipientImport, removeRecipient, setOptedOut } from '../usecases/recipients';
import { prepareRelease, setHold } from '../usecases/release';
import { type HttpApiResult, file, json } from './http';
import { filterLog, logCsv } from './logbook';
import type { ConsoleDeps } from './ports';
import { Bodies, PeriodSchema, RunIdSchema } from './schemas';
import { describeRelease, describeResend, mailingView, recipientView } from './views';

/** What a route gets: who asks (from the verified token), the path's parts, the query, the body. */
export interface RouteContext {
  readonly actor: string;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly requestId: string;
  readonly deps: ConsoleDeps;
}

export interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: RegExp;
  /** read: beheerder and lezer; write: beheerder only. */
  readonly access: 'read' | 'write';
  /** The action as the security log names it. */
  readonly action: string;
  /** The object acted on, for the security log: never an address in plain text. */
  readonly object?: (ctx: RouteContext) => string;
  readonly handle: (ctx: RouteContext) => Promise<HttpApiResult>;
}

/** An address in the security log as every log names one (recipientRef): its domain and a hash, never the address. */
export function maskEmail(email: unknown): string {
  return typeof email === 'string' && email.includes('@') ? recipientRef(email) : '';
}

function bodyOf<S extends z.ZodType>(schema: S, ctx: RouteContext): z.infer<S> {
  const parsed = schema.safeParse(ctx.body ?? {});
  if (!parsed.success) {
    throw new InvalidInputError(parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
  }
  return parsed.data;
}

function field(ctx: RouteContext, name: string): string {
  const value = (ctx.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' || typeof value === 'boolean' ? String(value) : '';
}

/** A file the browser sent as base64: its name and bytes, as the readers take them. */
const uploaded = (name: string, base64: string) => ({ name, bytes: new Uint8Array(Buffer.from(base64, 'base64')) });

/** The same bytes as the import's stream source. */
const streamSource = ({ name, bytes }: { name: string; bytes: Uint8Array }) => ({ name, size: bytes.length, open: async () => (async function* () { yield bytes; })() });

/** The digest of an import plan: what the operator saw is what is applied. */
function planDigest(plan: unknown): string {
  return createHash('sha256').update(JSON.stringify(plan)).digest('hex');
}

/**
 * The newest concept of a period that reached the reviewers: the cycle's, or a later one sent
 * from the CLI (`run --concept`), which the cycle's record does not name. Only the newest can be
 * released (prepareRelease), so that is the one the Overzicht offers.
 */
async function latestSentConcept(period: string, deps: ConsoleDeps): Promise<string | undefined> {
  const number = await deps.log.latestConcept(period);
  if (number < 1) return undefined;
  const runId = `${period}-concept-${number}`;
  const run = await deps.log.run(runId);
  return run && (run.status === 'completed' || run.status === 'partial') ? runId : undefined;
}

/** The recipient's fields as the Ontvangers form names them. */
const RECIPIENT_FIELD_NAMES: Record<string, string> = { gemeente: 'Gemeente', rol: 'Rol', naam: 'Naam', email: 'E-mailadres' };

/** A recipient's problems in the console's words, one per field (the form marks each field), or undefined. */
function recipientProblems(input: RecipientInput, municipalities: Parameters<typeof checkRecipient>[1]): HttpApiResult | undefined {
  const result = checkRecipient(input, municipalities);
  if (!('problems' in result)) return undefined;
  const velden = result.problems.map((p) => ({ veld: p.field, melding: `${RECIPIENT_FIELD_NAMES[p.field] ?? p.field}: ${describeRecipientProblem(p)}` }));
  return json(422, { fout: 'De ontvanger is niet opgeslagen. Verbeter de gemarkeerde velden.', velden });
}

/**
 * The CLI's words for an image's options (--alt, --sectie gemeente, …) as the Cijfers form names
 * its fields: which field, and the sentence without the option. The first rule that matches wins.
 */
const IMAGE_PROBLEM_FIELDS: readonly [RegExp, string, (message: string) => string][] = [
  [/^--alt(?: \([^)]*\))?/, 'alt', (m) => m.replace(/^--alt(?: \([^)]*\))?/, 'Het tekstalternatief')],
  [/^--bron(?: \([^)]*\))?/, 'bron', (m) => m.replace(/^--bron(?: \([^)]*\))?/, 'De bron')],
  [/^--sectie gemeente vraagt/, 'gemeente', () => 'Kies bij de paragraaf van één gemeente welke gemeente het is.'],
  [/^--sectie/, 'sectie', () => 'Kies een sectie van het rapport.'],
  [/^--gemeente: een afbeelding voor één gemeente/, 'sectie', () => 'Een afbeelding van één gemeente hoort in de sectie "Paragraaf van één gemeente"; kies die sectie of laat de gemeente leeg.'],
  [/^--gemeente/, 'gemeente', () => 'Kies een gemeente van de organisatie.'],
];

/** An image's problems per field of the Cijfers form, in the console's words, or undefined. */
function imageProblems(b: z.infer<typeof Bodies.addImage>, municipalities: Parameters<typeof checkImageArguments>[1]): HttpApiResult | undefined {
  const file = checkImageFile(new Uint8Array(Buffer.from(b.data, 'base64')), b.bestand);
  const checked = checkImageArguments({ section: b.sectie, municipality: b.gemeente || undefined, alt: b.alt, source: b.bron }, municipalities);
  const velden = [
    ...('problem' in file ? [{ veld: 'bestand', melding: file.problem }] : []),
    ...('problems' in checked ? checked.problems : []).map((problem) => {
      const rule = IMAGE_PROBLEM_FIELDS.find(([pattern]) => pattern.test(problem));
      return rule ? { veld: rule[1], melding: rule[2](problem) } : { veld: '', melding: problem.replace(/--[a-z]+ ?/g, '') };
    }),
  ];
  return velden.length ? json(422, { fout: 'De afbeelding is niet toegevoegd. Verbeter de gemarkeerde velden.', velden }) : undefined;
}

async function periodParam(ctx: RouteContext) {
  const text = ctx.query.get('periode') ?? undefined;
  if (text !== undefined && !PeriodSchema.safeParse(text).success) throw new InvalidInputError(`periode "${text}" is niet van de vorm JJJJ-MM`);
  return periodFor(text, ctx.deps.now(), ctx.deps.recipients.store);
}

export const ROUTES: readonly Route[] = [
  // --- Overzicht ------------------------------------------------------------------------------
  {
    method: 'GET',
    path: /^\/api\/overzicht$/,
    access: 'read',
    action: 'overzicht bekijken',
    handle: async ({ deps }) => {
      const today = amsterdamDay(deps.now());
      const organisation = await requireOrganisation(deps.recipients.store);
      const periods = await cycleStatus(today, deps.status);
      const withLatest = await Promise.all(periods.map(async (p) => ({ ...p, nieuwsteConcept: p.state === 'vrijgegeven' ? undefined : await latestSentConcept(p.period, deps) })));
      return json(200, { vandaag: today, organisatie: organisation.name, vrijgave: organisation.calendar.release, perioden: withLatest });
    },
  },
  {
    method: 'GET',
    path: /^\/api\/vrijgave\/(?<runId>[^/]+)$/,
    access: 'read',
    action: 'vrijgave voorbereiden',
    object: (ctx) => ctx.params.runId ?? '',
    handle: async ({ deps, params }) => {
      const runId = RunIdSchema.parse(params.runId);
      const prepared = await prepareRelease(runId, deps.release);
      if (!prepared.ready) return json(200, { kan: false, reden: prepared.reason, definitief: prepared.finalRunId });
      const early = prepared.early ? { voorEindeReview: prepared.early.left, ...(prepared.early.waitingFor ? { nogGeenAkkoord: prepared.early.waitingFor } : {}) } : {};
      return json(200, { kan: true, runId, definitief: prepared.finalRunId, periode: periodLabelNl(prepared.period), ...early, verzending: mailingView(await checkMailing(deps.recipients)) });
    },
  },
  {
    method: 'POST',
    path: /^\/api\/vrijgave$/,
    access: 'write',
    action: 'concept vrijgeven',
    object: (ctx) => field(ctx, 'runId'),
    handle: async (ctx) => {
      const { runId, voorEindeReview, reden } = bodyOf(Bodies.release, ctx);
      // Checked here too, so a refusal reaches the operator also when AWS runs the release elsewhere.
      const prepared = await prepareRelease(runId, ctx.deps.release);
      if (!prepared.ready) return json(409, { fout: prepared.reason });
      if (prepared.early && !voorEindeReview) {
        const waiting = prepared.early.waitingFor ? `; nog geen akkoord van ${prepared.early.waitingFor}` : '';
        return json(409, { fout: `${runId} is nog in review: ${prepared.early.left}${waiting}; er is niets verzonden. Bevestig dat u vóór het einde van de review vrijgeeft, met een reden.` });
      }
      const job = await ctx.deps.jobs.release(runId, ctx.actor, voorEindeReview && reden ? { beforeReviewEnd: { reason: reden } } : {});
      return job.done ? json(200, describeRelease(job.result)) : json(202, { gestart: true, melding: job.queued });
    },
  },
  {
    method: 'POST',
    path: /^\/api\/aanhouden$/,
    access: 'write',
    action: 'periode aanhouden',
    object: (ctx) => `${field(ctx, 'periode')} ${field(ctx, 'aanhouden')}`,
    handle: async (ctx) => {
      const { periode, aanhouden } = bodyOf(Bodies.hold, ctx);
      const { period, changed } = await setHold(periode, aanhouden, ctx.actor, { cycles: ctx.deps.cycles, audit: ctx.deps.audit, now: ctx.deps.now });
      const melding = aanhouden
        ? changed ? `${period} is aangehouden: er gaat niets uit tot de periode weer wordt vrijgegeven.` : `${period} was al aangehouden; er is niets gewijzigd.`
        : changed ? `${period} is niet meer aangehouden: het concept kan worden vrijgegeven.` : `${period} was niet aangehouden; er is niets gewijzigd.`;
      return json(200, { gewijzigd: changed, melding });
    },
  },

  // --- Ontvangers and Gemeenten -----------------------------------------------------------------
  {
    method: 'GET',
    path: /^\/api\/ontvangers$/,
    access: 'read',
    action: 'ontvangers bekijken',
    handle: async ({ deps }) => {
      const [organisation, recipients, blocked] = await Promise.all([requireOrganisation(deps.recipients.store), deps.recipients.store.recipients(), deps.recipients.store.blockedAddresses()]);
      const own = (name: string | null) => recipients.filter((r) => r.municipality === name).sort((a, b) => a.name.localeCompare(b.name, 'nl'));
      return json(200, {
        gemeenten: organisation.municipalities.map((m) => ({
          naam: m.name,
          afgemeld: m.optedOut,
          to: own(m.name).filter((r) => r.role === 'ab-lid').map(recipientView),
          cc: own(m.name).filter((r) => r.role === 'beleidsmedewerker').map(recipientView),
          gboLeden: own(m.name).filter((r) => r.role === 'gbo-lid').map(recipientView),
        })),
        reviewers: own(null).map(recipientView),
        geblokkeerd: blocked.map((b) => ({ email: b.email, reden: b.reason === 'bounced' ? 'harde bounce' : 'klacht', sinds: b.since, melding: b.detail, run: b.runId ?? '' })),
        rollen: RECIPIENT_ROLES,
      });
    },
  },
  {
    method: 'POST',
    path: /^\/api\/ontvangers$/,
    access: 'write',
    action: 'ontvanger toevoegen',
    object: (ctx) => `${field(ctx, 'gemeente') || 'reviewers'} ${maskEmail(field(ctx, 'email'))}`,
    handle: async (ctx) => {
      const b = bodyOf(Bodies.addRecipient, ctx);
      const refused = recipientProblems({ municipality: b.gemeente, role: b.rol, name: b.naam, email: b.email }, await ctx.deps.recipients.store.municipalities());
      if (refused) return refused;
      const r = await addRecipient({ municipality: b.gemeente, role: b.rol, name: b.naam, email: b.email }, { actor: ctx.actor }, ctx.deps.recipients);
      return json(201, { melding: `${r.name} <${r.email}> is toegevoegd als ${r.role}${r.municipality ? ` van ${r.municipality}` : ''}.`, ontvanger: recipientView(r) });
    },
  },
  {
    method: 'POST',
    path: /^\/api\/ontvangers\/wijzigen$/,
    access: 'write',
    action: 'ontvanger wijzigen',
    object: (ctx) => `${field(ctx, 'gemeente') || 'reviewers'} ${maskEmail(field(ctx, 'email'))}`,
    handle: async (ctx) => {
      const b = bodyOf(Bodies.changeRecipient, ctx);
      const r = await changeRecipient({ email: b.email, municipality: b.gemeente }, { name: b.naam, role: b.rol }, { actor: ctx.actor }, ctx.deps.recipients);
      return json(200, { melding: `${r.email} is nu ${r.role} ${r.name}${r.municipality ? ` van ${r.municipality}` : ''}.`, ontvanger: recipientView(r) });
    },
  },
  {
    method: 'POST',
    path: /^\/api\/ontvangers\/verwijderen$/,
    access: 'write',
    action: 'ontvanger verwijderen',
    object: (ctx) => `${field(ctx, 'gemeente') || 'reviewers'} ${maskEmail(field(ctx, 'email'))}`,
    handle: async (ctx) => {
      const b = bodyOf(Bodies.removeRecipient, ctx);
      // A reviewer is named by the empty municipality; removeRecipient then must not pick another entry of the address.
      const entries = (await ctx.deps.recipients.store.recipients()).filter((r) => r.email === b.email);
      if (b.gemeente === null && entries.length > 1 && entries.some((r) => r.municipality === null)) {
        throw new InvalidInputError(`${b.email} staat meerdere keren op de lijst; verwijder het via de lijst van de gemeente`);
      }
      const r = await removeRecipient(b.email, b.gemeente ?? undefined, { actor: ctx.actor }, ctx.deps.recipients);
      return json(200, { melding: `${r.name} <${r.email}> is van de lijst${r.municipality ? ` van ${r.municipality}` : ' van de reviewers'} gehaald.` });
    },
  },
  {
    method: 'POST',
    path: /^\/api\/ontvangers\/import\/voorbeeld$/,
    access: 'read',
    action: 'ontvangersbestand controleren',
    object: (ctx) => field(ctx, 'bestand'),
    handle: async (ctx) => {
      const b = bodyOf(Bodies.importPreview, ctx);
      const plan = await planRecipientImport(uploaded(b.bestand, b.data), ctx.deps.recipients);
      return json(200, {
        toegevoegd: plan.added.map(recipientView),
        gewijzigd: plan.changed.map((c) => ({ voor: recipientView(c.before), na: recipientView(c.after) })),
        verwijderd: plan.removed.map(recipientView),
        ongewijzigd: plan.unchanged,
        kenmerk: planDigest(plan),
      });
    },
  },
  {
    method: 'POST',
    path: /^\/api\/ontvangers\/import$/,
    access: 'write',
    action: 'ontvangersbestand inlezen',
    object: (ctx) => field(ctx, 'bestand'),
    handle: async (ctx) => {
      const b = bodyOf(Bodies.importApply, ctx);
      const file = uploaded(b.bestand, b.data);
      if (planDigest(await planRecipientImport(file, ctx.deps.recipients)) !== b.kenmerk) {
        return json(409, { fout: 'De lijst of het bestand is gewijzigd sinds het voorbeeld; er is niets ingelezen. Bekijk het voorbeeld opnieuw.' });
      }
      // The operator saw and confirmed the removals in the preview: that is the CLI's --bevestig.
      const result = await importRecipients(file, { actor: ctx.actor, confirmRemoval: true }, ctx.deps.recipients);
      return json(200, { melding: `${b.bestand} is ingelezen: ${result.added.length} toegevoegd, ${result.changed.length} gewijzigd, ${result.removed.length} verwijderd.` });
    },
  },
  {
    method: 'POST',
    path: /^\/api\/ontvangers\/blokkade-opheffen$/,
    access: 'write',
    action: 'blokkade opheffen',
    object: (ctx) => maskEmail(field(ctx, 'email')),
    handle: async (ctx) => {
      const b = bodyOf(Bodies.clearBounce, ctx);
      await clearBlock(b.email, { actor: ctx.actor }, ctx.deps.recipients);
      return json(200, { melding: `${b.email} krijgt vanaf de volgende run weer mail.` });
    },
  },
  {
    method: 'GET',
    path: /^\/api\/gemeenten$/,
    access: 'read',
    action: 'gemeenten bekijken',
    handle: async ({ deps }) => {
      const [organisation, recipients, blocked, check] = await Promise.all([
        requireOrganisation(deps.recipients.store),
        deps.recipients.store.recipients(),
        deps.recipients.store.blockedAddresses(),
        checkMailing(deps.recipients),
      ]);
      const blockedEmails = new Set(blocked.map((b) => b.email));
      return json(200, {
        gemeenten: organisation.municipalities.map((m) => {
          const own = recipients.filter((r) => r.municipality === m.name);
          const problem = check.problems.find((p) => p.municipality === m.name);
          const skipped = own.filter((r) => blockedEmails.has(r.email));
          const reden = m.optedOut
            ? 'afgemeld: de gemeente ontvangt het rapport niet'
            : problem
              ? `geen mail: ${problem.reason}`
              : '';
          return {
            naam: m.name,
            ontvangt: !m.optedOut && !problem,
            reden,
            abLeden: own.filter((r) => r.role === 'ab-lid').length,
            beleidsmedewerkers: own.filter((r) => r.role === 'beleidsmedewerker').length,
            overgeslagen: skipped.map((r) => ({ email: r.email, rol: r.role })),
          };
        }),
      });
    },
  },
  {
    method: 'POST',
    path: /^\/api\/gemeenten\/afmelden$/,
    access: 'write',
    action: 'gemeente af- of aanmelden',
    object: (ctx) => `${field(ctx, 'gemeente')} ${field(ctx, 'afgemeld')}`,
    handle: async (ctx) => {
      const b = bodyOf(Bodies.optOut, ctx);
      const { municipality, changed } = await setOptedOut(b.gemeente, b.afgemeld, { actor: ctx.actor }, ctx.deps.recipients);
      const melding = !changed
        ? `${municipality} ${b.afgemeld ? 'was al afgemeld' : 'ontving het rapport al'}; er is niets gewijzigd.`
        : `${municipality} ontvangt vanaf de volgende run ${b.afgemeld ? 'geen rapport meer' : 'het rapport weer'}.`;
      return json(200, { gewijzigd: changed, melding });
    },
  },

  // --- Cijfers ----------------------------------------------------------------------------------
  {
    method: 'POST',
    path: /^\/api\/cijfers$/,
    access: 'write',
    action: 'cijfers inlezen',
    object: (ctx) => field(ctx, 'bestand'),
    handle: async (ctx) => {
      const b = bodyOf(Bodies.figures, ctx);
      const summary = await importFile(streamSource(uploaded(b.bestand, b.data)), { kind: b.soort, audited: { actor: ctx.actor, log: ctx.deps.audit } }, ctx.deps.imports);
      const counts = `${summary.rows} rijen: ${summary.new} nieuw, ${summary.changed} gewijzigd, ${summary.unchanged} ongewijzigd`;
      return json(200, {
        ingelezen: summary.importId !== null,
        soort: summary.kind === 'figures' ? 'cijfers' : 'benchmark',
        melding: summary.importId ? `${summary.fileName} is ingelezen (${counts}).` : `${summary.fileName}: er was niets nieuws (${counts}); er is niets opgeslagen.`,
        rijen: summary.rows,
        nieuw: summary.new,
        gewijzigd: summary.changed,
        ongewijzigd: summary.unchanged,
      });
    },
  },
  {
    method: 'GET',
    path: /^\/api\/toelichting$/,
    access: 'read',
    action: 'toelichting bekijken',
    handle: async (ctx) => {
      const period = await periodParam(ctx);
      const text = await ctx.deps.recipients.store.commentary(periodId(period));
      return json(200, { periode: periodId(period), label: periodLabelNl(period), tekst: text ?? '', html: text ? renderMarkdown(text) : '' });
    },
  },
  {
    method: 'POST',
    path: /^\/api\/toelichting\/voorbeeld$/,
    access: 'read',
    action: 'toelichting voorbeeld',
    handle: async (ctx) => {
      const { tekst } = bodyOf(Bodies.commentaryPreview, ctx);
      return json(200, { html: renderMarkdown(parseCommentary(tekst, 'de toelichting')) });
    },
  },
  {
    method: 'POST',
    path: /^\/api\/toelichting$/,
    access: 'write',
    action: 'toelichting vastleggen',
    object: (ctx) => field(ctx, 'periode'),
    handle: async (ctx) => {
      const b = bodyOf(Bodies.commentary, ctx);
      const period = await periodFor(b.periode, ctx.deps.now(), ctx.deps.recipients.store);
      const text = parseCommentary(b.tekst, 'de toelichting');
      await setCommentary(period, text, ctx.actor, { store: ctx.deps.recipients.store, audit: ctx.deps.audit, now: ctx.deps.now });
      return json(200, { melding: `De toelichting van ${periodLabelNl(period)} is vastgelegd (${text.length} tekens).`, html: renderMarkdown(text) });
    },
  },
  {
    method: 'GET',
    path: /^\/api\/afbeeldingen$/,
    access: 'read',
    action: 'afbeeldingen bekijken',
    handle: async (ctx) => {
      const period = await periodParam(ctx);
      const list = await listImages(period, ctx.deps.images);
      return json(200, {
        periode: periodId(period),
        label: periodLabelNl(period),
        afbeeldingen: list.map((i) => ({ id: i.id, sectie: i.section, gemeente: i.municipality, alt: i.alt, bron: i.source, breedte: i.width, hoogte: i.height, door: i.addedBy, op: i.addedAt })),
      });
    },
  },
  {
    method: 'GET',
    path: /^\/api\/afbeeldingen\/(?<period>\d{4}-\d{2})\/(?<id>[a-z0-9]{4,32})$/,
    access: 'read',
    action: 'afbeelding bekijken',
    object: (ctx) => `${ctx.params.period}/${ctx.params.id}`,
    handle: async (ctx) => {
      const record = (await ctx.deps.images.images.list(ctx.params.period ?? '')).find((i) => i.id === ctx.params.id);
      const bytes = record ? await ctx.deps.archive.find(record.key) : undefined;
      if (!record || !bytes) throw new DataMissingError('deze afbeelding bestaat niet (meer)');
      return file(bytes, record.contentType, `${record.id}.${record.contentType === 'image/png' ? 'png' : 'jpg'}`, 'inline');
    },
  },
  {
    method: 'POST',
    path: /^\/api\/afbeeldingen$/,
    access: 'write',
    action: 'afbeelding toevoegen',
    object: (ctx) => `${field(ctx, 'periode')} ${field(ctx, 'sectie') || field(ctx, 'gemeente')}`,
    handle: async (ctx) => {
      const b = bodyOf(Bodies.addImage, ctx);
      const refused = imageProblems(b, await ctx.deps.recipients.store.municipalities());
      if (refused) return refused;
      const period = await periodFor(b.periode, ctx.deps.now(), ctx.deps.recipients.store);
      const added = await addImage(
        { period, file: { name: b.bestand, bytes: new Uint8Array(Buffer.from(b.data, 'base64')) }, section: b.sectie, municipality: b.gemeente || undefined, alt: b.alt, source: b.bron, actor: ctx.actor },
        ctx.deps.images,
      );
      const scaled = added.scaledFrom ? ` Verkleind van ${added.scaledFrom.width}×${added.scaledFrom.height} tot ${added.record.width}×${added.record.height}.` : '';
      return json(201, { melding: `De afbeelding is toegevoegd aan ${periodLabelNl(period)}.${scaled}`, waarschuwingen: added.warnings });
    },
  },
  {
    method: 'POST',
    path: /^\/api\/afbeeldingen\/verwijderen$/,
    access: 'write',
    action: 'afbeelding verwijderen',
    object: (ctx) => `${field(ctx, 'periode')}/${field(ctx, 'id')}`,
    handle: async (ctx) => {
      const b = bodyOf(Bodies.removeImage, ctx);
      const period = await periodFor(b.periode, ctx.deps.now(), ctx.deps.recipients.store);
      await removeImage(period, b.id, ctx.actor, ctx.deps.images);
      return json(200, { melding: `De afbeelding is uit het rapport van ${periodLabelNl(period)} gehaald.` });
    },
  },

  // --- Rapporten --------------------------------------------------------------------------------
  {
    method: 'GET',
    path: /^\/api\/runs$/,
    access: 'read',
    action: 'runs bekijken',
    handle: async ({ deps }) => {
      const runs = await deps.log.runs();
      return json(200, {
        runs: runs.map((r) => ({
          runId: r.runId,
          periode: r.period,
          soort: r.kind,
          status: r.status,
          gestart: r.startedAt,
          klaar: r.finishedAt ?? '',
          aantallen: r.counts ?? null,
          vrijgegevenUit: r.releasedFrom ?? '',
          vrijgegevenDoor: r.releasedBy ?? '',
          problemen: r.problems ?? [],
        })),
      });
    },
  },
  {
    method: 'GET',
    path: /^\/api\/runs\/(?<runId>[^/]+)\/verzendingen$/,
    access: 'read',
    action: 'verzendingen bekijken',
    object: (ctx) => ctx.params.runId ?? '',
    handle: async ({ deps, params }) => {
      const runId = RunIdSchema.parse(params.runId);
      const run = await deps.log.run(runId);
      if (!run) throw new DataMissingError(`er is geen run ${runId}`);
      const rows = await listMessages(deps.log, [run]);
      return json(200, {
        runId,
        berichten: rows.map((m) => ({
          gemeente: m.municipality,
          verzending: m.send,
          door: m.requestedBy ?? '',
          verzondenOp: m.sentAt ?? '',
          status: m.status,
          reden: m.reason ?? '',
          sesMessageId: m.sesMessageId ?? '',
          pdf: Boolean(m.attachmentKey),
          adressen: m.recipients.map((r) => ({ email: r.email, rol: r.role, status: r.status, reden: r.reason ?? '', nietOpLijst: m.offList?.includes(r.email) ?? false })),
        })),
      });
    },
  },
  {
    method: 'GET',
    path: /^\/api\/runs\/(?<runId>[^/]+)\/pdf$/,
    access: 'read',
    action: 'pdf bekijken',
    object: (ctx) => `${ctx.params.runId} ${ctx.query.get('gemeente') ?? ''}`,
    handle: async ({ deps, params, query }) => {
      const runId = RunIdSchema.parse(params.runId);
      const wanted = (query.get('gemeente') ?? '').trim().toLocaleLowerCase('nl');
      const { ledger } = await deps.log.entries(runId);
      const record = ledger.find((d) => d.municipality.toLocaleLowerCase('nl') === wanted && d.attachmentKey);
      const pdf = record?.attachmentKey ? await deps.archive.find(record.attachmentKey) : undefined;
      if (!record || !pdf) throw new DataMissingError(`run ${runId} heeft geen PDF voor "${query.get('gemeente') ?? ''}"`);
      return file(pdf, 'application/pdf', `${runId} ${record.municipality}.pdf`, 'inline');
    },
  },
  {
    method: 'GET',
    path: /^\/api\/webeditie$/,
    access: 'read',
    action: 'webeditie openen',
    object: (ctx) => ctx.query.get('gemeente') ?? '',
    handle: async ({ deps, query, actor }) => {
      const wanted = (query.get('gemeente') ?? '').trim().toLocaleLowerCase('nl');
      const municipality = (await deps.recipients.store.municipalities()).find((m) => m.name.toLocaleLowerCase('nl') === wanted);
      if (!municipality) throw new DataMissingError(`er is geen gemeente "${query.get('gemeente') ?? ''}"; kies een gemeente uit de lijst`);
      const url = deps.readingLink ? await deps.readingLink(municipality.name, actor) : undefined;
      if (!url) throw new DataMissingError('er is geen webeditie ingesteld voor deze omgeving');
      return json(200, { url });
    },
  },
  {
    method: 'POST',
    path: /^\/api\/opnieuw$/,
    access: 'write',
    action: 'opnieuw verzenden',
    object: (ctx) => `${field(ctx, 'runId')} ${field(ctx, 'gemeente')} ${maskEmail(field(ctx, 'email'))}${field(ctx, 'alleenMislukt') === 'true' ? ' alleen mislukt' : ''}`.trim(),
    handle: async (ctx) => {
      const b = bodyOf(Bodies.resend, ctx);
      const job = await ctx.deps.jobs.resend({
        runId: b.runId,
        municipality: b.gemeente || undefined,
        to: b.email,
        onlyFailed: b.alleenMislukt,
        // The console's request id: a retried request sends nothing twice.
        requestId: `console-${ctx.requestId.replace(/[^A-Za-z0-9-]+/g, '-')}`.slice(0, 64),
        requestedBy: ctx.actor,
      });
      return job.done ? json(200, describeResend(job.result)) : json(202, { gestart: true, melding: job.queued });
    },
  },

  // --- Logboek ----------------------------------------------------------------------------------
  {
    method: 'POST',
    path: /^\/api\/logboek$/,
    access: 'read',
    action: 'logboek bekijken',
    handle: async (ctx) => {
      const filter = bodyOf(Bodies.logFilter, ctx);
      const rows = filterLog(await ctx.deps.audit.history(), filter);
      return json(200, { regels: rows.slice(0, 1000), totaal: rows.length });
    },
  },
  {
    method: 'POST',
    path: /^\/api\/logboek\/csv$/,
    access: 'read',
    action: 'logboek exporteren',
    handle: async (ctx) => {
      const filter = bodyOf(Bodies.logFilter, ctx);
      const csv = logCsv(filterLog(await ctx.deps.audit.history(), filter));
      return file(csv, 'text/csv; charset=utf-8', `logboek-${amsterdamDay(ctx.deps.now())}.csv`, 'attachment');
    },
  },
];

