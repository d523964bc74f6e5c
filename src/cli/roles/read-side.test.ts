import { describe, expect, it } from 'vitest';
import { type Config, loadConfigText, RuleConfig } from '../../config/index.js';
import { MemoryAlertStateStore, type NewIncident, type Sample, seriesKey, silentLogger, systemClock } from '../../core/index.js';
import { MemorySeriesStore } from '../../core/memory-series-store.js';
import { RuleEngine } from '../../alerter/index.js';
import { type LiveAlert, LiveFeed, type LiveIncident } from '../../dashboard/stream/index.js';
import { openSqliteDatabase } from '../../store/sqlite/database.js';
import { SqliteIncidentStore } from '../../store/sqlite/sqlite-incident-store.js';
import { incidentTap } from './incident-tap.js';
import { StoredAlerts } from './stored-alerts.js';
import { StoredTargetStatus } from './stored-target-status.js';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
const DOWN = [RuleConfig.parse({ name: 'target_down', kind: 'threshold', select: 'up', op: '==', value: 0, for: '0s', severity: 'S2', group_by: ['target'] })];
const up = (target: string, t: number, v: number): Sample => ({ series: seriesKey('up', { target, probe: 'sip' }), t, v });

function listenTo(feed: LiveFeed): { alerts: LiveAlert[]; incidents: LiveIncident[] } {
  const seen = { alerts: [] as LiveAlert[], incidents: [] as LiveIncident[] };
  feed.listen({ samples: () => undefined, target: () => undefined, alert: (a) => seen.alerts.push(a), incident: (i) => seen.incidents.push(i) });
  return seen;
}

describe('StoredAlerts', () => {
  it('shows the alerts another process saved, and publishes what changed between two reads', async () => {
    const series = new MemorySeriesStore();
    const states = new MemoryAlertStateStore();
    const alerter = new RuleEngine({ querier: series, appender: series, states, log: silentLogger });
    await alerter.restore();
    const feed = new LiveFeed();
    const seen = listenTo(feed);
    const stored = new StoredAlerts({ states, querier: series, appender: series, feed, log: silentLogger });
    await stored.refresh();
    expect(stored.active()).toEqual([]);

    await series.append([up('sbc-1', T0, 0), up('sbc-2', T0, 1)]);
    await alerter.evaluate(DOWN, T0);
    await stored.refresh();
    expect(stored.active()).toEqual(alerter.active());
    expect(stored.active().map((a) => [a.labels['target'], a.status])).toEqual([['sbc-1', 'firing']]);

    await series.append([up('sbc-1', T0 + 15_000, 1), up('sbc-2', T0 + 15_000, 1)]);
    await alerter.evaluate(DOWN, T0 + 15_000);
    await stored.refresh();
    expect(stored.active()).toEqual([]);
    expect(seen.alerts.map((a) => [(a['labels'] as Record<string, string>)['target'], a.change])).toEqual([
      ['sbc-1', 'firing'],
      ['sbc-1', 'resolved'],
    ]);
  });

  it('publishes nothing while the engine of its own process does', async () => {
    const series = new MemorySeriesStore();
    const states = new MemoryAlertStateStore();
    const alerter = new RuleEngine({ querier: series, appender: series, states, log: silentLogger });
    const feed = new LiveFeed();
    const seen = listenTo(feed);
    const stored = new StoredAlerts({ states, querier: series, appender: series, feed, publish: () => false, log: silentLogger });
    await series.append([up('sbc-1', T0, 0)]);
    await alerter.evaluate(DOWN, T0);
    await stored.refresh();
    expect(stored.active()).toHaveLength(1);
    expect(seen.alerts).toEqual([]);
  });
});

function config(): Config {
  const result = loadConfigText(
    `defaults: { interval: 10s, timeout: 5s }
targets:
  - { id: sbc-1, role: sbc, site: qro, probes: [{ kind: sip_options, name: sip, target: "sip:127.0.0.1" }] }
  - { id: sbc-2, role: sbc, site: qro, pair: sbc-1, probes: [{ kind: sip_options, name: sip, target: "sip:127.0.0.1" }] }
  - { id: db-1, role: database, site: qro, probes: [{ kind: tcp, host: 127.0.0.1, port: 5432 }] }
`,
    { file: 'noc.yaml' },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

describe('StoredTargetStatus', () => {
  it('judges each configured probe from its last up in the shared store', async () => {
    const series = new MemorySeriesStore();
    const now = Date.now();
    await series.append([up('sbc-1', now - 5_000, 1), up('sbc-2', now - 5_000, 0)]);
    await series.append([{ series: seriesKey('probe_duration_seconds', { target: 'sbc-1', probe: 'sip' }), t: now - 5_000, v: 0.0123 }]);
    const parsed = config();
    const status = new StoredTargetStatus({ querier: series, config: () => parsed, log: silentLogger });
    await status.refresh();
    expect(status.targets()).toEqual([
      {
        target: 'sbc-1',
        role: 'sbc',
        site: 'qro',
        dependsOn: [],
        state: 'up',
        probes: [{ probe: 'sip', kind: 'sip_options', state: 'up', intervalMs: 10_000, overruns: 0, lastRunAt: now - 5_000, lastDurationMs: 12 }],
      },
      {
        target: 'sbc-2',
        role: 'sbc',
        site: 'qro',
        pair: 'sbc-1',
        dependsOn: [],
        state: 'down',
        probes: [{ probe: 'sip', kind: 'sip_options', state: 'down', intervalMs: 10_000, overruns: 0, lastRunAt: now - 5_000 }],
      },
      { target: 'db-1', role: 'database', site: 'qro', dependsOn: [], state: 'unknown', probes: [{ probe: 'tcp', kind: 'tcp', state: 'unknown', intervalMs: 10_000, overruns: 0 }] },
    ]);
  });
});

describe('incidentTap', () => {
  it('publishes incidents another process opened, changed or closed since the last look', async () => {
    const db = openSqliteDatabase(':memory:');
    const incidents = new SqliteIncidentStore(db);
    const feed = new LiveFeed();
    const seen = listenTo(feed);
    const tap = incidentTap({ incidents, feed, clock: systemClock, log: silentLogger });
    const base: NewIncident = {
      title: 'sbc-1 down',
      description: 'SIP OPTIONS unanswered',
      severity: 'S2',
      channel: 'monitoring',
      registeredBy: 'alerter',
      affectedTargets: ['sbc-1'],
      affectedUsers: 0,
      labels: {},
      occurredAt: T0,
      registeredAt: T0,
      attentionDue: T0 + 3_600_000,
      solutionDue: T0 + 3 * 3_600_000,
    };
    const first = await incidents.create(base, 'NOC');
    await tap.runNow();
    expect(seen.incidents).toEqual([]);
    const second = await incidents.create(base, 'NOC');
    await incidents.update(first.number, { status: 'closed', closedAt: T0 + 1, category: 'hardware' }, { at: T0 + 1, actor: 'op', action: 'closed' });
    await tap.runNow();
    expect(seen.incidents.map((i) => [i.number, i['status']])).toEqual([
      [second.number, 'registered'],
      [first.number, 'closed'],
    ]);
    await tap.runNow();
    expect(seen.incidents).toHaveLength(2);
    db.close();
  });
});
