/** Where a run's outputs live in the archive: one rule, read by the run, the re-send and the console. */
export const archiveKeys = {
  pdf: (runId: string, municipalitySlug: string) => `runs/${runId}/${municipalitySlug}.pdf`,
  html: (runId: string, municipalitySlug: string) => `runs/${runId}/${municipalitySlug}.html`,
  mail: (runId: string, messageKey: string) => `runs/${runId}/mail/${messageKey.replace(/[^A-Za-z0-9-]+/g, '_')}.eml`,
  snapshot: (runId: string) => `runs/${runId}/snapshot.json`,
};
