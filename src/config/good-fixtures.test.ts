import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Config } from './schema/config.js';
import { loadConfigFile } from './load-config.js';

const TESTDATA = fileURLToPath(new URL('./testdata/', import.meta.url));
const ENV = {
  NOC_ADMIN_TOKEN: 'admin-token-0123456789',
  NOC_WALL_TOKEN: 'wall-token-0123456789',
  DB_PASSWORD: 'db-password',
};

function load(name: string): Config {
  const result = loadConfigFile(`${TESTDATA}${name}`, { env: ENV });
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.line}:${i.col} ${i.path}: ${i.message}`).join('\n'));
  return result.config;
}

describe('good fixtures', () => {
  it('fills every default for an empty config', () => {
    const config = load('empty.good.yaml');
    expect(config.server).toEqual({
      listen: '127.0.0.1:9700',
      auth: { tokens: [], users: [], session_ttl: 12 * 3_600_000 },
    });
    expect(config.store).toEqual({
      kind: 'sqlite',
      path: './data/noc.db',
      hot_window: 3 * 3_600_000,
      retention: { raw: 15 * 86_400_000, '1m': 90 * 86_400_000, '1h': 2 * 365 * 86_400_000 },
      fsync: false,
    });
    expect(config.incidents).toEqual({ prefix: 'NOC', kind: 'sqlite', path: './data/incidents.db', dependency_hold: 3 });
    expect(config.defaults).toEqual({ interval: 30_000, timeout: 10_000 });
    expect(config.sla.timezone).toBe('UTC');
    expect(config.sla.availability_target).toBe(99.99);
    expect(config.sla.compliance_target).toBe(98);
    expect(config.sla.severities.S2).toEqual({ attention: 90 * 60_000, solution: 4 * 3_600_000 });
    expect(config.notifications).toEqual({
      channels: [],
      routes: [],
      escalation: { enabled: true, s1_level: 'L2', L1: {}, L2: {} },
      schedules: [],
      business_hours: {
        mon: [{ from: 360, to: 1260 }],
        tue: [{ from: 360, to: 1260 }],
        wed: [{ from: 360, to: 1260 }],
        thu: [{ from: 360, to: 1260 }],
        fri: [{ from: 360, to: 1260 }],
        sat: [{ from: 420, to: 1020 }],
        sun: [{ from: 420, to: 1020 }],
      },
      outbox: { poll_interval: 1000, concurrency: 4, send_timeout: 30_000, max_age: 86_400_000, retry: { initial: 5000, factor: 2, max: 600_000 } },
    });
    expect([config.targets, config.rules, config.maintenance]).toEqual([[], [], []]);
  });

  it('fills target defaults in the minimal config', () => {
    const [target] = load('minimal.good.yaml').targets;
    expect(target).toEqual({
      id: 'web-1',
      role: 'https',
      site: 'main',
      users: 0,
      depends_on: [],
      labels: {},
      probes: [
        {
          kind: 'https',
          url: 'https://example.com/',
          method: 'GET',
          headers: {},
          expect_status: [{ min: 200, max: 399 }],
          per_ip: false,
          ip_version: 'any',
          follow_redirects: 5,
          tls: { verify: true },
        },
      ],
    });
  });

  it('loads the full config', () => {
    const config = load('full.good.yaml');
    expect(config.targets.map((t) => t.id)).toEqual([
      'core-1', 'core-2', 'sbc-mx-1', 'sbc-co-1', 'db-primary', 'db-replica', 'web-1', 'web-2', 'web-3',
    ]);
    expect(config.targets.find((t) => t.id === 'sbc-co-1')?.depends_on).toEqual(['core-1', 'core-2']);
    expect(config.server.auth.tokens.map((t) => t.token)).toEqual(['admin-token-0123456789', 'viewer-token-0123456789']);
    expect(config.server.tls?.cert).toBe('-----BEGIN CERTIFICATE-----\nfixture certificate, not a real one\n-----END CERTIFICATE-----');
    expect(config.sla.severities.S1).toEqual({ attention: 30 * 60_000, solution: 2 * 3_600_000 });
    expect(config.sla.severities.S4).toEqual({ attention: 2 * 3_600_000, solution: 4 * 3_600_000 });
    expect(config.sla.calendars?.['business']?.fri).toEqual([
      { from: 480, to: 780 },
      { from: 840, to: 1080 },
    ]);
    expect(config.rules[1]).toMatchObject({
      name: 'core-down',
      select: { metric: 'up', matchers: [{ name: 'target', op: '=~', value: 'core-.*' }] },
      for: 30_000,
    });
    expect(config.notifications.routes[0]?.channels).toEqual({ L1: ['dba-email'], L2: [], L3: [] });
    expect(config.notifications.routes[1]).toMatchObject({ group_wait: 10_000, group_interval: 300_000, repeat_interval: 14_400_000 });
    expect(config.maintenance[0]).toMatchObject({ start: Date.parse('2025-03-01T08:00:00Z'), end: Date.parse('2025-03-01T10:00:00Z') });
    expect(config.maintenance[1]).toMatchObject({ cron: '0 3 * * 0', duration: 1_800_000 });
  });

  it('returns a frozen config', () => {
    const config = load('full.good.yaml');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.targets[0]?.probes)).toBe(true);
  });
});
