import { isAlias, isMap, isSeq, type Document, type LineCounter } from 'yaml';
import { findPair, nodeStart, type ConfigPath } from './yaml-walk.js';

/** A 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

/** Where a path points in the source: the position, and the first key that does not exist (if any). */
export interface Located extends Position {
  readonly missing?: string | number;
}

/** Maps config paths back to positions in the YAML source. */
export class YamlLocator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Position of an offset in the source. */
  positionOf(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line: Math.max(line, 1), col: Math.max(col, 1) };
  }

  /**
   * Position of the value at `path` (of its key with `at: 'key'`). When part of the path does not exist,
   * the position of the nearest existing parent and the name of the missing key.
   */
  locate(path: ConfigPath, at: 'value' | 'key' = 'value'): Located {
    let node: unknown = this.doc.contents;
    let start = nodeStart(node) ?? 0;
    for (const [index, segment] of path.entries()) {
      if (isAlias(node)) node = node.resolve(this.doc);
      const last = index === path.length - 1;
      let next: unknown;
      let keyStart: number | undefined;
      if (isMap(node)) {
        const pair = findPair(node, segment);
        next = pair?.value;
        keyStart = pair ? nodeStart(pair.key) : undefined;
        if (pair && next === null) next = pair.key;
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment];
      }
      const nextStart = last && at === 'key' ? (keyStart ?? nodeStart(next)) : nodeStart(next);
      if (next === undefined || nextStart === undefined) return { ...this.positionOf(start), missing: segment };
      node = next;
      start = nextStart;
    }
    return this.positionOf(start);
  }
}
