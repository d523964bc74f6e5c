import { NocError } from '../../core/index.js';
import type { ServiceConfig, ServiceMember, ServiceRequirement } from '../../config/index.js';
import { atLeast, unknownTimeline, type TimeRange } from './combine-states.js';
import type { StateTimeline } from './state-timeline.js';

/** A target as service selectors see it. */
export interface ServiceTarget {
  readonly id: string;
  readonly role: string;
  readonly site: string;
}

/** A service's history and the names (targets and services) its members resolved to. */
export interface ComposedService {
  readonly service: ServiceConfig;
  readonly members: readonly string[];
  readonly timeline: StateTimeline;
}

interface ResolvedMember {
  readonly name: string;
  readonly timeline: StateTimeline;
}

/** How many of `members` must be up: all → n, any → 1, a number k → k. */
export function requiredUp(require: ServiceRequirement, members: number): number {
  if (require === 'all') return members;
  if (require === 'any') return 1;
  return require;
}

function selects(member: Exclude<ServiceMember, string>, target: ServiceTarget): boolean {
  return (member.role === undefined || member.role === target.role) && (member.site === undefined || member.site === target.site);
}

/**
 * Every service of `services` (config order) composed over `range` from its members' timelines: a member
 * is a service name, else a target id, or a `{role, site}` selector of targets (in `targets` order). A
 * member listed twice counts once. `timelineOf` gives a target's timeline with maintenance applied, so a
 * member in maintenance makes the service `maintenance` only while the others leave it undecided.
 * Throws NocError('invalid_config') for an unknown member or services that contain each other.
 */
export function composeServices(
  services: readonly ServiceConfig[],
  targets: readonly ServiceTarget[],
  timelineOf: (targetId: string) => StateTimeline,
  range: TimeRange,
): ComposedService[] {
  const byName = new Map(services.map((service) => [service.name, service]));
  const targetIds = new Set(targets.map((target) => target.id));
  const composed = new Map<string, ComposedService>();
  const inProgress: string[] = [];

  function resolve(service: ServiceConfig, member: ServiceMember): ResolvedMember[] {
    if (typeof member !== 'string') {
      return targets.filter((target) => selects(member, target)).map((target) => ({ name: target.id, timeline: timelineOf(target.id) }));
    }
    const inner = byName.get(member);
    if (inner !== undefined) return [{ name: member, timeline: compose(inner).timeline }];
    if (targetIds.has(member)) return [{ name: member, timeline: timelineOf(member) }];
    throw new NocError('invalid_config', `services.${service.name}.members: ${JSON.stringify(member)} is neither a target id nor a service name`);
  }

  function compose(service: ServiceConfig): ComposedService {
    const done = composed.get(service.name);
    if (done !== undefined) return done;
    const loopStart = inProgress.indexOf(service.name);
    if (loopStart >= 0) {
      const cycle = [...inProgress.slice(loopStart), service.name].join(' → ');
      throw new NocError('invalid_config', `services contain each other in a cycle: ${cycle}`);
    }
    inProgress.push(service.name);
    const members = new Map<string, StateTimeline>();
    for (const member of service.members) {
      for (const { name, timeline } of resolve(service, member)) if (!members.has(name)) members.set(name, timeline);
    }
    inProgress.pop();
    const timeline = members.size === 0 ? unknownTimeline(range) : atLeast(requiredUp(service.require, members.size), [...members.values()], range);
    const result = { service, members: [...members.keys()], timeline };
    composed.set(service.name, result);
    return result;
  }

  return services.map(compose);
}
