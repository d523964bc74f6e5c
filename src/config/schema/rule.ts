import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { SEVERITIES, SelectorSyntaxError, alertMatchersFromText, type LabelMatcher, parseSelector, type SeriesSelector } from '../../core/index.js';
import { Duration, PositiveDuration } from './duration.js';
import { LabelSet } from './labels.js';
import { Name, TargetId } from './names.js';
import { discriminatedRegistry } from './discriminated-registry.js';
import { InterruptionLevel } from './sla.js';

/** A PromQL-style series selector, parsed (and its regexes compiled once) at load. */
export const Selector = z.string().transform((text, ctx): SeriesSelector => {
  try {
    return parseSelector(text);
  } catch (error) {
    if (!(error instanceof SelectorSyntaxError)) throw error;
    ctx.addIssue({ code: 'custom', message: `bad selector: ${error.message}` });
    return z.NEVER;
  }
});

/** Matchers on alert labels, written as a selector: `{role="sbc"}`, or `target_down{site="mx"}` for an alertname. */
export const AlertMatchers = z.string().transform((text, ctx): LabelMatcher[] => {
  try {
    return alertMatchersFromText(text);
  } catch (error) {
    if (!(error instanceof SelectorSyntaxError)) throw error;
    ctx.addIssue({ code: 'custom', message: `bad matchers: ${error.message}` });
    return z.NEVER;
  }
});

/** An incident severity. */
export const SeverityName = z.enum(SEVERITIES as ['S1', 'S2', 'S3', 'S4']);

/** A comparison of a threshold rule. */
export const ComparisonOp = z.enum(['>', '>=', '<', '<=', '==', '!=']);
/** A comparison of a threshold rule. */
export type ComparisonOp = DeepReadonly<z.infer<typeof ComparisonOp>>;

/** Prometheus-style names of the labels an incident groups alerts by. */
const LabelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, { message: 'expected a label name such as site or target' });

/** "n of the last m evaluations": the condition counts only when it held in at least n of the last m. */
export const NOfM = z
  .strictObject({
    n: z.int({ error: 'expected a whole number' }).min(1, { message: 'must be at least 1' }),
    m: z.int({ error: 'expected a whole number' }).min(1, { message: 'must be at least 1' }).max(100, { message: 'must be at most 100' }),
  })
  .refine((nm) => nm.n <= nm.m, { message: 'n must not exceed m' });

/**
 * While an alert of the rule fires, alerts matching `target` (and equal on the `equal` labels) are inhibited,
 * as in Alertmanager: they open no incident of their own and join the inhibiting alert's incident instead.
 */
export const InhibitEntry = z.strictObject({
  target: AlertMatchers,
  /** Only the rule's alerts that also match these inhibit. */
  source: AlertMatchers.optional(),
  /** Labels whose values must be the same in both alerts (an absent label counts as empty). */
  equal: z.array(LabelName).default([]),
});

const RuleCommon = z.strictObject({
  name: Name,
  select: Selector,
  /** How often the rule is evaluated; rules with the same interval share a ticker. */
  interval: PositiveDuration.default(15_000),
  /** How long the condition must hold before the alert fires. */
  for: Duration.default(0),
  /** How long an alert keeps firing after its condition stops (Prometheus `keep_firing_for`). */
  keep_firing_for: Duration.default(0),
  n_of_m: NOfM.optional(),
  severity: SeverityName,
  /** How much of the service the alert means is lost: the severity matrix may then raise `severity` for the users affected. */
  interruption: InterruptionLevel.optional(),
  labels: LabelSet.default({}),
  annotations: z.record(z.string(), z.string()).default({}),
  /** Alerts with the same values of these labels share one incident. */
  group_by: z.array(LabelName).default(['target']),
  /** Restricts the rule to these targets. */
  targets: z.array(TargetId).optional(),
  /** Notifies these channels instead of the routes. */
  channels: z.array(Name).optional(),
  inhibit: z.array(InhibitEntry).default([]),
});

/** How a threshold rule reduces a window of each series before comparing. */
export const WindowFunction = z.enum(['avg', 'min', 'max', 'rate', 'increase', 'delta'], {
  error: 'expected avg, min, max, rate, increase or delta',
});
/** How a threshold rule reduces a window of each series before comparing. */
export type WindowFunction = z.infer<typeof WindowFunction>;

const Aggregate = z.strictObject({ fn: WindowFunction, window: PositiveDuration });

/** Which side of the baseline counts as atypical. */
export const AnomalyDirection = z.enum(['above', 'below', 'both'], { error: 'expected above, below or both' });

/** The kinds of alerting rule and their extra fields. */
export const RULE_KINDS = {
  threshold: RuleCommon.extend({
    kind: z.literal('threshold'),
    op: ComparisonOp,
    value: z.number(),
    /** Hysteresis: a firing alert clears only once the value passes this (the other side of `value`). */
    clear_value: z.number().optional(),
    /** Compare a function of the last `window` of each series instead of its latest value. */
    aggregate: Aggregate.optional(),
    /**
     * The series holds a Unix time in seconds (a certificate's notAfter): compare the seconds left until
     * it, negative once past, as PromQL's `metric - time()`.
     */
    time_left: z.boolean().default(false),
  }).refine((rule) => !(rule.time_left && rule.aggregate !== undefined), { message: 'time_left compares the latest value; it cannot be combined with aggregate', path: ['time_left'] }),
  absent: RuleCommon.extend({
    kind: z.literal('absent'),
    /** No sample for this long counts as absent (a silent collector is not "up"). */
    window: PositiveDuration.default(5 * 60_000),
  }),
  anomaly: RuleCommon.extend({
    kind: z.literal('anomaly'),
    baseline: z.enum(['rolling', 'same_hour_of_week', 'both'], { error: 'expected rolling, same_hour_of_week or both' }).default('both'),
    /** The rolling baseline's length. */
    window: PositiveDuration.default(60 * 60_000),
    /** How many past weeks the same-hour-of-week baseline reads. */
    weeks: z.int({ error: 'expected a whole number' }).min(1, { message: 'must be at least 1' }).max(12, { message: 'must be at most 12' }).default(4),
    /** Robust deviations (median/MAD) beyond which a value is atypical. */
    k: z.number().positive({ message: 'must be above 0' }).default(3),
    direction: AnomalyDirection.default('both'),
    /** Fewest baseline points before the rule may fire. */
    min_points: z.int({ error: 'expected a whole number' }).min(3, { message: 'must be at least 3' }).default(20),
  }),
  forecast: RuleCommon.extend({
    kind: z.literal('forecast'),
    /** Fires when the linear fit over `window` reaches `value` (by `op`) within `horizon`. */
    op: ComparisonOp,
    value: z.number(),
    window: PositiveDuration.default(60 * 60_000),
    horizon: PositiveDuration,
  }),
  change: RuleCommon.extend({
    kind: z.literal('change'),
    /** Watch this label of the series (e.g. grade of an info series) instead of the value. */
    label: LabelName.optional(),
    /** For values: fire on any change, or only on a rise or a drop. */
    direction: z.enum(['any', 'up', 'down'], { error: 'expected any, up or down' }).default('any'),
    /** How long after a change the alert keeps firing unless the value changes again. */
    hold: PositiveDuration.default(60 * 60_000),
  }),
};

/** An alerting rule. */
export const RuleConfig = discriminatedRegistry('rule', RULE_KINDS);
/** An alerting rule. */
export type RuleConfig = DeepReadonly<z.infer<typeof RuleConfig>>;
