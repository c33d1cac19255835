import { type ReleaseDeps, releaseRun } from '../usecases/release';
import { type ResendDeps, resendReport } from '../usecases/resend';
import type { ConsoleJobs } from './ports';

/**
 * The console's long work run in its own process, awaited: what the local console does (one
 * operator, no API Gateway in between), so the page shows the outcome as soon as it is there.
 */
export function inProcessJobs(deps: { release: ReleaseDeps; resend: ResendDeps }): ConsoleJobs {
  return {
    release: async (runId, releasedBy, options) => ({ done: true, result: await releaseRun(runId, releasedBy, deps.release, options) }),
    resend: async (request) => ({ done: true, result: await resendReport(request, deps.resend) }),
  };
}
