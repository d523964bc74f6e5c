const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

const DURATION = /^(?:(\d+)(ms|s|m|h|d|w|y))+$/;
const PART = /(\d+)(ms|s|m|h|d|w|y)/g;

/**
 * Parses a Prometheus-style duration (`500ms`, `10s`, `1h30m`, `2d`) into milliseconds.
 * Units must be given largest first and at most once; returns undefined for anything else.
 */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  let lastUnit = Infinity;
  for (const [, amount, unit] of text.matchAll(PART)) {
    const size = UNIT_MS[unit as string] as number;
    if (size >= lastUnit) return undefined;
    lastUnit = size;
    total += Number(amount) * size;
  }
  return total;
}

/** Formats milliseconds as the shortest Prometheus-style duration (`90000` → `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let out = rest < 0 ? '-' : '';
  rest = Math.abs(rest);
  for (const unit of ['y', 'w', 'd', 'h', 'm', 's', 'ms']) {
    const size = UNIT_MS[unit] as number;
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}
