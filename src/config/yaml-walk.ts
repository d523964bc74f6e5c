import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';

/** A path into the config: map keys and list indexes, as zod reports them. */
export type ConfigPath = readonly (string | number)[];

/** The text of a map key as it appears in a path. */
export function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/** Calls `onMap` for every map in the tree (parents before children) with its path. */
export function walkMaps(node: unknown, onMap: (map: YAMLMap, path: ConfigPath) => void, path: ConfigPath = []): void {
  if (isMap(node)) {
    onMap(node, path);
    // Read items after the callback: it may replace pairs.
    for (const pair of node.items) walkMaps(pair.value, onMap, [...path, keyText(pair.key)]);
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => walkMaps(item, onMap, [...path, index]));
  }
}

/** Calls `onScalar` for every scalar value (not keys) in the tree with its path. */
export function walkScalars(node: unknown, onScalar: (scalar: Scalar, path: ConfigPath) => void, path: ConfigPath = []): void {
  if (isScalar(node)) {
    onScalar(node, path);
  } else if (isMap(node)) {
    for (const pair of node.items) walkScalars(pair.value, onScalar, [...path, keyText(pair.key)]);
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => walkScalars(item, onScalar, [...path, index]));
  }
}

/** The pair of `map` whose key is `key`, if any. */
export function findPair(map: YAMLMap, key: string | number): Pair<unknown, unknown> | undefined {
  return map.items.find((pair) => keyText(pair.key) === String(key));
}

/** The source range start of a node, if it came from the text. */
export function nodeStart(node: unknown): number | undefined {
  return node !== null && typeof node === 'object' && 'range' in node ? (node as Node).range?.[0] : undefined;
}
