import { createHash } from 'node:crypto';
import { type Labels, seriesKey } from '../../core/index.js';

/** A stable id of an alert instance: a hash of its canonical labels (which include `alertname`). */
export function alertFingerprint(labels: Labels): string {
  return createHash('sha256').update(seriesKey('ALERTS', labels)).digest('hex').slice(0, 16);
}

/** The values of a rule's `group_by` labels in an alert: what its incident is about. */
export function groupLabels(groupBy: readonly string[], labels: Labels): Labels {
  const picked: Record<string, string> = {};
  for (const name of groupBy) picked[name] = labels[name] ?? '';
  return picked;
}

/** The incident key of an alert: its rule and its {@link groupLabels}. */
export function groupKey(rule: string, group: Labels): string {
  return seriesKey(rule.replace(/[^a-zA-Z0-9_:]/g, '_'), group);
}
