import type { LocalDateTime } from '../../config/schema/on-call.js';
import type { ZoneOffsets } from '../../core/index.js';

/** Local wall-clock time of instant `at`, as ms whose UTC fields read as the local ones. */
export function wallClockOf(at: number, zone: ZoneOffsets): number {
  return at + zone.offsetAt(at);
}

/**
 * The instant of local wall-clock time `wall`. The second pass settles days with a DST change: a time in the
 * spring gap lands just after it, an ambiguous autumn time on its second (standard-time) occurrence.
 */
export function instantOfWallClock(wall: number, zone: ZoneOffsets): number {
  const guess = wall - zone.offsetAt(wall);
  return wall - zone.offsetAt(guess);
}

/** The instant of a date-time as written: its own offset if it has one, else local to `zone`. */
export function instantOf(time: LocalDateTime, zone: ZoneOffsets): number {
  return time.offset === undefined ? instantOfWallClock(time.wall, zone) : time.wall - time.offset;
}
