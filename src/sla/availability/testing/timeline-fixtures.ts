import type { StateSpan, StateTimeline, UpState } from '../state-timeline.js';

const STATES: readonly string[] = ['up', 'down', 'unknown', 'maintenance'];

/** The instant of a UTC time written without its zone, e.g. '2026-04-03T10:17:30'. */
export function utc(text: string): number {
  const at = Date.parse(text.endsWith('Z') ? text : `${text}Z`);
  if (Number.isNaN(at)) throw new Error(`not an ISO-8601 time: ${text}`);
  return at;
}

/** The report's form of a UTC time written without its zone: '2026-04-03T10:17:30' → '2026-04-03T10:17:30.000Z'. */
export function isoOf(text: string): string {
  return new Date(utc(text)).toISOString();
}

/**
 * A timeline written as instants and states in turn, UTC:
 * `timeline('2026-04-01T00:00', 'up', '2026-04-03T10:00', 'down', '2026-04-03T10:17:30', 'up', '2026-05-01T00:00')`.
 */
export function timeline(...parts: string[]): StateTimeline {
  if (parts.length % 2 === 0) throw new Error('a timeline is written instant, state, instant, …, instant');
  const spans: StateSpan[] = [];
  for (let index = 1; index < parts.length; index += 2) {
    const state = parts[index] ?? '';
    if (!STATES.includes(state)) throw new Error(`not a state: ${state}`);
    spans.push({ start: utc(parts[index - 1] ?? ''), end: utc(parts[index + 1] ?? ''), state: state as UpState });
  }
  return spans;
}

/** A timeline written back as instants and states in turn ('2026-04-03T10:17:30' form), for readable diffs. */
export function written(spans: StateTimeline): string[] {
  const text = (at: number): string => new Date(at).toISOString().replace(/(:00)?\.000Z$/, '');
  const parts = spans.flatMap((span) => [text(span.start), span.state]);
  const last = spans.at(-1);
  return last === undefined ? [] : [...parts, text(last.end)];
}
