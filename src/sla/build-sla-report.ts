import type { ContractConfig } from '../config/index.js';
import { type Incident, NocError } from '../core/index.js';
import { complianceBySeverity, complianceBySite, complianceFigures } from './compliance/compliance-figures.js';
import { slaIncident } from './compliance/sla-incident.js';
import { buildPenaltyReport } from './penalties/penalty-report.js';
import type { SiteAvailability } from './penalties/site-penalty.js';
import { measuredEnd, type MonthSpan, periodOf } from './period/report-month.js';
import { SLA_REPORT_SCHEMA, type SlaReport } from './report-model.js';

/** What the SLA compliance report of one month is built from. */
export interface SlaInputs {
  readonly span: MonthSpan;
  /** Report time: clocks still running now are pending, or missed when past due. */
  readonly now: number;
  readonly generatedAt: number;
  /** Incidents registered in [span.from, span.to); others are left out. */
  readonly incidents: readonly Incident[];
  /** The site an incident counts for. */
  readonly siteOf: (incident: Incident) => string;
  /** Compliance target in percent. */
  readonly complianceTarget: number;
  /** Absent: the report has no penalties. */
  readonly contract?: ContractConfig;
  /** Availability per contract site, from the availability report. */
  readonly siteAvailability: ReadonlyMap<string, SiteAvailability>;
}

function byRegistration(a: Incident, b: Incident): number {
  return a.registeredAt - b.registeredAt || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0);
}

/**
 * The SLA compliance report of one month: every incident registered in it with its attention and solution
 * outcome at `now`, compliance in total, per severity and per site, and the contract's penalties.
 */
export function buildSlaReport(inputs: SlaInputs): SlaReport {
  const { span, now, complianceTarget } = inputs;
  for (const [field, value] of [['now', now], ['generatedAt', inputs.generatedAt], ['complianceTarget', complianceTarget]] as const) {
    if (!Number.isFinite(value)) throw new NocError('bad_request', `${field} must be a finite number, got ${String(value)}`);
  }
  const incidents = inputs.incidents
    .filter((incident) => incident.registeredAt >= span.from && incident.registeredAt < span.to)
    .sort(byRegistration)
    .map((incident) => slaIncident(incident, inputs.siteOf(incident), now));
  const bySite = complianceBySite(incidents, complianceTarget);
  return {
    schema: SLA_REPORT_SCHEMA,
    generatedAt: new Date(inputs.generatedAt).toISOString(),
    period: periodOf(span, measuredEnd(span, now)),
    totals: complianceFigures('all', incidents, complianceTarget),
    bySeverity: complianceBySeverity(incidents, complianceTarget),
    bySite,
    incidents,
    penalties:
      inputs.contract === undefined
        ? null
        : buildPenaltyReport({ contract: inputs.contract, incidents, bySite, siteAvailability: inputs.siteAvailability, now }),
  };
}
