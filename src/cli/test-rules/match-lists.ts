/** An expected item that nothing matched, with the unmatched actual item closest to it. */
export interface Missing<E, G> {
  readonly expected: E;
  /** 0-based position in the expected list. */
  readonly index: number;
  readonly closest?: { readonly got: G; readonly index: number; readonly differences: readonly string[] };
}

/** How an expected list and an actual list pair up, one to one. */
export interface ListMatch<E, G> {
  readonly ok: boolean;
  readonly missing: readonly Missing<E, G>[];
  /** Actual items no expected one claimed, with their 0-based positions. */
  readonly unexpected: readonly { readonly got: G; readonly index: number }[];
}

/**
 * Pairs every expected item with a distinct actual one it matches (no differences), as a maximum bipartite
 * matching: an expectation giving few fields must not take the only item a stricter one could match, as a
 * first-come pairing would. `differences` names each field that differs; none means a match.
 */
export function matchLists<E, G>(expected: readonly E[], got: readonly G[], differences: (expected: E, got: G) => readonly string[]): ListMatch<E, G> {
  const fits = expected.map((e) => got.map((g) => differences(e, g).length === 0));
  const ownerOf: (number | undefined)[] = got.map(() => undefined);
  // Kuhn's augmenting paths; lists in a test are a handful of items, so O(V·E) is nothing.
  const claim = (i: number, visited: boolean[]): boolean => {
    for (let j = 0; j < got.length; j++) {
      if (!fits[i]?.[j] || visited[j]) continue;
      visited[j] = true;
      const owner = ownerOf[j];
      if (owner === undefined || claim(owner, visited)) {
        ownerOf[j] = i;
        return true;
      }
    }
    return false;
  };
  const matched = expected.map((_, i) => claim(i, got.map(() => false)));
  const free = got.map((g, index) => ({ got: g, index })).filter(({ index }) => ownerOf[index] === undefined);
  const missing = expected.flatMap((e, index): Missing<E, G>[] => {
    if (matched[index]) return [];
    let closest: Missing<E, G>['closest'];
    for (const { got: g, index: j } of free) {
      const found = differences(e, g);
      if (closest === undefined || found.length < closest.differences.length) closest = { got: g, index: j, differences: found };
    }
    return [{ expected: e, index, ...(closest === undefined ? {} : { closest }) }];
  });
  return { ok: missing.length === 0 && free.length === 0, missing, unexpected: free };
}
