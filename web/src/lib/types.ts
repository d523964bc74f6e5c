// Shapes of the JSON the HTTP API and the live stream send (README "HTTP API", dashboard stream contract).

/** `up` / `down` / `unknown`, as the collector reports a target or a probe. */
export type ProbeState = 'up' | 'down' | 'unknown';

/** One probe of a target (`GET /api/v1/targets`). */
export interface ProbeView {
  readonly probe: string;
  readonly kind: string;
  readonly state: ProbeState;
  readonly intervalMs: number;
  readonly lastRunAt?: string;
  readonly lastDurationMs?: number;
  readonly lastError?: string;
  readonly overruns: number;
}

/** One target with its probes. */
export interface TargetView {
  readonly target: string;
  readonly role: string;
  readonly site: string;
  readonly pair?: string;
  readonly dependsOn?: readonly string[];
  readonly state: ProbeState;
  readonly probes: readonly ProbeView[];
}

/** A pending or firing alert (`GET /api/v1/alerts`). */
export interface AlertView {
  readonly rule: string;
  readonly fingerprint: string;
  readonly group: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly status: 'pending' | 'firing' | 'resolved' | string;
  readonly since: string;
  readonly flapping: boolean;
  readonly value?: number;
  readonly incident?: string;
  readonly inhibitedBy?: Readonly<Record<string, string>>;
  readonly heldBy?: string;
  readonly muted?: false | { readonly silencedBy: readonly string[]; readonly maintenance: readonly string[] };
  readonly change?: string;
}

/** State of one SLA clock. */
export type SlaClock = 'running' | 'met' | 'breached';

/** An incident (`GET /api/v1/incidents`). */
export interface IncidentView {
  readonly number: string;
  readonly title: string;
  readonly description: string;
  readonly severity: 'S1' | 'S2' | 'S3' | 'S4';
  readonly status: 'registered' | 'diagnosing' | 'resolved' | 'closed';
  readonly level: 'L1' | 'L2' | 'L3';
  readonly channel: string;
  readonly registeredBy: string;
  readonly affectedTargets: readonly string[];
  readonly affectedUsers: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly occurredAt: string;
  readonly registeredAt: string;
  readonly acknowledgedAt?: string;
  readonly resolvedAt?: string;
  readonly closedAt?: string;
  readonly category?: string;
  readonly resolution?: string;
  readonly attentionDue: string;
  readonly solutionDue: string;
  readonly version: number;
  readonly sla: { readonly attention: SlaClock; readonly solution: SlaClock };
}

