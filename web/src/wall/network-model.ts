import type { Tone } from '../lib/status-icon.js';
import type { TextKey } from '../lib/i18n.js';
import type { TargetView } from '../lib/types.js';

/** The latest value of one series. */
export interface Fact {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly t: number;
  readonly v: number;
}

/** One line under a tile's name: a figure, with its own tone when it is the reason for a warning. */
export interface TileLine {
  readonly text: string;
  readonly tone?: Tone;
}

/** A target on the wall. */
export interface Tile {
  readonly id: string;
  readonly tone: Tone;
  readonly lines: readonly TileLine[];
}

/** Tiles under one heading (a core pair, a country). */
export interface TileGroup {
  readonly key: string;
  readonly title: string;
  readonly badge?: { readonly tone: Tone; readonly text: TextKey; readonly detail: string };
  readonly tiles: readonly Tile[];
}

/** One role's block of the wall. */
export interface Section {
  readonly role: 'core' | 'sbc' | 'database' | 'https' | 'other';
  readonly title: TextKey;
  readonly groups: readonly TileGroup[];
}

/** Formatting the model needs from the screen. */
export interface NetworkContext {
  readonly now: number;
  readonly lang: string;
  readonly t: (key: TextKey) => string;
  readonly formatNumber: (value: number, unit: 'count' | 'seconds') => string;
}

const LAG_WARN_SECONDS = 30;
const CERT_WARN_DAYS = 14;
const GOOD_GRADES = new Set(['A+', 'A', 'A-']);

function toneOf(state: TargetView['state']): Tone {
  return state === 'up' ? 'up' : state === 'down' ? 'down' : 'unknown';
}

/** A tile's tone: the target's state, raised to a warning by any warning line. */
function withLines(target: TargetView, lines: TileLine[]): Tile {
  const base = toneOf(target.state);
  const tone = base === 'up' && lines.some((l) => l.tone === 'warn' || l.tone === 'down') ? 'warn' : base;
  return { id: target.target, tone, lines };
}

/** Latest fact per key, newest wins. */
function factsOf(facts: Iterable<Fact>, metric: string, test: (labels: Readonly<Record<string, string>>) => boolean): Fact[] {
  const out: Fact[] = [];
  for (const fact of facts) if (fact.metric === metric && test(fact.labels)) out.push(fact);
  return out;
}

/** Region name of a site code (`mx` → México), or the code itself for sites that are not countries. */
function siteName(site: string, lang: string): string {
  if (/^[a-z]{2}$/i.test(site)) {
    try {
      const name = new Intl.DisplayNames([lang], { type: 'region' }).of(site.toUpperCase());
      if (name && name !== site.toUpperCase()) return `${name} (${site.toUpperCase()})`;
    } catch {
      // not a region code this browser knows
    }
  }
  return site;
}

/** The pair's state from `pair_members_up` (2 healthy, 1 redundancy lost, 0 service down). */
function pairBadge(value: number | undefined): NonNullable<TileGroup['badge']> {
  if (value === undefined) return { tone: 'unknown', text: 'pair.unknown', detail: '?/2' };
  if (value >= 2) return { tone: 'up', text: 'pair.ok', detail: `${value}/2` };
  if (value === 1) return { tone: 'warn', text: 'pair.lost', detail: '1/2' };
  return { tone: 'down', text: 'pair.down', detail: '0/2' };
}

function httpsLines(target: TargetView, facts: readonly Fact[], ctx: NetworkContext): TileLine[] {
  const ips = new Set<string>();
  const mine = facts.filter((f) => f.labels.target === target.target && f.labels.ip !== undefined && f.labels.ip !== '');
  for (const fact of mine) ips.add(fact.labels.ip as string);
  const lines: TileLine[] = [];
  for (const ip of [...ips].sort()) {
    const parts: string[] = [ip];
    let tone: Tone | undefined;
    const up = mine.find((f) => f.metric === 'up' && f.labels.ip === ip);
    if (up !== undefined && up.v === 0) tone = 'down';
    const grade = mine.filter((f) => f.metric === 'ssllabs_grade_info' && f.labels.ip === ip && f.v === 1).sort((a, b) => b.t - a.t)[0]?.labels.grade;
    if (grade !== undefined) {
      parts.push(`${ctx.t('https.grade')} ${grade}`);
      if (!GOOD_GRADES.has(grade) && tone === undefined) tone = 'warn';
    }
    const expiry = mine.find((f) => f.metric === 'tls_cert_expiry_seconds' && f.labels.ip === ip);
    if (expiry !== undefined) {
      const days = Math.floor((expiry.v * 1000 - ctx.now) / 86_400_000);
      parts.push(`${ctx.t('https.cert')} ${days} ${ctx.t('https.days')}`);
      if (days < 0) tone = 'down';
      else if (days < CERT_WARN_DAYS && tone === undefined) tone = 'warn';
    }
    lines.push(tone === undefined ? { text: parts.join(' · ') } : { text: parts.join(' · '), tone });
  }
  return lines;
}

