import type { ConfigPath } from '../yaml-walk.js';

/** A YAML map before validation: anything may be missing or of the wrong type. */
export type RawMap = Readonly<Record<string, unknown>>;

/** `value` as a map, or undefined. */
export function asMap(value: unknown): RawMap | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as RawMap) : undefined;
}

/** `value` as a list, or empty. */
export function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value` as a string, or undefined. */
export function asText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The maps in the list at `raw[key]`, with their paths; entries that are not maps are skipped. */
export function mapsAt(raw: unknown, path: ConfigPath, key: string): { map: RawMap; path: ConfigPath }[] {
  return asList(asMap(raw)?.[key]).flatMap((item, index) => {
    const map = asMap(item);
    return map ? [{ map, path: [...path, key, index] }] : [];
  });
}

/** The strings in the list at `map[key]`, with their paths; entries that are not strings are skipped. */
export function textsAt(map: RawMap | undefined, path: ConfigPath, key: string): { text: string; path: ConfigPath }[] {
  return asList(map?.[key]).flatMap((item, index) => {
    const text = asText(item);
    return text === undefined ? [] : [{ text, path: [...path, key, index] }];
  });
}
