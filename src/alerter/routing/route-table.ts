import type { Labels } from '../../core/index.js';
import { type LevelReceiver, RouteConfig } from '../../config/index.js';

/** A route with the key its notification groups are stored under. */
export interface KeyedRoute {
  readonly key: string;
  readonly route: RouteConfig;
}

/** What routing needs from the configuration. */
export interface RoutingSettings {
  readonly routes: readonly RouteConfig[];
  /** Rules that name their own channels: their incidents skip the routes. */
  readonly ruleChannels: ReadonlyMap<string, readonly LevelReceiver[]>;
}

/** The key of the n-th configured route (1-based when unnamed), stable across reloads that keep the order. */
export function routeKey(route: RouteConfig, index: number): string {
  return route.name ?? `route-${index + 1}`;
}

/** The route of a rule's own `channels`: first level only, default timers. */
function ruleRoute(rule: string, receivers: readonly LevelReceiver[]): KeyedRoute {
  return { key: `rule:${rule}`, route: RouteConfig.parse({ channels: { L1: receivers } }) };
}

/** The labels a route asks for are all there with the same values. */
function matches(route: RouteConfig, labels: Labels): boolean {
  return Object.entries(route.match).every(([name, value]) => labels[name] === value);
}

/** Configured routes and rule channels, answering which routes an incident takes and finding a route by key. */
export class RouteTable {
  private readonly byKey = new Map<string, KeyedRoute>();
  private readonly ordered: KeyedRoute[];

  constructor(private readonly settings: RoutingSettings) {
    this.ordered = settings.routes.map((route, index) => ({ key: routeKey(route, index), route }));
    for (const keyed of this.ordered) this.byKey.set(keyed.key, keyed);
    for (const [rule, receivers] of settings.ruleChannels) {
      const keyed = ruleRoute(rule, receivers);
      this.byKey.set(keyed.key, keyed);
    }
  }

  /** The route stored under `key`, if the configuration still has it. */
  get(key: string): KeyedRoute | undefined {
    return this.byKey.get(key);
  }

  /**
   * The routes an incident takes now: its rule's own channels when every firing alert comes from one rule
   * that names them; otherwise the configured routes in order, the first match winning unless it says
   * `continue`. `businessHours` is whether the support centre is open now.
   */
  match(labels: Labels, rules: ReadonlySet<string>, businessHours: boolean): KeyedRoute[] {
    if (rules.size === 1) {
      const [rule] = rules as Iterable<string>;
      const own = rule === undefined ? undefined : this.byKey.get(`rule:${rule}`);
      if (own !== undefined) return [own];
    }
    const taken: KeyedRoute[] = [];
    for (const keyed of this.ordered) {
      const { when } = keyed.route;
      if (when === 'business_hours' && !businessHours) continue;
      if (when === 'after_hours' && businessHours) continue;
      if (!matches(keyed.route, labels)) continue;
      taken.push(keyed);
      if (!keyed.route.continue) break;
    }
    return taken;
  }
}
