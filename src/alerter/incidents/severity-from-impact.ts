import { SEVERITIES, type Severity } from '../../core/index.js';
import { DEFAULT_SEVERITY_MATRIX, type InterruptionLevel, type SeverityMatrix } from '../../config/index.js';

/**
 * Severity from the users an incident affects and how badly: the most severe level whose threshold
 * `affectedUsers` reaches in the `interruption` row of `matrix`, S4 below every threshold. The default
 * matrix (config `sla.severity_matrix`):
 *
 * | interruption | S1 | S2 | S3 | S4 |
 * |---|---|---|---|---|
 * | total | ≥ 1,000 | ≥ 100 | ≥ 1 | 0 users |
 * | partial | ≥ 10,000 | ≥ 1,000 | ≥ 100 | fewer |
 * | degraded | — | ≥ 10,000 | ≥ 1,000 | fewer |
 */
export function severityFromImpact(
  affectedUsers: number,
  interruption: InterruptionLevel,
  matrix: SeverityMatrix = DEFAULT_SEVERITY_MATRIX,
): Severity {
  const row = matrix[interruption];
  for (const severity of ['S1', 'S2', 'S3'] as const) {
    const threshold = row[severity];
    if (threshold !== undefined && affectedUsers >= threshold) return severity;
  }
  return 'S4';
}

/** The more severe of the given severities (S1 beats S4); severity is only ever raised automatically. */
export function mostSevere(first: Severity, ...others: readonly Severity[]): Severity {
  return others.reduce((worst, next) => (SEVERITIES.indexOf(next) < SEVERITIES.indexOf(worst) ? next : worst), first);
}