/** One timeline entry of an incident. */
export interface TimelineEntryView {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** An incident with its timeline (`GET /api/v1/incidents/:number`), and its forensic snapshot once taken. */
export interface IncidentDetailView extends IncidentView {
  readonly timeline: readonly TimelineEntryView[];
  readonly forensics?: ForensicSnapshotView;
}

/** A silence (`GET /api/v1/silences`). */
export interface SilenceView {
  readonly id: string;
  readonly status: 'active' | 'pending' | 'expired';
  readonly selector: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly expiredAt?: string;
  readonly createdBy: string;
  readonly comment: string;
}

/** A maintenance window occurrence (`GET /api/v1/maintenance`). */
export interface MaintenanceView {
  readonly source: 'config' | 'api';
  readonly id?: string;
  readonly name: string;
  readonly targets: readonly string[];
  readonly status: 'scheduled' | 'active' | 'ended' | 'cancelled';
  readonly startsAt: string;
  readonly endsAt: string;
  readonly cron?: string;
  readonly createdBy?: string;
  readonly comment?: string;
}

/** A JSON number, or the text JSON uses for NaN and the infinities. */
export type JsonNumber = number | 'NaN' | '+Inf' | '-Inf';

/** One series of `GET /api/v1/query_range`. */
export interface SeriesPointsView {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly points: ReadonlyArray<readonly [number, JsonNumber]>;
}

/** The answer of `GET /api/v1/query_range`. */
export interface QueryRangeView {
  readonly from: number;
  readonly to: number;
  readonly step?: number;
  readonly series: readonly SeriesPointsView[];
}

/** A JSON number that the server may send as null (NaN, an infinity). */
export type MaybeNumber = number | null;

/** A time range as the forensics answers carry it. */
export interface IsoRange {
  readonly from: string;
  readonly to: string;
}

/** The scoring method that ranked a series. */
export type ScoringMethodView = 'ks' | 'volume' | 'levelShift';

/** Descriptive statistics of a series in the baseline or in the window. */
export interface SummaryStatisticsView {
  readonly count: number;
  readonly mean: MaybeNumber;
  readonly median: MaybeNumber;
  readonly p95: MaybeNumber;
  readonly min: MaybeNumber;
  readonly max: MaybeNumber;
  readonly stddev: MaybeNumber;
}

/** How a ranked series correlates with the focus series (positive lag: it moved first). */
export interface FocusCorrelationView {
  readonly best: 'pearson' | 'spearman';
  readonly lag: number;
  readonly lagMs: number;
  readonly r: MaybeNumber;
  readonly sign: 1 | -1 | 0;
  readonly relation: 'leads' | 'follows' | 'coincides';
  readonly description: string;
}

/** One series of a forensic ranking. */
export interface RankedSeriesView {
  readonly rank: number;
  readonly key: string;
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  /** A counter scored as a per-second rate. */
  readonly rated: boolean;
  readonly scores: Readonly<Record<string, MaybeNumber>>;
  readonly normalised: Readonly<Record<ScoringMethodView, MaybeNumber>>;
  readonly combined: number;
  readonly rankedBy: ScoringMethodView;
  readonly baselineStats: SummaryStatisticsView;
  readonly windowStats: SummaryStatisticsView;
  readonly correlation?: FocusCorrelationView;
}

/** One event of a forensic timeline. */
export interface ForensicEventView {
  readonly at: string;
  readonly kind: string;
  readonly title: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly severity?: string;
  readonly incident?: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** The focus series of an analysis. */
export interface ForensicFocusView {
  readonly key: string;
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly rated: boolean;
}

/** The answer of `GET /api/v1/forensics`. */
export interface ForensicsView {
  readonly window: IsoRange;
  readonly baseline: IsoRange;
  readonly incident?: string;
  readonly considered: number;
  readonly scored: number;
  readonly skipped: { readonly empty: number; readonly constant: number };
  readonly focus?: ForensicFocusView;
  readonly entries: readonly RankedSeriesView[];
  readonly timeline: readonly ForensicEventView[];
  readonly tookMs: number;
}

/** The analysis frozen when an incident opened (`GET /api/v1/incidents/:number/forensics`). */
export interface ForensicSnapshotView {
  readonly takenAt: string;
  readonly window: IsoRange;
  readonly entries: readonly RankedSeriesView[];
  readonly timeline: readonly ForensicEventView[];
}

/** The month a report covers, in the contract's time zone (`measuredTo` before `to`: the month is still running). */
export interface ReportPeriodView {
  readonly month: string;
  readonly timeZone: string;
  readonly from: string;
  readonly to: string;
  readonly seconds: number;
  readonly measuredTo: string;
}

/** Where a month's time went against the availability target (percentages null when nothing was measured). */
export interface AvailabilityFiguresView {
  readonly downSeconds: number;
  readonly unknownSeconds: number;
  readonly maintenanceSeconds: number;
  readonly availabilityPercent: number | null;
  readonly targetPercent: number;
  readonly allowedDowntimeSeconds: number;
  /** Negative when the budget is overspent. */
  readonly errorBudgetLeftSeconds: number;
  readonly met: boolean | null;
  readonly outages: number;
  readonly mttrSeconds: number | null;
  readonly mtbfSeconds: number | null;
}

/** One target's month. */
export interface TargetAvailabilityView extends AvailabilityFiguresView {
  readonly target: string;
  readonly role: string;
  readonly site: string;
}

/** The targets of one role, one site, or all of them together. */
export interface GroupAvailabilityView extends AvailabilityFiguresView {
  readonly key: string;
  readonly targets: number;
}

/** A composed service's month. */
export interface ServiceAvailabilityView extends AvailabilityFiguresView {
  readonly service: string;
  readonly site: string | null;
  readonly require: 'all' | 'any' | number;
  readonly members: readonly string[];
}

/** The answer of `GET /api/v1/reports/availability`. */
export interface AvailabilityReportView {
  readonly generatedAt: string;
  readonly period: ReportPeriodView;
  readonly totals: GroupAvailabilityView;
  readonly targets: readonly TargetAvailabilityView[];
  readonly roles: readonly GroupAvailabilityView[];
  readonly sites: readonly GroupAvailabilityView[];
  readonly services: readonly ServiceAvailabilityView[];
}

/** One SLA clock of an incident in a report: met, missed (how late), or still running. */
export interface ClockOutcomeView {
  readonly state: 'met' | 'missed' | 'pending';
  readonly due: string;
  readonly tookSeconds: number | null;
  readonly lateSeconds: number | null;
}

/** One incident registered in the report's month. */
export interface SlaIncidentView {
  readonly number: string;
  readonly title: string;
  readonly severity: 'S1' | 'S2' | 'S3' | 'S4';
  readonly site: string;
  readonly registeredAt: string;
  readonly attention: ClockOutcomeView;
  readonly solution: ClockOutcomeView;
  readonly withinSla: boolean | null;
}

/** Compliance of one severity, one site, or all incidents. */
export interface ComplianceFiguresView {
  readonly key: string;
  readonly incidents: number;
  readonly decided: number;
  readonly withinSla: number;
  readonly attentionMissed: number;
  readonly solutionMissed: number;
  readonly pending: number;
  readonly compliancePercent: number | null;
  readonly targetPercent: number;
  readonly met: boolean | null;
}

/** One discount and the event that caused it. */
export interface PenaltyItemView {
  readonly kind: 'availability' | 'compliance' | 'attention_missed' | 'solution_missed';
  readonly reason: string;
  readonly amount: number;
  readonly incident: string | null;
}

/** One site's discounts for the month. */
export interface SitePenaltyView {
  readonly site: string;
  readonly monthlyFee: number;
  readonly availabilityPercent: number | null;
  readonly availabilityOf: string | null;
  readonly compliancePercent: number | null;
  readonly items: readonly PenaltyItemView[];
  readonly totalBeforeCap: number;
  readonly total: number;
  readonly capped: boolean;
}

/** The contract's discounts for the month. */
export interface PenaltyReportView {
  readonly currency: string;
  readonly capPercent: number;
  readonly sites: readonly SitePenaltyView[];
  readonly total: number;
}

/** The answer of `GET /api/v1/reports/sla` (`penalties` null when the config has no contract). */
export interface SlaReportView {
  readonly generatedAt: string;
  readonly period: ReportPeriodView;
  readonly totals: ComplianceFiguresView;
  readonly bySeverity: readonly ComplianceFiguresView[];
  readonly bySite: readonly ComplianceFiguresView[];
  readonly incidents: readonly SlaIncidentView[];
  readonly penalties: PenaltyReportView | null;
}

/** The caller (`GET /api/v1/session`). */
export interface SessionView {
  readonly username: string;
  readonly role: 'viewer' | 'operator' | 'admin';
  readonly kind: 'user' | 'wall' | 'token' | 'anonymous';
}

/** One sample of the live stream. */
export interface StreamSample {
  readonly series: string;
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly t: number;
  readonly v: JsonNumber;
}

/** A message of `WS /api/v1/stream`. */
export type StreamMessage =
  | { readonly type: 'hello'; readonly serverTime: number; readonly role: string }
  | { readonly type: 'samples'; readonly samples: readonly StreamSample[] }
  | { readonly type: 'target'; readonly target: TargetView }
  | { readonly type: 'alert'; readonly alert: AlertView }
  | { readonly type: 'incident'; readonly incident: IncidentView }
  | { readonly type: 'error'; readonly message: string };

/** A JSON number as a JavaScript number (NaN and the infinities from their text). */
export function numberOf(value: JsonNumber): number {
  if (typeof value === 'number') return value;
  return value === '+Inf' ? Infinity : value === '-Inf' ? -Infinity : Number.NaN;
}
