import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { operatorMessage } from '../../functions/cli/error-message';
import { InvalidInputError } from '../../functions/core/errors';
import { EmailSchema } from '../../functions/core/recipient-validation';

/** What an operator reads: one line, Dutch, no stack. */
function line(error: unknown): string {
  const { message } = operatorMessage(error);
  expect(message).not.toMatch(/\n\s+at /);
  return message;
}

describe('the message an operator reads for an error', () => {
  it("is rapportbode's own message for an error it raised on purpose", () => {
    expect(operatorMessage(new InvalidInputError('de periode 2026-10 begint in een even maand'))).toEqual({ message: 'de periode 2026-10 begint in een even maand', expected: true });
  });

  it('says which value a schema refused, with its line break shown, on one line', () => {
    const error = (() => {
      try {
        EmailSchema.parse('a@b.nl\r\nBcc: x@y.nl');
      } catch (e) {
        return e;
      }
    })();
    const message = line(error);
    expect(message).toBe(
      'ongeldige invoer: het adres "a@b.nl\\r\\nBcc: x@y.nl" bevat een regeleinde of een ander stuurteken; geef één kaal adres, zoals naam@gemeente.nl. Verbeter de waarde en voer het commando opnieuw uit.',
    );
    expect(message).not.toContain('\n');
  });

  it('names the field of a schema error with a path', () => {
    const result = z.object({ period: z.string().regex(/^\d{4}-\d{2}$/, 'geen periode') }).safeParse({ period: 'sep' });
    expect(line(result.error)).toBe('ongeldige invoer: period: geen periode. Verbeter de waarde en voer het commando opnieuw uit.');
  });

  it('says a path does not exist, or cannot be written, and what to do', () => {
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open '/missing/x.csv'"), { code: 'ENOENT', syscall: 'open', path: '/missing/x.csv' });
    const eacces = Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'open', path: '/root/x.csv' });
    expect(line(enoent)).toBe('/missing/x.csv bestaat niet (of een map in het pad bestaat niet); controleer het pad en voer het commando opnieuw uit.');
    expect(line(eacces)).toContain('geen toegang tot /root/x.csv');
  });

  it('says an endpoint does not answer, also when the SDK wraps the error', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED', syscall: 'connect', address: '127.0.0.1', port: 4566 });
    const wrapped = Object.assign(new Error('fetch failed', { cause: new AggregateError([refused]) }), { $metadata: {} });
    expect(line(wrapped)).toContain('geen verbinding met 127.0.0.1:4566: daar luistert niets');
  });

  it('says AWS refused a request, with the code, and where to look', () => {
    const refused = Object.assign(new Error('Bad Request Exception'), { name: 'BadRequestException', $metadata: { httpStatusCode: 400 } });
    expect(line(refused)).toBe(
      'AWS weigerde een verzoek (BadRequestException, HTTP 400: Bad Request Exception); controleer de AWS_ENDPOINT_URL_*-variabelen, de regio en de rechten van de inloggegevens, en voer het commando opnieuw uit.',
    );
  });

  it('calls anything else a fault of rapportbode, in one line, and says how to see the details', () => {
    const { message, expected } = operatorMessage(new TypeError("Cannot read properties of undefined (reading 'x')\n    at foo (bar.ts:1:1)"));
    expect(expected).toBe(false);
    expect(message).toBe(
      "onverwachte fout (TypeError: Cannot read properties of undefined (reading 'x')). Dit is waarschijnlijk een fout in rapportbode: voer het commando opnieuw uit met RAPPORTBODE_DEBUG=1 voor de details en meld die.",
    );
  });
});
