import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { TableConfigSchema, parseEnvironment, readConfig } from '../adapters/config';
import { LambdaJobs } from '../adapters/lambda-jobs';
import { startInvocation } from '../adapters/logger';
import { createConsoleApi } from '../console/api';
import { consoleDeps } from '../wiring/console-dependencies';

/**
 * The operators' console API behind API Gateway (HTTP API, JWT authorizer): every `/api/…` route
 * of functions/console/routes.ts. A release goes to the run function and a re-send to the re-send
 * function, both invoked asynchronously: this function renders and mails nothing itself.
 */
const ConsoleConfigSchema = TableConfigSchema.extend({
  ARCHIVE_BUCKET: z.string().min(3),
  RUN_FUNCTION_NAME: z.string().min(1),
  RESEND_FUNCTION_NAME: z.string().min(1),
});

// The link settings too (LINK_PAGES_URL, WEB_URL, the key): a console user's way into the web edition.
const config = { ...readConfig(), ...parseEnvironment(ConsoleConfigSchema) };

const api = createConsoleApi(consoleDeps(config, new LambdaJobs({ run: config.RUN_FUNCTION_NAME, resend: config.RESEND_FUNCTION_NAME })));

export async function handler(event: unknown, context: Context) {
  // The operator is known only once the event's claims are read: each log line names its own actor.
  startInvocation(context, { actor: 'console' });
  return api(event);
}
