/** Base of every error rapportbode raises on purpose; the message is meant for an operator. */
export class RapportbodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An outside input (CLI argument, event, config, file) did not pass validation. */
export class InvalidInputError extends RapportbodeError {}

/** The data needed for a run is not there (no figures, unknown municipality, …). */
export class DataMissingError extends RapportbodeError {}

