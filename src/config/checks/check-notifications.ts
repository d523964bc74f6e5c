import { SUPPORT_LEVELS } from '../../core/index.js';
import { asMap, mapsAt, textsAt } from './raw-config.js';
import { checkReference, type ConfigCheck } from './config-check.js';
import { indexChannelNames } from './channel-names.js';

/** Channel names are unique; every channel a route names exists. */
export const checkNotifications: ConfigCheck = (raw, ctx) => {
  const channels = indexChannelNames(raw, ctx);
  for (const { map, path } of mapsAt(asMap(raw)?.['notifications'], ['notifications'], 'routes')) {
    const levels = asMap(map['channels']);
    const refs = levels
      ? SUPPORT_LEVELS.flatMap((level) => textsAt(levels, [...path, 'channels'], level))
      : textsAt(map, path, 'channels');
    for (const ref of refs) checkReference(ref, channels, 'channel', ctx);
  }
};
