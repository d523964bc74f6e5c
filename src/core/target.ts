/** What a monitored element is in the carrier's network. */
export type TargetRole = 'core' | 'sbc' | 'database' | 'https' | 'host';

/** All target roles. */
export const TARGET_ROLES: readonly TargetRole[] = ['core', 'sbc', 'database', 'https', 'host'];
