// The order in which the reports page lists rows: what needs attention first.
import type { AvailabilityFiguresView, ComplianceFiguresView, SitePenaltyView, SlaIncidentView } from '../../lib/types.js';

/** Lowest availability first, then most down time, then most unknown time; unmeasured rows last; ties by name. */
export function worstAvailabilityFirst<T extends AvailabilityFiguresView>(rows: readonly T[], nameOf: (row: T) => string): T[] {
  return [...rows].sort(
    (a, b) =>
      (a.availabilityPercent ?? Infinity) - (b.availabilityPercent ?? Infinity) ||
      b.downSeconds - a.downSeconds ||
      b.unknownSeconds - a.unknownSeconds ||
      nameOf(a).localeCompare(nameOf(b)),
  );
}

/** Lowest compliance first, then most misses; groups with nothing decided last; ties by key. */
export function worstComplianceFirst(rows: readonly ComplianceFiguresView[]): ComplianceFiguresView[] {
  const missed = (row: ComplianceFiguresView) => row.attentionMissed + row.solutionMissed;
  return [...rows].sort((a, b) => (a.compliancePercent ?? Infinity) - (b.compliancePercent ?? Infinity) || missed(b) - missed(a) || a.key.localeCompare(b.key));
}

const OUTCOME_RANK = (withinSla: boolean | null) => (withinSla === false ? 0 : withinSla === null ? 1 : 2);

/** Incidents out of SLA first, then undecided ones, then those within; each group in registration order. */
export function incidentsByOutcome(incidents: readonly SlaIncidentView[]): SlaIncidentView[] {
  return [...incidents].sort((a, b) => OUTCOME_RANK(a.withinSla) - OUTCOME_RANK(b.withinSla) || Date.parse(a.registeredAt) - Date.parse(b.registeredAt) || a.number.localeCompare(b.number));
}

/** Sites with the largest discount first; ties by name. */
export function largestPenaltyFirst(sites: readonly SitePenaltyView[]): SitePenaltyView[] {
  return [...sites].sort((a, b) => b.total - a.total || a.site.localeCompare(b.site));
}
