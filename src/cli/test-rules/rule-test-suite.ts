import type { IncidentsSettings } from '../../alerter/index.js';
import type { RuleConfig } from '../../config/index.js';
import type { DslSeries } from '../../core/index.js';
import type { ExpectedAlert, ExpectedIncident } from './test-file-schema.js';

/** The rules under test and the settings their incidents are opened with. */
export interface RuleSet {
  readonly rules: readonly RuleConfig[];
  /** sla and incidents of the first rule file; the targets of all of them. */
  readonly settings: IncidentsSettings;
}

/** One input series with its values per step (undefined = no sample). */
export interface InputSeriesData {
  readonly series: DslSeries;
  readonly values: readonly (number | undefined)[];
}

/** Fields every check has. */
interface CheckBase {
  /** `FILE:LINE:COL` of the check in the test file. */
  readonly where: string;
  /** ms from the test's start. */
  readonly evalTime: number;
}

/** The firing alerts of one rule at one time. */
export interface AlertCheck extends CheckBase {
  readonly kind: 'alerts';
  readonly alertname: string;
  readonly expected: readonly ExpectedAlert[];
}

/** The incidents opened up to one time, of one rule or of all. */
export interface IncidentCheck extends CheckBase {
  readonly kind: 'incidents';
  readonly alertname?: string;
  readonly expected: readonly ExpectedIncident[];
}

/** Something a test checks after an evaluation. */
export type RuleTestCheck = AlertCheck | IncidentCheck;

/** One test, ready to run. */
export interface RuleTestCase {
  readonly name: string;
  /** `FILE:LINE:COL` of the test in the test file. */
  readonly where: string;
  /** ms since the epoch of t = 0. */
  readonly start: number;
  /** Step of the input series, ms. */
  readonly interval: number;
  readonly series: readonly InputSeriesData[];
  /** In eval_time order. */
  readonly checks: readonly RuleTestCheck[];
}

/** A validated test file with its rules loaded. */
export interface RuleTestSuite {
  readonly file: string;
  readonly evaluationInterval: number;
  readonly ruleSet: RuleSet;
  readonly tests: readonly RuleTestCase[];
}
