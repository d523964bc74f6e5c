import { z } from 'zod';

// The reports as an external SLA engine consumes them. The zod schemas are the source of the published
// JSON Schemas (`GET /api/v1/reports/schema/:name`): a change that breaks a consumer bumps the version.

/** Schema id of the availability report. */
export const AVAILABILITY_REPORT_SCHEMA = 'noc.report.availability/v1';
/** Schema id of the SLA compliance report. */
export const SLA_REPORT_SCHEMA = 'noc.report.sla/v1';

const Instant = z.string().describe('ISO-8601 instant in UTC, millisecond precision');
const Seconds = z.number().min(0).describe('seconds, millisecond precision');
const OptionalSeconds = Seconds.nullable();
const OptionalPercent = z.number().nullable().describe('percent; null when nothing was measured');

/** The calendar month a report covers, in the contract's time zone: [from, to). */
export const ReportPeriod = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  timeZone: z.string(),
  from: Instant,
  to: Instant.describe('exclusive'),
  seconds: Seconds.describe('length of the month; a DST change makes it an hour shorter or longer'),
  /** End of the measured time: `to` for a month that is over, the report time for the current month. */
  measuredTo: Instant,
});
/** The calendar month a report covers. */
export type ReportPeriod = z.infer<typeof ReportPeriod>;

/** One stretch of down time, clipped to the period and outside maintenance. */
export const Outage = z.object({
  start: Instant,
  end: Instant,
  seconds: Seconds,
  /** Still down at the end of the period (or at report time for the current month). */
  ongoing: z.boolean(),
});
/** One outage. */
export type Outage = z.infer<typeof Outage>;

/** A maintenance window's part inside the period, as excluded from availability. */
export const MaintenanceSpan = z.object({
  name: z.string(),
  source: z.enum(['config', 'api']),
  start: Instant,
  end: Instant,
  seconds: Seconds,
});
/** A maintenance window's part inside the period. */
export type MaintenanceSpan = z.infer<typeof MaintenanceSpan>;

/**
 * Where the measured time went and what it means against the target. `up + down + unknown + maintenance`
 * is the measured time [from, measuredTo) of each target (summed over targets for groups). Unknown (no
 * data: the monitor or its collector was down) is neither up nor down.
 */
export const AvailabilityFigures = z.object({
  upSeconds: Seconds,
  downSeconds: Seconds,
  unknownSeconds: Seconds,
  maintenanceSeconds: Seconds,
  /** up / (up + down), in percent. */
  availabilityPercent: OptionalPercent,
  targetPercent: z.number(),
  /** Down time the target allows over the measured time outside maintenance: (1 − target) × (measured − maintenance). */
  allowedDowntimeSeconds: Seconds,
  /** allowed − down; negative when the budget is overspent. */
  errorBudgetLeftSeconds: z.number(),
  /** availability ≥ target; null when nothing was measured. */
  met: z.boolean().nullable(),
  outages: z.int().min(0),
  /** Mean time to repair: down / outages. */
  mttrSeconds: OptionalSeconds,
  /** Mean time between failures: up / outages. */
  mtbfSeconds: OptionalSeconds,
});
/** Where the period's time went and what it means against the target. */
export type AvailabilityFigures = z.infer<typeof AvailabilityFigures>;

/** One target's month. */
export const TargetAvailability = AvailabilityFigures.extend({
  target: z.string(),
  role: z.string(),
  site: z.string(),
  outageList: z.array(Outage),
  maintenanceList: z.array(MaintenanceSpan),
});
/** One target's month. */
export type TargetAvailability = z.infer<typeof TargetAvailability>;

/** Targets of one role or one site together: their seconds summed, outages counted. */
export const GroupAvailability = AvailabilityFigures.extend({
  key: z.string(),
  targets: z.int().min(0),
});
/** Targets of one role or one site together. */
export type GroupAvailability = z.infer<typeof GroupAvailability>;

/** A composed service's month (config `services`). */
export const ServiceAvailability = AvailabilityFigures.extend({
  service: z.string(),
  site: z.string().nullable(),
  /** `all`, `any`, or k. */
  require: z.union([z.literal('all'), z.literal('any'), z.int().min(1)]),
  /** The resolved member names (targets and services). */
  members: z.array(z.string()),
  outageList: z.array(Outage),
});
/** A composed service's month. */
export type ServiceAvailability = z.infer<typeof ServiceAvailability>;

