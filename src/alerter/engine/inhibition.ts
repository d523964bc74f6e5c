import { compileSelector, type Labels, type LabelMatcher } from '../../core/index.js';
import type { RuleConfig } from '../../config/index.js';

/** A firing alert that may inhibit others. */
export interface InhibitionSource {
  readonly fingerprint: string;
  readonly rule: string;
  readonly labels: Labels;
}

type LabelTest = (labels: Labels) => boolean;

interface CompiledEntry {
  readonly rule: string;
  readonly target: LabelTest;
  readonly source: LabelTest | undefined;
  readonly equal: readonly string[];
}

function labelTest(matchers: readonly LabelMatcher[]): LabelTest {
  const selector = compileSelector({ matchers });
  return (labels) => selector.matches('', labels);
}

function equalKey(equal: readonly string[], labels: Labels): string {
  return JSON.stringify(equal.map((name) => labels[name] ?? ''));
}

/**
 * The rules' `inhibit` entries compiled once. For one evaluation, {@link Inhibition.index} files the firing
 * sources by the values of each entry's `equal` labels, so finding an alert's inhibitor costs a few map
 * look-ups however many alerts fire (an alert storm must not turn quadratic).
 */
export class Inhibition {
  private readonly entries: CompiledEntry[];

  constructor(rules: readonly RuleConfig[]) {
    this.entries = rules.flatMap((rule) =>
      rule.inhibit.map((entry) => ({
        rule: rule.name,
        target: labelTest(entry.target),
        source: entry.source === undefined ? undefined : labelTest(entry.source),
        equal: entry.equal,
      })),
    );
  }

  /** True when no rule inhibits anything. */
  get empty(): boolean {
    return this.entries.length === 0;
  }

  /** Files `sources` for look-ups; returns the finder of an alert's inhibitor among them. */
  index<S extends InhibitionSource>(sources: Iterable<S>): (alert: { readonly fingerprint: string; readonly labels: Labels }) => S | undefined {
    const byEntry = this.entries.map(() => new Map<string, S[]>());
    for (const source of sources) {
      this.entries.forEach((entry, i) => {
        if (entry.rule !== source.rule || (entry.source !== undefined && !entry.source(source.labels))) return;
        const key = equalKey(entry.equal, source.labels);
        const filed = byEntry[i] as Map<string, S[]>;
        filed.set(key, [...(filed.get(key) ?? []), source]);
      });
    }
    return (alert) => {
      for (const [i, entry] of this.entries.entries()) {
        if (!entry.target(alert.labels)) continue;
        // An alert never inhibits itself, even when its rule's entry matches its own labels.
        const found = (byEntry[i] as Map<string, S[]>).get(equalKey(entry.equal, alert.labels))?.find((source) => source.fingerprint !== alert.fingerprint);
        if (found !== undefined) return found;
      }
      return undefined;
    };
  }
}
