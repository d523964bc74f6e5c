import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { SEVERITIES, SelectorSyntaxError, parseSelector, type SeriesSelector } from '../../core/index.js';
import { Duration } from './duration.js';
import { LabelSet } from './labels.js';
import { Name, TargetId } from './names.js';
import { discriminatedRegistry } from './discriminated-registry.js';

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

/** An incident severity. */
export const SeverityName = z.enum(SEVERITIES as ['S1', 'S2', 'S3', 'S4']);

/** A comparison of a threshold rule. */
export const ComparisonOp = z.enum(['>', '>=', '<', '<=', '==', '!=']);
/** A comparison of a threshold rule. */
export type ComparisonOp = DeepReadonly<z.infer<typeof ComparisonOp>>;

const RuleCommon = z.strictObject({
  name: Name,
  select: Selector,
  /** How long the condition must hold before the alert fires. */
  for: Duration.default(0),
  severity: SeverityName,
  labels: LabelSet.default({}),
  annotations: z.record(z.string(), z.string()).default({}),
  /** Restricts the rule to these targets. */
  targets: z.array(TargetId).optional(),
  /** Notifies these channels instead of the routes. */
  channels: z.array(Name).optional(),
});

/** The kinds of alerting rule and their extra fields. */
export const RULE_KINDS = {
  threshold: RuleCommon.extend({ kind: z.literal('threshold'), op: ComparisonOp, value: z.number() }),
  absent: RuleCommon.extend({ kind: z.literal('absent') }),
  anomaly: RuleCommon.extend({ kind: z.literal('anomaly'), op: ComparisonOp.optional(), value: z.number().optional() }),
  forecast: RuleCommon.extend({ kind: z.literal('forecast'), op: ComparisonOp.optional(), value: z.number().optional() }),
  change: RuleCommon.extend({ kind: z.literal('change'), op: ComparisonOp.optional(), value: z.number().optional() }),
};

/** An alerting rule. */
export const RuleConfig = discriminatedRegistry('rule', RULE_KINDS);
/** An alerting rule. */
export type RuleConfig = DeepReadonly<z.infer<typeof RuleConfig>>;
