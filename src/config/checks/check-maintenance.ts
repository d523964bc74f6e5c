import { mapsAt, textsAt } from './raw-config.js';
import { checkReference, silent, type ConfigCheck } from './config-check.js';
import { indexTargetIds } from './target-ids.js';

/** Every target a maintenance window names exists. */
export const checkMaintenance: ConfigCheck = (raw, ctx) => {
  const targets = indexTargetIds(raw, silent);
  for (const { map, path } of mapsAt(raw, [], 'maintenance')) {
    for (const ref of textsAt(map, path, 'targets')) checkReference(ref, targets, 'target', ctx);
  }
};
