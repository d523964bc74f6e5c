/** A time zone's UTC offset as a function of the instant; build one per evaluation, not per point. */
export interface ZoneOffsets {
  readonly timeZone: string;
  /** Local wall-clock time minus UTC at instant `t` (ms), e.g. -4 h for Santiago in winter. */
  offsetAt(t: number): number;
}

/**
 * Offsets of an IANA zone, read from Intl.DateTimeFormat (the tz database bundled with Node's ICU), so no
 * zone data ships with us. Throws RangeError for an unknown zone, as Intl does.
 */
export function zoneOffsets(timeZone = 'UTC'): ZoneOffsets {
  if (timeZone === 'UTC') return { timeZone, offsetAt: () => 0 };
  // Built once here: constructing a DateTimeFormat costs far more than formatting with one.
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return {
    timeZone,
    offsetAt(t: number): number {
      const wholeSecond = Math.floor(t / 1000) * 1000;
      const parts: Record<string, number> = {};
      for (const part of format.formatToParts(wholeSecond)) {
        if (part.type !== 'literal') parts[part.type] = Number(part.value);
      }
      const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
      return wall - wholeSecond;
    },
  };
}

/**
 * The offset over [from, to] as a cheap function of the instant, assuming at most one transition in the
 * span (true of every zone for spans of hours): per-point Intl calls would dominate a baseline's cost.
 */
export function offsetsBetween(zone: ZoneOffsets, from: number, to: number): (t: number) => number {
  const before = zone.offsetAt(from);
  const after = zone.offsetAt(to);
  if (before === after) return () => before;
  // Bisect to the first millisecond at the new offset.
  let lo = Math.floor(from);
  let hi = Math.ceil(to);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zone.offsetAt(mid) === before) lo = mid;
    else hi = mid;
  }
  const transition = hi;
  return (t) => (t < transition ? before : after);
}
