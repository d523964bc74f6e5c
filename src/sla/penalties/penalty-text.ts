// Reasons are read by auditors: numbers are shown so that the comparison they justify is visibly true.

function trimmed(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/**
 * `percent` with up to 4 decimals, or more when 4 would round it up to `threshold` (99.98999 below 99.99
 * prints as 99.98999, not 99.99).
 */
export function formatPercentBelow(percent: number, threshold: number): string {
  for (let decimals = 4; decimals <= 12; decimals++) {
    const text = trimmed(percent.toFixed(decimals));
    if (Number(text) < threshold) return text;
  }
  return String(percent);
}

const UNITS: readonly (readonly [string, number])[] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
];

/** A duration for people: `1 d 2 h`, `25 min 10 s`, `0.5 s` (milliseconds kept, zero parts left out). */
export function formatDurationWords(seconds: number): string {
  let rest = Math.round(seconds * 1000);
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${trimmed((rest / 1000).toFixed(3))} s`);
  return parts.join(' ');
}
