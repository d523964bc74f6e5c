import { asMap, asText, mapsAt } from './raw-config.js';
import { indexUnique, type ConfigCheck } from './config-check.js';

/** Token names and usernames are unique (they identify who did what in incident timelines). */
export const checkAuth: ConfigCheck = (raw, ctx) => {
  const auth = asMap(asMap(asMap(raw)?.['server'])?.['auth']);
  const path = ['server', 'auth'];
  for (const [list, key, what] of [
    ['tokens', 'name', 'token name'],
    ['users', 'username', 'username'],
  ] as const) {
    const names = mapsAt(auth, path, list).flatMap((entry) => {
      const text = asText(entry.map[key]);
      return text === undefined ? [] : [{ text, path: [...entry.path, key] }];
    });
    indexUnique(names, what, ctx);
  }
};
