import { z } from 'zod';
import { Duration, LabelSet, PositiveDuration, SeverityName } from '../../config/index.js';
import { INCIDENT_STATUSES, parseDslSeries, parseDslValues, SUPPORT_LEVELS, type DslSeries } from '../../core/index.js';

/** The default of `evaluation_interval`, as promtool's. */
export const DEFAULT_EVALUATION_INTERVAL_MS = 15_000;

/** A series in the DSL's `metric{name="value"}` form, parsed. */
const SeriesName = z.string().transform((text, ctx): DslSeries => {
  try {
    return parseDslSeries(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/**
 * Values in the series DSL (`1 1 0 0x10 _ 1+1x5`), expanded; undefined = no sample at that step. The
 * loader hands over a lone number as written, since YAML would read `0x10` as sixteen.
 */
const SeriesValues = z.string().transform((text, ctx): (number | undefined)[] => {
  try {
    return parseDslValues(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

// A clock reading with its zone, so a test means the same instant on every machine that runs it.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 instant with its zone (`2026-01-05T10:00:00Z`), as ms since the epoch. */
const Instant = z.string().transform((text, ctx): number => {
  const ms = ISO_INSTANT.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `expected an ISO-8601 time with its zone such as 2026-01-05T10:00:00Z, got ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  return ms;
});

/** One input series of a test. */
export const InputSeries = z.strictObject({ series: SeriesName, values: SeriesValues });

/** A firing alert a test expects. */
export const ExpectedAlert = z.strictObject({
  /** The alert's labels without `alertname` (implied by the check); empty values mean "no such label". */
  exp_labels: LabelSet.refine((labels) => !('alertname' in labels), { message: 'alertname is the check\'s alertname; leave it out of exp_labels' }).default({}),
  /** The rendered annotations, all of them; not compared when absent. */
  exp_annotations: z.record(z.string(), z.string()).optional(),
});
/** A firing alert a test expects. */
export type ExpectedAlert = z.infer<typeof ExpectedAlert>;

/** The firing alerts of one rule at one time. */
export const AlertRuleTest = z.strictObject({
  eval_time: Duration,
  alertname: z.string().min(1),
  /** Every firing alert of the rule at `eval_time`; empty or absent = none may fire. */
  exp_alerts: z.array(ExpectedAlert).default([]),
});

/** An incident a test expects; only the fields given are compared. */
export const ExpectedIncident = z.strictObject({
  title: z.string().optional(),
  description: z.string().optional(),
  severity: SeverityName.optional(),
  status: z.enum(INCIDENT_STATUSES as ['registered', 'diagnosing', 'resolved', 'closed']).optional(),
  level: z.enum(SUPPORT_LEVELS as ['L1', 'L2', 'L3']).optional(),
  labels: LabelSet.optional(),
  affected_targets: z.array(z.string()).optional(),
  affected_users: z.int({ error: 'expected a whole number' }).min(0, { message: 'must be at least 0' }).optional(),
  /** When the condition began, from the test's start. */
  occurred_at: Duration.optional(),
  /** When the incident recovered, from the test's start. */
  resolved_at: Duration.optional(),
});
/** An incident a test expects. */
export type ExpectedIncident = z.infer<typeof ExpectedIncident>;

/** The incidents the rules opened up to one time. */
export const IncidentTest = z.strictObject({
  eval_time: Duration,
  /** Only the incidents of this rule; absent = of every rule. */
  alertname: z.string().min(1).optional(),
  /** Every such incident, whatever its status; empty or absent = none was opened. */
  exp_incidents: z.array(ExpectedIncident).default([]),
});

/** One test: input series, then what must hold at given times. */
export const RuleTest = z
  .strictObject({
    name: z.string().min(1),
    /** Step of the input series; default the file's evaluation_interval. */
    interval: PositiveDuration.optional(),
    /** The instant of t = 0; default the Unix epoch, as promtool's. */
    start: Instant.default(0),
    input_series: z.array(InputSeries).default([]),
    alert_rule_test: z.array(AlertRuleTest).default([]),
    incident_test: z.array(IncidentTest).default([]),
  })
  .refine((test) => test.alert_rule_test.length + test.incident_test.length > 0, {
    message: 'a test needs at least one alert_rule_test or incident_test: without one it checks nothing',
  });
/** One test, parsed. */
export type RuleTest = z.infer<typeof RuleTest>;

/** A rule test file (after promtool's): the config files whose rules are tested, and the tests. */
export const RuleTestFile = z.strictObject({
  /** NOC config files, relative to the test file; their rules are tested on one schedule. */
  rule_files: z.array(z.string().min(1)).min(1),
  /** Every rule is evaluated at each multiple of this from t = 0 (a rule's own interval is ignored). */
  evaluation_interval: PositiveDuration.default(DEFAULT_EVALUATION_INTERVAL_MS),
  tests: z.array(RuleTest).min(1),
});
/** A rule test file, parsed. */
export type RuleTestFile = z.infer<typeof RuleTestFile>;
