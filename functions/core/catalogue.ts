import { z } from 'zod';
import catalogueJson from './catalogue/indicators.json' with { type: 'json' };
import { InvalidInputError } from './errors';
import { describeIssues } from './validation';

/**
 * How monthly values become one value for a period or a year:
 * `sum` for flows (instroom, plaatsingen), `last` for stocks (bijstandsuitkeringen),
 * `mean` for durations and rates.
 */
export const AggregationSchema = z.enum(['sum', 'last', 'mean']);
export type Aggregation = z.infer<typeof AggregationSchema>;

export const UnitSchema = z.enum(['aantal', 'percentage', 'dagen']);
export type Unit = z.infer<typeof UnitSchema>;

const IndicatorSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{3,40}$/, 'lowercase letters, digits and dashes, 3–40 long'),
    label: z.string().min(3),
    unit: UnitSchema,
    aggregation: AggregationSchema,
    higherIsBetter: z.boolean(),
    /** Small counts are hidden in a municipality's paragraph; only meaningful for counts. */
    suppress: z.boolean(),
    /** A key indicator: charted over 24 months in the report and one of the few headline figures in the mail. */
    headline: z.boolean().default(false),
    /** Organisation-wide goal per calendar year, in the indicator's unit and aggregation over the year. */
    goals: z.record(z.string().regex(/^\d{4}$/), z.number().nonnegative()),
  })
  .strict()
  .refine((i) => !(i.suppress && i.unit !== 'aantal'), {
    message: 'suppression applies to counts (unit "aantal") only',
    path: ['suppress'],
  });

export type Indicator = z.infer<typeof IndicatorSchema>;

const CatalogueSchema = z
  .object({
    version: z.number().int().positive(),
    indicators: z.array(IndicatorSchema).min(1),
  })
  .strict()
  .refine((c) => new Set(c.indicators.map((i) => i.id)).size === c.indicators.length, {
    message: 'indicator ids must be unique',
    path: ['indicators'],
  });

export type Catalogue = z.infer<typeof CatalogueSchema>;

/** Validates a catalogue; the error names the field that is wrong. */
export function parseCatalogue(input: unknown, source = 'indicators.json'): Catalogue {
  const result = CatalogueSchema.safeParse(input);
  if (!result.success) {
    const problems = describeIssues(result.error);
    throw new InvalidInputError(`${source} is not a valid indicator catalogue:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

/** The catalogue shipped with this version of rapportbode, validated once at module load. */
export const CATALOGUE: Catalogue = parseCatalogue(catalogueJson, 'functions/core/catalogue/indicators.json');
