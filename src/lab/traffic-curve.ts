const HOUR_MS = 3_600_000;

function bump(hour: number, centre: number, width: number): number {
  // Distance on the 24-hour circle, so the evening peak spills over midnight smoothly.
  const distance = Math.min(Math.abs(hour - centre), 24 - Math.abs(hour - centre));
  return Math.exp(-(distance * distance) / (2 * width * width));
}

/**
 * Share of the daily peak carried at `at` for a site `utcOffset` hours east of UTC, in (0, 1]:
 * a quiet night, a late-morning business peak and a slightly lower evening peak, as voice traffic goes.
 */
export function dailyLoad(at: number, utcOffset: number): number {
  const hour = (((at / HOUR_MS + utcOffset) % 24) + 24) % 24;
  const load = 0.06 + 0.94 * Math.max(bump(hour, 11, 2.6), 0.85 * bump(hour, 19, 2.3));
  return Math.min(1, load);
}

/** A small deterministic PRNG (mulberry32), so a seeded lab replays the same day. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
