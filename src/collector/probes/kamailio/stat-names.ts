import type { KamailioStat } from './stats-result.js';

// Groups whose every statistic can go down: memory figures, and the statistics module's script variables,
// which a script may set, decrement or reset at will.
const GAUGE_GROUPS: ReadonlySet<string> = new Set(['shmem', 'pkmem', 'script']);

// Kamailio does not say which statistics are counters; these are the levels and settings among the modules'
// own statistics. Everything else (requests, replies, transactions by class, failures…) only ever grows.
const GAUGES: ReadonlySet<string> = new Set([
  'dialog.active_dialogs',
  'dialog.early_dialogs',
  'tm.active_transactions',
  'tm.inuse_transactions',
  'tmx.active_transactions',
  'tmx.inuse_transactions',
  'pike.blocked_ips',
  'usrloc.registered_users',
  'tcp.current_opened_connections',
  'tcp.current_write_queue_size',
  'tls.opened_connections',
  'sctp.current_opened_connections',
  'sctp.current_tracked_connections',
  'registrar.default_expire',
  'registrar.default_expires_range',
  'registrar.expires_range',
  'registrar.max_contacts',
  'registrar.max_expires',
  'htable.items',
]);

/**
 * Whether a statistic is a gauge (it may go down): the memory and script groups, the known levels and
 * settings above, and usrloc's per-table `<table>_users` / `<table>_contacts`; all others are counters.
 */
export function isGaugeStat(stat: Pick<KamailioStat, 'group' | 'name'>): boolean {
  if (GAUGE_GROUPS.has(stat.group) || GAUGES.has(`${stat.group}.${stat.name}`)) return true;
  return stat.group === 'usrloc' && /_(users|contacts)$/.test(stat.name);
}

/** Lower-case snake_case made of `[a-z0-9_]`: every other character becomes `_`, runs of `_` collapse. */
export function sanitizeNamePart(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
}

/**
 * The passthrough name of a statistic: `kamailio_<group>_<name>`, sanitised; counters end in `_total`, and
 * memory `*_size` figures, which Kamailio gives in bytes, end in `_bytes`.
 */
export function passthroughName(stat: Pick<KamailioStat, 'group' | 'name'>): string {
  const base = `kamailio_${sanitizeNamePart(stat.group)}_${sanitizeNamePart(stat.name)}`.replace(/_+$/, '');
  if (isGaugeStat(stat)) return (stat.group === 'shmem' || stat.group === 'pkmem') && base.endsWith('_size') ? `${base}_bytes` : base;
  return base.endsWith('_total') ? base : `${base}_total`;
}
