import { asMap, asText, mapsAt } from './raw-config.js';
import { indexUnique, type CheckContext, type NameIndex } from './config-check.js';

/** Indexes notification channel names, reporting duplicates. */
export function indexChannelNames(raw: unknown, ctx: CheckContext): NameIndex {
  const channels = mapsAt(asMap(raw)?.['notifications'], ['notifications'], 'channels');
  const names = channels.flatMap(({ map, path }) => {
    const text = asText(map['name']);
    return text === undefined ? [] : [{ text, path: [...path, 'name'] }];
  });
  return indexUnique(names, 'channel name', ctx);
}
