import type { ConfigPath } from '../yaml-walk.js';
import { closest } from '../suggest.js';

/** What a check may do: report a problem at a path, and look up the line of another path. */
export interface CheckContext {
  report(path: ConfigPath, message: string): void;
  lineOf(path: ConfigPath): number;
}

/** A context that ignores reports: for indexes whose duplicates another check already reports. */
export const silent: CheckContext = { report: () => undefined, lineOf: () => 0 };

/** A rule across fields (references, uniqueness) that a schema of one field cannot express. */
export type ConfigCheck = (raw: unknown, ctx: CheckContext) => void;

/** Names seen so far, each with the path where it first appeared. */
export type NameIndex = ReadonlyMap<string, ConfigPath>;

/**
 * Indexes `items` by name, reporting each repeat as `duplicate <what> "x" (first at line N)<hint>`.
 * Returns the first occurrence of every name.
 */
export function indexUnique(
  items: readonly { text: string; path: ConfigPath }[],
  what: string,
  ctx: CheckContext,
  hint = '',
): NameIndex {
  const seen = new Map<string, ConfigPath>();
  for (const { text, path } of items) {
    const first = seen.get(text);
    const where = first ? ` (first at line ${ctx.lineOf(first)})` : '';
    if (first) ctx.report(path, `duplicate ${what} ${JSON.stringify(text)}${where}${hint}`);
    else seen.set(text, path);
  }
  return seen;
}

/** Reports a reference to a name that is not defined, suggesting the closest defined one. */
export function checkReference(
  ref: { text: string; path: ConfigPath },
  known: NameIndex,
  what: string,
  ctx: CheckContext,
): void {
  if (known.has(ref.text)) return;
  const guess = closest(ref.text, [...known.keys()]);
  const hint = guess === undefined ? '' : ` (did you mean "${guess}"?)`;
  ctx.report(ref.path, `unknown ${what} ${JSON.stringify(ref.text)}${hint}`);
}
