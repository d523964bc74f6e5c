import { NocError } from '../../core/index.js';
import type { ServiceConfig } from '../../config/index.js';
import { periodOf, type MonthSpan } from '../period/report-month.js';
import {
  AVAILABILITY_REPORT_SCHEMA,
  type AvailabilityFigures,
  type AvailabilityReport,
  type GroupAvailability,
  type ServiceAvailability,
  type TargetAvailability,
} from '../report-model.js';
import { applyMaintenance, maintenanceSpans, type MaintenanceWindow } from './apply-maintenance.js';
import { figuresOf } from './availability-figures.js';
import { worstOf, type TimeRange } from './combine-states.js';
import { groupFigures } from './group-figures.js';
import { composeServices, type ServiceTarget } from './service-composition.js';
import type { StateTimeline } from './state-timeline.js';

/** Everything one month's availability report is computed from; instants in ms since the epoch. */
export interface AvailabilityInputs {
  /** The month [from, to). */
  readonly span: MonthSpan;
  /** End of measured time, within the month: its end, or the report time while it runs. */
  readonly measuredTo: number;
  readonly generatedAt: number;
  /** sla.availability_target, e.g. 99.99. */
  readonly targetPercent: number;
  readonly targets: readonly ServiceTarget[];
  /** Per target id, one timeline per counted probe over [span.from, measuredTo); a target missing here has no data. */
  readonly probeTimelines: ReadonlyMap<string, readonly StateTimeline[]>;
  readonly maintenance: readonly MaintenanceWindow[];
  readonly services: readonly ServiceConfig[];
}

function iso(at: number): string {
  return new Date(at).toISOString();
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}

/** Targets grouped under `keyOf` (a role, a site), sorted by key. */
function groupsOf(targets: readonly TargetAvailability[], keyOf: (target: TargetAvailability) => string, targetPercent: number): GroupAvailability[] {
  const members: Map<string, AvailabilityFigures[]> = groupBy(targets, keyOf);
  return [...members.keys()].sort(compareText).map((key) => groupFigures(key, members.get(key) ?? [], targetPercent));
}

/**
 * The availability report of one month: each target's history is the worst of its probes with its
 * maintenance windows excluded; roles, sites and all targets sum their targets; services compose theirs.
 * Pure: the same inputs give the same report. Throws NocError for a measuredTo outside the month and
 * NocError('invalid_config') for a service with an unknown member or a cycle of services.
 */
export function buildAvailabilityReport(inputs: AvailabilityInputs): AvailabilityReport {
  const { span, measuredTo, targetPercent } = inputs;
  if (!(measuredTo >= span.from && measuredTo <= span.to)) {
    throw new NocError('bad_request', `measuredTo must be within the month [${iso(span.from)}, ${iso(span.to)}], got ${iso(measuredTo)}`);
  }
  const range: TimeRange = { from: span.from, to: measuredTo };
  const windows = groupBy(inputs.maintenance, (window) => window.target);
  const timelines = new Map<string, StateTimeline>();
  const sortedTargets = [...inputs.targets].sort((a, b) => compareText(a.id, b.id));

  const targets = sortedTargets.map((target): TargetAvailability => {
    const targetWindows = windows.get(target.id) ?? [];
    const timeline = applyMaintenance(worstOf(inputs.probeTimelines.get(target.id) ?? [], range), targetWindows);
    timelines.set(target.id, timeline);
    const { figures, outages } = figuresOf(timeline, targetPercent);
    const maintenanceList = maintenanceSpans(targetWindows, range);
    return { target: target.id, role: target.role, site: target.site, ...figures, outageList: outages, maintenanceList };
  });

  const timelineOf = (id: string): StateTimeline => timelines.get(id) ?? [];
  const services = composeServices(inputs.services, sortedTargets, timelineOf, range).map(({ service, members, timeline }): ServiceAvailability => {
    const { figures, outages } = figuresOf(timeline, targetPercent);
    return { service: service.name, site: service.site ?? null, require: service.require, members: [...members], ...figures, outageList: outages };
  });

  return {
    schema: AVAILABILITY_REPORT_SCHEMA,
    generatedAt: iso(inputs.generatedAt),
    period: periodOf(span, measuredTo),
    totals: groupFigures('all', targets, targetPercent),
    targets,
    roles: groupsOf(targets, (target) => target.role, targetPercent),
    sites: groupsOf(targets, (target) => target.site, targetPercent),
    services,
  };
}
