import { testOrganisation } from '../support/organisation';
import { describeSubtractionAttack } from './subtraction-runs';

/**
 * Every PDF of every run of the demo, every municipality receiving, so nothing stays unpublished by
 * accident. The organisation whose small municipality gets no report: subtraction-opted-out.test.ts.
 */
const demo = testOrganisation();
describeSubtractionAttack('the demo, every municipality receiving', { ...demo, municipalities: demo.municipalities.map((m) => ({ ...m, optedOut: false })) });
