import type { LatestSample, SeriesQuerier } from '../../core/index.js';
import type { TargetConfig } from '../../config/index.js';
import { LATEST_LOOKBACK_MS } from '../rules/threshold.js';

/**
 * What a target needs in order to work: one of its `depends_on` targets, together with that target's
 * redundant `pair` if it has one. A unit is down only when all its members are down, so losing one core
 * of an active-active pair explains nothing about the SBCs, and losing both explains everything.
 */
export interface DependencyUnit {
  /** The members' ids, sorted and joined by `+`: for a pair, the `pair` label of its `pair_members_up`. */
  readonly key: string;
  readonly members: readonly string[];
}

/** Where a target's dependencies stand at one evaluation. */
export type DependencyVerdict =
  | { readonly kind: 'clear' }
  /** A unit it depends on is down: its alerts belong to that outage. */
  | { readonly kind: 'down'; readonly unit: DependencyUnit }
  /** A unit it depends on came back at `since`: its alerts wait out the hold. */
  | { readonly kind: 'recovering'; readonly unit: DependencyUnit; readonly since: number };

type Targets = readonly Pick<TargetConfig, 'id' | 'pair' | 'depends_on'>[];

/** Each target's dependency units, from the config's `depends_on` and `pair`. */
export function dependencyUnits(targets: Targets): Map<string, DependencyUnit[]> {
  const pairOf = new Map(targets.flatMap((t) => (t.pair === undefined ? [] : [[t.id, t.pair] as const])));
  const units = new Map<string, DependencyUnit[]>();
  for (const target of targets) {
    const byKey = new Map<string, DependencyUnit>();
    for (const parent of target.depends_on) {
      const pair = pairOf.get(parent);
      const members = (pair === undefined ? [parent] : [parent, pair]).sort();
      const key = members.join('+');
      byKey.set(key, { key, members });
    }
    if (byKey.size > 0) units.set(target.id, [...byKey.values()]);
  }
  return units;
}

/** A target is down when any of its probes' `up` (the per-probe series, `ip=""`) is 0, as the collector judges it. */
function downTargets(samples: readonly LatestSample[]): Set<string> {
  const down = new Set<string>();
  for (const sample of samples) if (sample.v === 0 && sample.labels.target !== undefined) down.add(sample.labels.target);
  return down;
}

/**
 * Follows the units that targets depend on across evaluations: which are down now, and when each last
 * came back. Reads the `up` series, so it judges the parents exactly as the collector wrote them.
 */
export class DependencyTracker {
  private units = new Map<string, DependencyUnit[]>();
  private parents: string[] = [];
  private readonly down = new Set<string>();
  private readonly recoveredAt = new Map<string, number>();

  /** Takes the targets' dependencies (at start and on every reload). */
  configure(targets: Targets): void {
    this.units = dependencyUnits(targets);
    this.parents = [...new Set([...this.units.values()].flatMap((units) => units.flatMap((unit) => unit.members)))].sort();
  }

  /** Reads the parents' `up` at `at` and records which units went down or came back. */
  async observe(querier: SeriesQuerier, at: number): Promise<void> {
    if (this.parents.length === 0) return;
    const pattern = this.parents.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    const latest = await querier.latest(
      { metric: 'up', matchers: [{ name: 'target', op: '=~', value: pattern }, { name: 'ip', op: '=', value: '' }] },
      { at, lookback: LATEST_LOOKBACK_MS },
    );
    const downNow = downTargets(latest);
    const seen = new Set<string>();
    for (const units of this.units.values()) {
      for (const unit of units) {
        if (seen.has(unit.key)) continue;
        seen.add(unit.key);
        const isDown = unit.members.every((member) => downNow.has(member));
        if (isDown) this.down.add(unit.key);
        else if (this.down.delete(unit.key)) this.recoveredAt.set(unit.key, at);
      }
    }
  }

  /** Where `target`'s dependencies stand; `holdMs` is how long after a recovery its alerts still wait. */
  verdict(target: string | undefined, at: number, holdMs: number): DependencyVerdict {
    if (target === undefined) return { kind: 'clear' };
    const units = this.units.get(target) ?? [];
    const down = units.find((unit) => this.down.has(unit.key));
    if (down !== undefined) return { kind: 'down', unit: down };
    for (const unit of units) {
      const since = this.recoveredAt.get(unit.key);
      if (since !== undefined && at - since < holdMs) return { kind: 'recovering', unit, since };
    }
    return { kind: 'clear' };
  }
}
