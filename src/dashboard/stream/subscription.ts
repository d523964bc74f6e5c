import { z } from 'zod';
import { type CompiledSelector, compileSelector, type Labels, NocError, parseSelector, SelectorSyntaxError } from '../../core/index.js';

/** Most selectors one subscription may hold. */
export const MAX_SELECTORS = 100;
/** Match verdicts remembered per subscription; past this the cache starts over (series churn). */
const MAX_CACHED_VERDICTS = 200_000;

const SubscribeMessage = z.strictObject({
  type: z.literal('subscribe'),
  series: z.array(z.string().max(4096)).max(MAX_SELECTORS).default([]),
  targets: z.boolean().default(false),
  alerts: z.boolean().default(false),
  incidents: z.boolean().default(false),
});

/**
 * What a client wants to receive. Whether a series matches is decided once per series key and
 * remembered, so fan-out costs a map lookup per sample rather than a selector evaluation; clients that
 * ask for the same thing share one subscription (see `key`), so that lookup is paid once for all of them.
 */
export class Subscription {
  /** Before the first subscribe a client receives nothing but hello. */
  static readonly NOTHING = new Subscription('', [], false, false, false);

  private readonly verdicts = new Map<string, boolean>();

  private constructor(
    /** Equal for subscriptions that select the same: the selector texts as a set, and the flags. */
    readonly key: string,
    private readonly selectors: readonly CompiledSelector[],
    /** Wants `target` frames. */
    readonly targets: boolean,
    /** Wants `alert` frames. */
    readonly alerts: boolean,
    /** Wants `incident` frames. */
    readonly incidents: boolean,
  ) {}

  /** True when some series may match: lets fan-out skip this client without a lookup per sample. */
  get anySeries(): boolean {
    return this.selectors.length > 0;
  }

  /**
   * Parses a client's message (already JSON-decoded) into a subscription. Throws NocError `bad_request`
   * naming the offending selector or field.
   */
  static parse(message: unknown): Subscription {
    const parsed = SubscribeMessage.safeParse(message);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined || issue.path.length === 0 ? 'message' : issue.path.join('.');
      throw new NocError('bad_request', `invalid subscribe ${where}: ${issue?.message ?? 'malformed'}`);
    }
    const texts = [...new Set(parsed.data.series.map((text) => text.trim()))].sort();
    const selectors = texts.map((text) => {
      try {
        return compileSelector(parseSelector(text));
      } catch (error) {
        if (error instanceof SelectorSyntaxError) throw new NocError('bad_request', `invalid series selector: ${error.message}`, { selector: text });
        throw error;
      }
    });
    const { targets, alerts, incidents } = parsed.data;
    const key = JSON.stringify([texts, targets, alerts, incidents]);
    return new Subscription(key, selectors, targets, alerts, incidents);
  }

  /** True when the series `key` (of `metric` with `labels`) matches one of the selectors. */
  matches(key: string, metric: string, labels: Labels): boolean {
    const known = this.verdicts.get(key);
    if (known !== undefined) return known;
    let verdict = false;
    for (const selector of this.selectors) {
      if (selector.matches(metric, labels)) {
        verdict = true;
        break;
      }
    }
    if (this.verdicts.size >= MAX_CACHED_VERDICTS) this.verdicts.clear();
    this.verdicts.set(key, verdict);
    return verdict;
  }
}
