import { smallOptedOutOrganisation } from '../../functions/bench/suppression-compare';
import { describeSubtractionAttack } from './subtraction-runs';

/**
 * Every PDF of every run of the generated organisation of issue 25, whose small municipality gets no
 * report: its values are unknown to the attacker, and checked against their true values.
 */
describeSubtractionAttack('the generated organisation of issue 25, its small municipality receiving nothing', smallOptedOutOrganisation());
