import type { Measurement } from '../../probe.js';
import { passthroughName } from './stat-names.js';
import type { KamailioStat } from './stats-result.js';

/** The `groups` entry that passes every group through. */
export const ALL_GROUPS = 'all';

const CODE_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx', '6xx'] as const;
// tmx owns the transaction statistics since Kamailio 4; older versions kept them under tm.
const TRANSACTION_GROUPS = ['tmx', 'tm'] as const;

type StatIndex = ReadonlyMap<string, number>;

function indexStats(stats: readonly KamailioStat[]): StatIndex {
  const index = new Map<string, number>();
  for (const stat of stats) {
    const key = `${stat.group}.${stat.name}`;
    if (!index.has(key)) index.set(key, stat.value);
  }
  return index;
}

function firstOf(index: StatIndex, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = index.get(key);
    if (value !== undefined) return value;
  }
  return undefined;
}

// Contacts across every usrloc table (`location_contacts`, `aliases_contacts`…); registered_users, which
// counts addresses of record rather than contacts, only when no table reports.
function registeredContacts(stats: readonly KamailioStat[], index: StatIndex): number | undefined {
  const tables = stats.filter((stat) => stat.group === 'usrloc' && stat.name.endsWith('_contacts'));
  if (tables.length > 0) return tables.reduce((sum, stat) => sum + stat.value, 0);
  return index.get('usrloc.registered_users');
}

/** The platform's own SIP metrics (`sip_*`) read from Kamailio's statistics; absent statistics give none. */
export function sipMeasurements(stats: readonly KamailioStat[]): Measurement[] {
  const index = indexStats(stats);
  const out: Measurement[] = [];
  const add = (metric: string, value: number | undefined, labels?: Measurement['labels']): void => {
    if (value !== undefined) out.push(labels === undefined ? { metric, value } : { metric, labels, value });
  };
  add('sip_active_dialogs', index.get('dialog.active_dialogs'));
  add('sip_registered_contacts', registeredContacts(stats, index));
  add('sip_active_transactions', firstOf(index, TRANSACTION_GROUPS.map((group) => `${group}.active_transactions`)));
  for (const codeClass of CODE_CLASSES) {
    const keys = TRANSACTION_GROUPS.map((group) => `${group}.${codeClass}_transactions`);
    add('sip_transactions_total', firstOf(index, keys), { code_class: codeClass });
  }
  add('sip_blocked_sources', firstOf(index, ['pike.blocked_ips', 'script.pike_blocked']));
  return out;
}

/** The statistics of the chosen groups under `kamailio_<group>_<name>` names; a name taken twice keeps its first. */
export function passthroughMeasurements(stats: readonly KamailioStat[], groups: readonly string[]): Measurement[] {
  const all = groups.includes(ALL_GROUPS);
  const wanted = new Set(groups);
  const seen = new Set<string>();
  const out: Measurement[] = [];
  for (const stat of stats) {
    if (!all && !wanted.has(stat.group)) continue;
    const metric = passthroughName(stat);
    if (seen.has(metric)) continue;
    seen.add(metric);
    out.push({ metric, value: stat.value });
  }
  return out;
}
