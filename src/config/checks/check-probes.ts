import { formatDuration } from '../../core/index.js';
import { durationMs } from '../schema/duration.js';
import { asMap, asText, mapsAt } from './raw-config.js';
import { indexUnique, type ConfigCheck } from './config-check.js';
import { rawTargets } from './target-ids.js';

const DEFAULT_INTERVAL = '30s';
const DEFAULT_TIMEOUT = '10s';

/** Every probe's timeout (its own or the default) is shorter than its interval; probe names are unique per target. */
export const checkProbes: ConfigCheck = (raw, ctx) => {
  const defaults = asMap(asMap(raw)?.['defaults']);
  const defaultInterval = durationMs(defaults?.['interval'] ?? DEFAULT_INTERVAL);
  const defaultTimeout = durationMs(defaults?.['timeout'] ?? DEFAULT_TIMEOUT);
  let reportedDefaults = false;
  for (const target of rawTargets(raw)) {
    const probes = mapsAt(target.map, target.path, 'probes');
    const labels = probes.flatMap(({ map, path }) => {
      const text = asText(map['name']) ?? asText(map['kind']);
      return text === undefined ? [] : [{ text, path: [...path, map['name'] === undefined ? 'kind' : 'name'] }];
    });
    indexUnique(labels, 'probe', ctx, '; give one of them a name');
    for (const { map, path } of probes) {
      const ownInterval = map['interval'] === undefined ? undefined : durationMs(map['interval']);
      const ownTimeout = map['timeout'] === undefined ? undefined : durationMs(map['timeout']);
      const interval = map['interval'] === undefined ? defaultInterval : ownInterval;
      const timeout = map['timeout'] === undefined ? defaultTimeout : ownTimeout;
      if (interval === undefined || timeout === undefined || timeout < interval) continue;
      const message = `timeout ${formatDuration(timeout)} must be shorter than the interval ${formatDuration(interval)}`;
      if (ownTimeout !== undefined) ctx.report([...path, 'timeout'], message);
      else if (ownInterval !== undefined) ctx.report([...path, 'interval'], message);
      else if (!reportedDefaults) {
        reportedDefaults = true;
        ctx.report(['defaults', 'timeout'], message);
      }
    }
  }
};