/** Tiles sorted worst first, then by id: what needs eyes comes first in its group. */
function worstFirst(a: Tile, b: Tile): number {
  const rank: Record<Tone, number> = { down: 0, warn: 1, unknown: 2, pending: 2, maint: 3, up: 4, met: 4 };
  return rank[a.tone] - rank[b.tone] || a.id.localeCompare(b.id, 'en', { numeric: true });
}

/** The wall's network: cores by pair, SBCs by country, databases, HTTPS servers, the rest. */
export function buildNetwork(targets: Iterable<TargetView>, facts: Iterable<Fact>, ctx: NetworkContext): Section[] {
  const all = [...targets];
  const factList = [...facts];
  const byRole = (role: string) => all.filter((t) => t.role === role);
  const sections: Section[] = [];

  const cores = byRole('core');
  if (cores.length > 0) {
    const groups = new Map<string, TargetView[]>();
    for (const core of cores) {
      const key = core.pair === undefined ? core.target : [core.target, core.pair].sort().join('+');
      groups.set(key, [...(groups.get(key) ?? []), core]);
    }
    sections.push({
      role: 'core',
      title: 'role.core',
      groups: [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, members]) => {
        const pairFact = factsOf(factList, 'pair_members_up', (l) => l.pair === key)[0];
        const tiles = members.map((m) => withLines(m, [])).sort(worstFirst);
        return key.includes('+')
          ? { key, title: key.replace('+', ' + '), badge: pairBadge(pairFact?.v), tiles }
          : { key, title: key, tiles };
      }),
    });
  }

  const sbcs = byRole('sbc');
  if (sbcs.length > 0) {
    const sites = [...new Set(sbcs.map((s) => s.site))].sort();
    sections.push({
      role: 'sbc',
      title: 'role.sbc',
      groups: sites.map((site) => ({
        key: site,
        title: siteName(site, ctx.lang),
        tiles: sbcs
          .filter((s) => s.site === site)
          .map((sbc) => {
            const calls = factsOf(factList, 'sip_active_dialogs', (l) => l.target === sbc.target).reduce((sum, f) => sum + f.v, 0);
            const hasCalls = factList.some((f) => f.metric === 'sip_active_dialogs' && f.labels.target === sbc.target);
            return withLines(sbc, hasCalls ? [{ text: `${ctx.formatNumber(calls, 'count')} ${ctx.t('sbc.calls')}` }] : []);
          })
          .sort(worstFirst),
      })),
    });
  }

  const databases = byRole('database');
  if (databases.length > 0) {
    sections.push({
      role: 'database',
      title: 'role.database',
      groups: [
        {
          key: 'db',
          title: '',
          tiles: databases
            .map((db) => {
              const lag = factsOf(factList, 'db_replication_lag_seconds', (l) => l.target === db.target)[0];
              if (lag === undefined) return withLines(db, []);
              const line: TileLine = { text: `${ctx.t('db.lag')} ${ctx.formatNumber(lag.v, 'seconds')}` };
              return withLines(db, [lag.v > LAG_WARN_SECONDS ? { ...line, tone: 'warn' } : line]);
            })
            .sort(worstFirst),
        },
      ],
    });
  }

  const https = byRole('https');
  if (https.length > 0) {
    sections.push({
      role: 'https',
      title: 'role.https',
      groups: [{ key: 'https', title: '', tiles: https.map((site) => withLines(site, httpsLines(site, factList, ctx))).sort(worstFirst) }],
    });
  }

  const known = new Set(['core', 'sbc', 'database', 'https']);
  const others = all.filter((t) => !known.has(t.role));
  if (others.length > 0) {
    sections.push({ role: 'other', title: 'role.other', groups: [{ key: 'other', title: '', tiles: others.map((t) => withLines(t, [])).sort(worstFirst) }] });
  }
  return sections;
}
