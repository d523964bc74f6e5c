/** Incident severity, S1 (most users, total interruption) to S4 (few users, degraded). */
export type Severity = 'S1' | 'S2' | 'S3' | 'S4';

/** All severities, most severe first. */
export const SEVERITIES: readonly Severity[] = ['S1', 'S2', 'S3', 'S4'];

/** ITIL support levels: L1 first line, L2 specialists, L3 advanced support. */
export type SupportLevel = 'L1' | 'L2' | 'L3';

/** All support levels, lowest first. */
export const SUPPORT_LEVELS: readonly SupportLevel[] = ['L1', 'L2', 'L3'];
