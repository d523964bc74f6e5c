import { SUPPORT_LEVELS } from '../../core/index.js';
import type { ConfigPath } from '../yaml-walk.js';
import { asList, asMap, asText, mapsAt, type RawMap } from './raw-config.js';
import { checkReference, indexUnique, type ConfigCheck, type NameIndex } from './config-check.js';
import { indexChannelNames } from './channel-names.js';

type Ref = { text: string; path: ConfigPath };

/** The text at `map[key]` with its path, if it is one. */
function textAt(map: RawMap | undefined, path: ConfigPath, key: string): Ref[] {
  const text = asText(map?.[key]);
  return text === undefined ? [] : [{ text, path: [...path, key] }];
}

/** The channel and schedule names a route's level receivers refer to (a name, or `{channel, on_call}`). */
function receiverRefs(route: RawMap, path: ConfigPath): { channels: Ref[]; schedules: Ref[] } {
  const levels = asMap(route['channels']);
  const lists = levels
    ? SUPPORT_LEVELS.map((level) => ({ items: asList(levels[level]), path: [...path, 'channels', level] }))
    : [{ items: asList(route['channels']), path: [...path, 'channels'] }];
  const channels: Ref[] = [];
  const schedules: Ref[] = [];
  for (const list of lists) {
    list.items.forEach((item, index) => {
      const here = [...list.path, index];
      const text = asText(item);
      if (text !== undefined) channels.push({ text, path: here });
      channels.push(...textAt(asMap(item), here, 'channel'));
      schedules.push(...textAt(asMap(item), here, 'on_call'));
    });
  }
  return { channels, schedules };
}

/** On-call schedule names, reporting duplicates. */
function indexSchedules(notifications: unknown, ctx: Parameters<ConfigCheck>[1]): NameIndex {
  const names = mapsAt(notifications, ['notifications'], 'schedules').flatMap(({ map, path }) => textAt(map, path, 'name'));
  return indexUnique(names, 'on-call schedule name', ctx);
}

/** A calendar named for business hours (`business_hours: name` or `{calendar: name}`) is one of `sla.calendars`. */
function checkBusinessHoursCalendar(raw: unknown, ctx: Parameters<ConfigCheck>[1]): void {
  const value = asMap(asMap(raw)?.['notifications'])?.['business_hours'];
  const path: ConfigPath = ['notifications', 'business_hours'];
  const ref = asText(value) === undefined ? textAt(asMap(value), path, 'calendar') : [{ text: value as string, path }];
  const calendars = Object.keys(asMap(asMap(asMap(raw)?.['sla'])?.['calendars']) ?? {});
  const known: NameIndex = new Map(calendars.map((name) => [name, ['sla', 'calendars', name]]));
  for (const r of ref) checkReference(r, known, 'calendar (sla.calendars)', ctx);
}

/**
 * Channel and schedule names are unique; every channel a route, the heartbeat or inbound e-mail names
 * exists, and so does every on-call schedule a route names and the calendar of the business hours.
 */
export const checkNotifications: ConfigCheck = (raw, ctx) => {
  const notifications = asMap(raw)?.['notifications'];
  const channels = indexChannelNames(raw, ctx);
  const schedules = indexSchedules(notifications, ctx);
  for (const { map, path } of mapsAt(notifications, ['notifications'], 'routes')) {
    const refs = receiverRefs(map, path);
    for (const ref of refs.channels) checkReference(ref, channels, 'channel', ctx);
    for (const ref of refs.schedules) checkReference(ref, schedules, 'on-call schedule', ctx);
  }
  const section = asMap(notifications);
  for (const ref of textAt(asMap(section?.['heartbeat']), ['notifications', 'heartbeat'], 'channel')) checkReference(ref, channels, 'channel', ctx);
  for (const ref of textAt(asMap(section?.['inbound_email']), ['notifications', 'inbound_email'], 'reply_channel')) {
    checkReference(ref, channels, 'channel', ctx);
    const kind = mapsAt(notifications, ['notifications'], 'channels').find(({ map }) => map['name'] === ref.text)?.map['kind'];
    // The reply goes to the sender's address, which only an e-mail channel can use.
    if (kind !== undefined && kind !== 'email') ctx.report(ref.path, `the reply channel must be an email channel; "${ref.text}" is ${String(kind)}`);
  }
  checkBusinessHoursCalendar(raw, ctx);
};
