import { type ActiveAlert, renderTemplate } from '../../alerter/index.js';
import type { RuleConfig } from '../../config/index.js';
import type { Labels } from '../../core/index.js';
import type { ExpectedAlert } from './test-file-schema.js';

/** A firing alert as a check sees it: labels without `alertname`, annotations rendered. */
export interface FiringAlert {
  readonly labels: Labels;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Labels as compared: an empty value is no label (as in Prometheus), `alertname` is the check's own. */
export function comparableLabels(labels: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).filter(([name, value]) => value !== '' && name !== 'alertname'));
}

/** `{a="1", b="2"}`, names sorted; `{}` for none. */
export function formatLabels(labels: Labels): string {
  const parts = Object.keys(labels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(labels[name])}`);
  return `{${parts.join(', ')}}`;
}

function formatAnnotations(annotations: Readonly<Record<string, string>>): string {
  return Object.entries(annotations)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(' ');
}

function sameRecord(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

/** The alerts of `rule` firing now (pending ones do not count, as in promtool), annotations rendered as now. */
export function firingAlerts(active: readonly ActiveAlert[], rule: RuleConfig): FiringAlert[] {
  return active
    .filter((alert) => alert.rule === rule.name && alert.status === 'firing')
    .map((alert) => ({
      labels: comparableLabels(alert.labels),
      annotations: Object.fromEntries(Object.entries(rule.annotations).map(([name, text]) => [name, renderTemplate(text, alert.labels, alert.value)])),
    }))
    .sort((a, b) => formatLabels(a.labels).localeCompare(formatLabels(b.labels)));
}

/** What differs between an expected alert and a firing one: labels exactly, annotations when given. */
export function alertDifferences(expected: ExpectedAlert, got: FiringAlert): string[] {
  const out: string[] = [];
  const labels = comparableLabels(expected.exp_labels);
  if (!sameRecord(labels, got.labels)) out.push(`labels: expected ${formatLabels(labels)}, got ${formatLabels(got.labels)}`);
  if (expected.exp_annotations !== undefined && !sameRecord(expected.exp_annotations, got.annotations)) {
    out.push(`annotations: expected ${formatAnnotations(expected.exp_annotations) || '(none)'}, got ${formatAnnotations(got.annotations) || '(none)'}`);
  }
  return out;
}

/** One line for an expected alert. */
export function describeExpectedAlert(expected: ExpectedAlert): string {
  const annotations = expected.exp_annotations === undefined ? '' : ` ${formatAnnotations(expected.exp_annotations)}`;
  return `${formatLabels(comparableLabels(expected.exp_labels))}${annotations}`.trimEnd();
}

/** One line for a firing alert. */
export function describeFiringAlert(alert: FiringAlert): string {
  return `${formatLabels(alert.labels)} ${formatAnnotations(alert.annotations)}`.trimEnd();
}
