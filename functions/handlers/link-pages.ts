import type { Context } from 'aws-lambda';
import { readConfig } from '../adapters/config';
import { startInvocation } from '../adapters/logger';
import { HttpApiEventSchema } from '../console/http';
import { handleLinkPage } from '../links/link-pages';
import { linkPages } from '../wiring/link-pages';
import { parseEvent } from './parse-event';

/**
 * The pages a personal link opens (`/antwoord/<token>`, …), public behind API Gateway without
 * sign-in: the link's signature (a key from Secrets Manager) is what admits a visitor. The same
 * dispatcher serves them from the console's local server.
 */
const pages = linkPages(readConfig());

export async function handler(event: unknown, context: Context) {
  startInvocation(context, { actor: 'link page' });
  return handleLinkPage(parseEvent(HttpApiEventSchema, event, 'link page request'), pages);
}
