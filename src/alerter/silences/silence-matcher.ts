import { alertMatchersFromText, compileSelector, type Labels, type LabelMatcher, type Silence } from '../../core/index.js';

/** Where a silence stands at some instant: not started yet, in effect, or over (ran out or expired by hand). */
export type SilenceStatus = 'pending' | 'active' | 'expired';

/** A silence with its matchers compiled once, ready to test many alerts. */
export interface CompiledSilence {
  readonly silence: Silence;
  /** True when every matcher holds for `labels` (time is not considered). */
  matches(labels: Labels): boolean;
}

/** The silence's status at `at`: a silence expired by hand ends at `expiredAt`, whatever its planned end. */
export function silenceStatus(silence: Silence, at: number): SilenceStatus {
  const end = silence.expiredAt === undefined ? silence.endsAt : Math.min(silence.endsAt, silence.expiredAt);
  if (at >= end) return 'expired';
  return at < silence.startsAt ? 'pending' : 'active';
}

/** Compiles a silence's regexes once (as anchored PromQL regexes); absent labels compare as "". */
export function compileSilence(silence: Silence): CompiledSilence {
  // A selector without a metric name never looks at the metric: labels alone decide.
  const selector = compileSelector({ matchers: silence.matchers });
  return { silence, matches: (labels) => selector.matches('', labels) };
}

/** True when `silence` is active at `at` and all its matchers hold for `labels`. */
export function silenceMatches(silence: Silence, labels: Labels, at: number): boolean {
  return silenceStatus(silence, at) === 'active' && compileSilence(silence).matches(labels);
}

/** Ids of the silences among `silences` that mute an alert with `labels` at `at`, in the given order. */
export function silencedBy(labels: Labels, silences: readonly (Silence | CompiledSilence)[], at: number): string[] {
  const ids: string[] = [];
  for (const entry of silences) {
    const compiled = 'matches' in entry ? entry : compileSilence(entry);
    if (silenceStatus(compiled.silence, at) === 'active' && compiled.matches(labels)) ids.push(compiled.silence.id);
  }
  return ids;
}

/** A silence's matchers from selector text: {@link alertMatchersFromText}. */
export const silenceMatchersFromText = alertMatchersFromText;

/**
 * Why these matchers cannot make a silence, or undefined when they can. Like Alertmanager, at least one
 * matcher must fail on an empty value: otherwise the silence would mute every alert, a mistake no one means.
 */
export function silenceMatchersProblem(matchers: readonly LabelMatcher[]): string | undefined {
  if (matchers.length === 0) return 'a silence needs at least one matcher';
  for (const m of matchers) {
    if (m.op !== '=~' && m.op !== '!~') continue;
    try {
      new RegExp(`^(?:${m.value})$`);
    } catch (error) {
      return `invalid regex for '${m.name}': ${(error as Error).message}`;
    }
  }
  const matchesEmpty = compileSelector({ matchers }).matches('', {});
  if (matchesEmpty) return 'every matcher also matches an empty label, so the silence would mute all alerts; add one such as target="sbc-1"';
  return undefined;
}

/** The matchers as selector text, `{target="sbc-1",site=~"mx.*"}`, escaped so it parses back to the same matchers. */
export function formatSilenceMatchers(matchers: readonly LabelMatcher[]): string {
  const escape = (value: string): string => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `{${matchers.map((m) => `${m.name}${m.op}"${escape(m.value)}"`).join(',')}}`;
}
