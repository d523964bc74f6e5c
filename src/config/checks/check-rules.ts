import { asText, mapsAt, textsAt } from './raw-config.js';
import { checkReference, indexUnique, silent, type ConfigCheck, type NameIndex } from './config-check.js';
import { indexTargetIds } from './target-ids.js';
import { indexChannelNames } from './channel-names.js';

/** Rule names are unique; a rule's `targets` and `channels` exist. */
export const checkRules: ConfigCheck = (raw, ctx) => {
  // Duplicates among targets and channels are reported by their own checks.
  const targets: NameIndex = indexTargetIds(raw, silent);
  const channels: NameIndex = indexChannelNames(raw, silent);
  const rules = mapsAt(raw, [], 'rules');
  const names = rules.flatMap(({ map, path }) => {
    const text = asText(map['name']);
    return text === undefined ? [] : [{ text, path: [...path, 'name'] }];
  });
  indexUnique(names, 'rule name', ctx);
  for (const { map, path } of rules) {
    for (const ref of textsAt(map, path, 'targets')) checkReference(ref, targets, 'target', ctx);
    for (const ref of textsAt(map, path, 'channels')) checkReference(ref, channels, 'channel', ctx);
  }
};
