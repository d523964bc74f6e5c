// Value sets several route groups and the component schemas share.

/** The incident severities. */
export const SEVERITIES: readonly string[] = ['S1', 'S2', 'S3', 'S4'];
/** The support levels. */
export const LEVELS: readonly string[] = ['L1', 'L2', 'L3'];
/** The channels an incident can be reported through by hand. */
export const MANUAL_CHANNELS: readonly string[] = ['phone', 'email', 'chat', 'whatsapp', 'click2call', 'web'];
/** The user roles, lowest first. */
export const ROLES: readonly string[] = ['viewer', 'operator', 'admin'];
