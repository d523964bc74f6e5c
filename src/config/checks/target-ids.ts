import { asText, mapsAt, type RawMap } from './raw-config.js';
import { indexUnique, type CheckContext, type NameIndex } from './config-check.js';
import type { ConfigPath } from '../yaml-walk.js';

/** The targets of a raw config, each with its path. */
export function rawTargets(raw: unknown): { map: RawMap; path: ConfigPath }[] {
  return mapsAt(raw, [], 'targets');
}

/** Indexes target ids, reporting duplicates. */
export function indexTargetIds(raw: unknown, ctx: CheckContext): NameIndex {
  const ids = rawTargets(raw).flatMap(({ map, path }) => {
    const text = asText(map['id']);
    return text === undefined ? [] : [{ text, path: [...path, 'id'] }];
  });
  return indexUnique(ids, 'target id', ctx);
}
