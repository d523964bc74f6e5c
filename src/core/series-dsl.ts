import { seriesKey } from './labels.js';
import type { Sample } from './sample.js';
import { parseSelector } from './selector.js';

/**
 * Builds samples from a compact text, for tests of stores, rules and forensics. Each line is a series then
 * its values at `start`, `start + step`, …: `up{target="sbc-1"} 1 1 0 0 _ 1` (`_` = no sample; `NaN`,
 * `Inf`, `-Inf` allowed; `5x3` = the value 5 three times). Samples come out in time order.
 */
export function samplesFromDsl(text: string, start: number, step: number): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const split = line.lastIndexOf('}') >= 0 ? line.lastIndexOf('}') + 1 : line.indexOf(' ');
    const selector = parseSelector(line.slice(0, split));
    const labels = Object.fromEntries(selector.matchers.map((m) => [m.name, m.value]));
    const key = seriesKey(selector.metric ?? '', labels);
    let i = 0;
    for (const token of line.slice(split).trim().split(/\s+/)) {
      const [value, times] = token.includes('x') ? token.split('x') : [token, '1'];
      for (let n = 0; n < Number(times); n++, i++) {
        if (value === '_') continue;
        samples.push({ series: key, t: start + i * step, v: parseDslValue(value as string) });
      }
    }
  }
  return samples.sort((a, b) => a.t - b.t);
}

function parseDslValue(token: string): number {
  if (token === 'Inf' || token === '+Inf') return Infinity;
  if (token === '-Inf') return -Infinity;
  const value = Number(token);
  if (Number.isNaN(value) && token !== 'NaN') throw new Error(`series DSL: not a value: '${token}'`);
  return value;
}