/** The availability report of one month. */
export const AvailabilityReport = z.object({
  schema: z.literal(AVAILABILITY_REPORT_SCHEMA),
  generatedAt: Instant,
  period: ReportPeriod,
  /** All targets together. */
  totals: GroupAvailability,
  targets: z.array(TargetAvailability),
  roles: z.array(GroupAvailability),
  sites: z.array(GroupAvailability),
  services: z.array(ServiceAvailability),
});
/** The availability report of one month. */
export type AvailabilityReport = z.infer<typeof AvailabilityReport>;

/** One SLA clock of one incident: met, missed, or still running (pending) at report time. */
export const ClockOutcome = z.object({
  state: z.enum(['met', 'missed', 'pending']),
  due: Instant,
  allowedSeconds: Seconds,
  /** From registration to acknowledgement (attention) or resolution (solution); null while running. */
  tookSeconds: OptionalSeconds,
  /** How late (missed clocks only; for a still-running missed clock, up to report time). */
  lateSeconds: OptionalSeconds,
});
/** One SLA clock of one incident. */
export type ClockOutcome = z.infer<typeof ClockOutcome>;

/** One incident registered in the month. */
export const SlaIncident = z.object({
  number: z.string(),
  title: z.string(),
  severity: z.enum(['S1', 'S2', 'S3', 'S4']),
  site: z.string(),
  status: z.string(),
  registeredAt: Instant,
  acknowledgedAt: Instant.nullable(),
  resolvedAt: Instant.nullable(),
  attention: ClockOutcome,
  solution: ClockOutcome,
  /** Both clocks met; false when either missed; null while undecided. */
  withinSla: z.boolean().nullable(),
});
/** One incident registered in the month. */
export type SlaIncident = z.infer<typeof SlaIncident>;

/** Incidents of one severity, one site, or all. */
export const ComplianceFigures = z.object({
  key: z.string(),
  incidents: z.int().min(0),
  /** Incidents whose outcome is known (both clocks decided, or one missed). */
  decided: z.int().min(0),
  withinSla: z.int().min(0),
  attentionMissed: z.int().min(0),
  solutionMissed: z.int().min(0),
  pending: z.int().min(0),
  /** withinSla / decided, in percent. */
  compliancePercent: OptionalPercent,
  targetPercent: z.number(),
  met: z.boolean().nullable(),
});
/** Incidents of one severity, one site, or all. */
export type ComplianceFigures = z.infer<typeof ComplianceFigures>;

/** One discount and the event that caused it (auditable). */
export const PenaltyItem = z.object({
  kind: z.enum(['availability', 'compliance', 'attention_missed', 'solution_missed']),
  /** Human-readable: "availability 99.95% below 99.99% (tier: 5%)", "NOC-2026-000012 S1 attention 25 min late". */
  reason: z.string(),
  amount: z.number().min(0),
  incident: z.string().nullable(),
});
/** One discount and its cause. */
export type PenaltyItem = z.infer<typeof PenaltyItem>;

/** One site's discounts for the month. */
export const SitePenalty = z.object({
  site: z.string(),
  monthlyFee: z.number().min(0),
  availabilityPercent: OptionalPercent,
  /** The service whose availability the contract uses, or null for all the site's targets. */
  availabilityOf: z.string().nullable(),
  compliancePercent: OptionalPercent,
  items: z.array(PenaltyItem),
  totalBeforeCap: z.number().min(0),
  total: z.number().min(0),
  capped: z.boolean(),
});
/** One site's discounts for the month. */
export type SitePenalty = z.infer<typeof SitePenalty>;

/** The contract's discounts for the month. */
export const PenaltyReport = z.object({
  currency: z.string(),
  capPercent: z.number(),
  sites: z.array(SitePenalty),
  total: z.number().min(0),
});
/** The contract's discounts for the month. */
export type PenaltyReport = z.infer<typeof PenaltyReport>;

/** The SLA compliance report of one month: incidents, clocks, compliance and penalties. */
export const SlaReport = z.object({
  schema: z.literal(SLA_REPORT_SCHEMA),
  generatedAt: Instant,
  period: ReportPeriod,
  totals: ComplianceFigures,
  bySeverity: z.array(ComplianceFigures),
  bySite: z.array(ComplianceFigures),
  incidents: z.array(SlaIncident),
  /** Null when the config has no `sla.contract`. */
  penalties: PenaltyReport.nullable(),
});
/** The SLA compliance report of one month. */
export type SlaReport = z.infer<typeof SlaReport>;
