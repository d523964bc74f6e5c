import type { ProbeOf } from '../../../config/index.js';

type StatusRanges = ProbeOf<'https'>['expect_status'];

/** True when `status` falls in one of the accepted ranges. */
export function statusAccepted(status: number, accepted: StatusRanges): boolean {
  return accepted.some((range) => status >= range.min && status <= range.max);
}

/** The ranges as a user would write them: `200-299, 304`. */
export function describeStatusRanges(accepted: StatusRanges): string {
  return accepted.map((range) => (range.min === range.max ? String(range.min) : `${range.min}-${range.max}`)).join(', ');
}
