import type { Config } from '../config/index.js';
import type { Clock, Incident, IncidentStore, SeriesQuerier } from '../core/index.js';
import { buildAvailabilityReport } from './availability/build-availability-report.js';
import { readUpHistory } from './availability/up-history.js';
import { buildSlaReport } from './build-sla-report.js';
import { measuredEnd, type MonthSpan, reportMonth } from './period/report-month.js';
import type { AvailabilityReport, SlaReport } from './report-model.js';

/** A maintenance window's span on one target, as the alerter's calendar lists them for reports. */
export interface MaintenanceSpanInput {
  readonly target: string;
  readonly start: number;
  readonly end: number;
  readonly name: string;
  readonly source: 'config' | 'api';
}

/** Probe kinds whose `up` says nothing about the target being reachable: an SSL Labs grade is an assessment. */
const NOT_REACHABILITY = new Set(['ssllabs']);

/** Where the reports read. */
export interface MonthlyReportsDeps {
  /** The current config (read per report, so a reload applies). */
  readonly config: () => Config;
  readonly querier: SeriesQuerier;
  /** Absent when the store keeps no incidents: the SLA report then lists none. */
  readonly incidents?: Pick<IncidentStore, 'list'>;
  /** Maintenance on each target overlapping [from, to): ends cut at cancellation, not clipped. */
  readonly maintenance: (from: number, to: number) => Promise<readonly MaintenanceSpanInput[]>;
  readonly clock: Clock;
}

/** Both reports of one month, the SLA report using the availability report's per-site figures. */
export interface MonthReports {
  readonly availability: AvailabilityReport;
  readonly sla: SlaReport;
}

/** The site an incident counts for: its `site` label, else its first affected target's site. */
export function incidentSite(incident: Incident, siteOfTarget: ReadonlyMap<string, string>): string {
  const label = incident.labels['site'];
  if (label !== undefined && label !== '') return label;
  for (const target of incident.affectedTargets) {
    const site = siteOfTarget.get(target);
    if (site !== undefined) return site;
  }
  return 'unassigned';
}

/**
 * Builds the monthly availability and SLA reports from the `up` history, the maintenance calendar and the
 * incidents, in the contract's time zone (`sla.timezone`). A month that is over gives the same numbers
 * every time: its data no longer changes and a decided SLA clock stays decided.
 */
export class MonthlyReports {
  constructor(private readonly deps: MonthlyReportsDeps) {}

  /** The month `YYYY-MM` in the contract's time zone; NocError('bad_request') when malformed. */
  span(month: string): MonthSpan {
    return reportMonth(month, this.deps.config().sla.timezone);
  }

  /** The availability report of `month`. */
  async availability(month: string): Promise<AvailabilityReport> {
    return this.availabilityOf(this.span(month), this.deps.config(), this.deps.clock.now());
  }

  /** The SLA compliance report of `month`, with the contract's penalties. */
  async sla(month: string): Promise<SlaReport> {
    return (await this.both(month)).sla;
  }

  /** Both reports of `month`, read once. */
  async both(month: string): Promise<MonthReports> {
    const config = this.deps.config();
    const span = this.span(month);
    const now = this.deps.clock.now();
    const availability = await this.availabilityOf(span, config, now);
    const sla = await this.slaOf(span, config, now, availability);
    return { availability, sla };
  }

  private async availabilityOf(span: MonthSpan, config: Config, now: number): Promise<AvailabilityReport> {
    const measuredTo = measuredEnd(span, now);
    const probes = config.targets.flatMap((target) =>
      target.probes
        .filter((probe) => !NOT_REACHABILITY.has(probe.kind))
        .map((probe) => ({ target: target.id, probe: probe.name ?? probe.kind, intervalMs: probe.interval ?? config.defaults.interval })),
    );
    const range = { from: span.from, to: measuredTo };
    const [probeTimelines, maintenance] = await Promise.all([
      measuredTo > span.from ? readUpHistory(this.deps.querier, probes, range) : Promise.resolve(new Map()),
      this.deps.maintenance(span.from, measuredTo),
    ]);
    return buildAvailabilityReport({
      span,
      measuredTo,
      generatedAt: now,
      targetPercent: config.sla.availability_target,
      targets: config.targets.map(({ id, role, site }) => ({ id, role, site })),
      probeTimelines,
      maintenance,
      services: config.services,
    });
  }

  private async slaOf(span: MonthSpan, config: Config, now: number, availability: AvailabilityReport): Promise<SlaReport> {
    const incidents = (await this.deps.incidents?.list({ from: span.from, to: span.to - 1 })) ?? [];
    const siteOfTarget = new Map(config.targets.map((target) => [target.id, target.site]));
    const siteAvailability = new Map<string, { percent: number | null; of: string | null }>();
    for (const [site, terms] of Object.entries(config.sla.contract?.sites ?? {})) {
      if (terms.service !== undefined) {
        const service = availability.services.find((entry) => entry.service === terms.service);
        siteAvailability.set(site, { percent: service?.availabilityPercent ?? null, of: terms.service });
      } else {
        const group = availability.sites.find((entry) => entry.key === site);
        siteAvailability.set(site, { percent: group?.availabilityPercent ?? null, of: null });
      }
    }
    return buildSlaReport({
      span,
      now,
      generatedAt: now,
      incidents,
      siteOf: (incident) => incidentSite(incident, siteOfTarget),
      complianceTarget: config.sla.compliance_target,
      ...(config.sla.contract === undefined ? {} : { contract: config.sla.contract }),
      siteAvailability,
    });
  }
}
