import type { TextKey } from '../lib/i18n.js';
import type { Fold } from '../lib/aggregate-series.js';

/** One of the wall's four headline charts. */
export interface Headline {
  readonly id: 'calls' | 'registrations' | 'rtt' | 'https';
  readonly title: TextKey;
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly fold: Fold;
  readonly unit: 'count' | 'seconds';
}

/** Active calls and registrations are counted at the SBCs (every call and phone passes one exactly once). */
export const HEADLINES: readonly Headline[] = [
  { id: 'calls', title: 'chart.calls', metric: 'sip_active_dialogs', labels: { role: 'sbc' }, fold: 'sum', unit: 'count' },
  { id: 'registrations', title: 'chart.registrations', metric: 'sip_registered_contacts', labels: { role: 'sbc' }, fold: 'sum', unit: 'count' },
  { id: 'rtt', title: 'chart.rtt', metric: 'sip_options_rtt_seconds', labels: {}, fold: 'avg-max', unit: 'seconds' },
  { id: 'https', title: 'chart.https', metric: 'http_phase_seconds', labels: { phase: 'total' }, fold: 'avg-max', unit: 'seconds' },
];

/** Whether a series belongs to a headline. */
export function matches(headline: Headline, metric: string, labels: Readonly<Record<string, string>>): boolean {
  return metric === headline.metric && Object.entries(headline.labels).every(([name, value]) => labels[name] === value);
}

/** Series whose latest value the network grid shows (pair status, replication lag, certificates, grades, per-IP state). */
export const FACT_SELECTORS: readonly string[] = [
  'pair_members_up',
  'db_replication_lag_seconds',
  'tls_cert_expiry_seconds',
  'ssllabs_grade_info',
  'up{role="https"}',
];

/** Metric names of {@link FACT_SELECTORS} (plus the SBCs' active calls, shared with a headline). */
export const FACT_METRICS = new Set(['pair_members_up', 'db_replication_lag_seconds', 'tls_cert_expiry_seconds', 'ssllabs_grade_info', 'up', 'sip_active_dialogs']);
