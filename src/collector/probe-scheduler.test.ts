import { afterEach, describe, expect, it } from 'vitest';
import { type Config, loadConfigText } from '../config/index.js';
import { MemoryProbeStateStore, parseSeriesKey, type Sample, silentLogger, systemClock } from '../core/index.js';
import type { Probe, ProbeResult, ProbeRunContext } from './probe.js';
import type { ProbeFactories } from './probe-registry.js';
import { ProbeScheduler, stampTime } from './probe-scheduler.js';
import { stableOffset } from './schedule.js';

function config(yaml: string): Config {
  const result = loadConfigText(yaml);
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.line}:${i.col} ${i.path}: ${i.message}`).join('\n'));
  return result.config;
}

class MemoryAppender {
  readonly samples: Sample[] = [];
  async append(samples: readonly Sample[]) {
    this.samples.push(...samples);
    return { accepted: samples.length, rejected: 0 };
  }
  of(metric: string, labels: Record<string, string> = {}): Sample[] {
    return this.samples.filter((s) => {
      const id = parseSeriesKey(s.series);
      return id.metric === metric && Object.entries(labels).every(([k, v]) => id.labels[k] === v);
    });
  }
}

/** A probe whose behaviour the test scripts: how long a run takes and what it returns. */
class ScriptedProbe implements Probe {
  runs: ProbeRunContext[] = [];
  active = 0;
  maxActive = 0;
  closed = false;
  constructor(private readonly behave: (ctx: ProbeRunContext) => Promise<ProbeResult>) {}
  async run(ctx: ProbeRunContext): Promise<ProbeResult> {
    this.runs.push(ctx);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      return await this.behave(ctx);
    } finally {
      this.active--;
    }
  }
  async close() {
    this.closed = true;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const healthy = async (): Promise<ProbeResult> => ({ up: true, measurements: [{ metric: 'tcp_connect_seconds', value: 0.001 }] });
const never = (ctx: ProbeRunContext) =>
  new Promise<ProbeResult>((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }));

let scheduler: ProbeScheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
});

function start(cfg: Config, factories: ProbeFactories, appender = new MemoryAppender()) {
  scheduler = new ProbeScheduler(cfg, { appender, clock: systemClock, log: silentLogger, state: new MemoryProbeStateStore(), factories });
  scheduler.start();
  return { scheduler, appender };
}

const ONE_TARGET = `
defaults: { interval: 100ms, timeout: 80ms }
targets:
  - id: sbc-mx-1
    role: sbc
    site: mx
    labels: { country: MX }
    probes:
      - { kind: tcp, host: 127.0.0.1, port: 22 }
`;

describe('stampTime', () => {
  it.each([
    [30_000_150, 30_000_000, 30_000, 30_000_000],
    [30_000_300, 30_000_000, 30_000, 30_000_000],
    [30_000_301, 30_000_000, 30_000, 30_000_301],
    [29_999_800, 30_000_000, 30_000, 30_000_000],
    [10_000_120, 10_000_000, 10_000, 10_000_120],
  ])('started %i, due %i, interval %i → %i', (started, due, interval, expected) => {
    expect(stampTime(started, due, interval)).toBe(expected);
  });
});

describe('ProbeScheduler', () => {
  it('writes up, probe_duration_seconds and the measurements with the target labels at the run start time', async () => {
    const probe = new ScriptedProbe(healthy);
    const { appender } = start(config(ONE_TARGET), { tcp: () => probe });
    await sleep(350);
    const labels = { target: 'sbc-mx-1', probe: 'tcp', role: 'sbc', site: 'mx', country: 'MX' };
    const ups = appender.of('up', labels);
    expect(ups.length).toBeGreaterThanOrEqual(2);
    expect(ups.every((s) => s.v === 1)).toBe(true);
    expect(appender.of('probe_duration_seconds', labels)).toHaveLength(ups.length);
    const measured = appender.of('tcp_connect_seconds', labels);
    expect(measured.map((s) => s.t)).toEqual(ups.map((s) => s.t));
    // Runs sit on the probe's own grid: consecutive starts are one interval apart (± timer slack), and
    // a run that started within 1 ms (1% of 100 ms) of its grid time is stamped with it.
    const gaps = ups.slice(1).map((s, i) => s.t - (ups[i] as Sample).t);
    for (const gap of gaps) expect(Math.abs(gap - 100)).toBeLessThan(40);
    const offset = stableOffset('sbc-mx-1/tcp', 100);
    const onGrid = ups.filter((s) => (s.t - offset) % 100 === 0).length;
    expect(onGrid).toBeGreaterThanOrEqual(1);
  });

  it('runs once per interval even when its timer fires before the wall clock reaches the due time', async () => {
    // Under load, Node timers run off the event loop's cached time and can fire a little before Date.now()
    // reaches the due time: a clock that reads 30 ms behind every other call shows that.
    let calls = 0;
    const lagging = { now: () => Date.now() - (calls++ % 2 === 1 ? 30 : 0), monotonic: () => performance.now() };
    const probe = new ScriptedProbe(healthy);
    const appender = new MemoryAppender();
    scheduler = new ProbeScheduler(config(ONE_TARGET), { appender, clock: lagging, log: silentLogger, state: new MemoryProbeStateStore(), factories: { tcp: () => probe } });
    scheduler.start();
    await sleep(1000);
    expect(probe.runs.length).toBeGreaterThanOrEqual(8);
    expect(probe.runs.length).toBeLessThanOrEqual(11);
    expect(scheduler.stats().overruns).toBe(0);
  });

  it('ends a run that never answers at its timeout, as down with the reason, and aborts the probe', async () => {
    const probe = new ScriptedProbe(never);
    const { appender, scheduler: s } = start(config(ONE_TARGET), { tcp: () => probe });
    await sleep(260);
    const ups = appender.of('up');
    expect(ups.length).toBeGreaterThanOrEqual(1);
    expect(ups.every((u) => u.v === 0)).toBe(true);
    const durations = appender.of('probe_duration_seconds').map((d) => d.v);
    for (const d of durations) expect(d).toBeGreaterThanOrEqual(0.075);
    expect(probe.runs[0]?.signal.aborted).toBe(true);
    expect(s.targets()[0]?.probes[0]).toMatchObject({ state: 'down', lastError: 'timed out after 0.08s' });
  });

  it('skips and counts a run that is due while the previous one is still waiting or going, never stacking them', async () => {
    const probes = [0, 1, 2].map(() => new ScriptedProbe(async () => (await sleep(70), { up: true, measurements: [] })));
    let next = 0;
    const cfg = config(`
collector: { max_concurrent: 1 }
defaults: { interval: 100ms, timeout: 90ms }
targets:
  - { id: a, role: host, site: x, probes: [{ kind: tcp, host: 127.0.0.1, port: 22 }] }
  - { id: b, role: host, site: x, probes: [{ kind: tcp, host: 127.0.0.1, port: 22 }] }
  - { id: c, role: host, site: x, probes: [{ kind: tcp, host: 127.0.0.1, port: 22 }] }
`);
    const { scheduler: s } = start(cfg, { tcp: () => probes[next++] as ScriptedProbe });
    await sleep(700);
    const overruns = s.stats().overruns;
    expect(overruns).toBeGreaterThan(0);
    expect(s.targets().reduce((n, t) => n + (t.probes[0]?.overruns ?? 0), 0)).toBe(overruns);
    for (const probe of probes) expect(probe.maxActive).toBe(1);
    // The global cap of 1: never two runs at once across all probes.
    expect(s.stats().inFlight).toBeLessThanOrEqual(1);
  });

  it('keeps healthy probes on time while a hundred targets never answer', async () => {
    const slow = Array.from({ length: 100 }, (_, i) => `  - { id: slow-${i}, role: host, site: x, probes: [{ kind: tcp, host: 127.0.0.1, port: 22, interval: 1s, timeout: 900ms }] }`);
    const cfg = config(`
defaults: { interval: 200ms, timeout: 150ms }
targets:
${slow.join('\n')}
  - { id: fine, role: host, site: x, probes: [{ kind: prometheus, url: "http://127.0.0.1:9100/metrics" }] }
`);
    const fine = new ScriptedProbe(healthy);
    const { appender } = start(cfg, { tcp: () => new ScriptedProbe(never), prometheus: () => fine });
    await sleep(2100);
    const starts = appender.of('up', { target: 'fine' }).map((s) => s.t);
    expect(starts.length).toBeGreaterThanOrEqual(9);
    // No run of the healthy probe is delayed: every gap stays close to its 200 ms interval.
    const gaps = starts.slice(1).map((t, i) => t - (starts[i] as number));
    expect(Math.max(...gaps)).toBeLessThan(200 + 1000);
    expect(Math.max(...gaps)).toBeLessThan(300);
    expect(appender.of('up', { target: 'slow-0' }).every((s) => s.v === 0)).toBe(true);
  });

  it('reloads: unchanged probes keep running untouched, changed ones are replaced, removed ones closed', async () => {
    const made: Record<string, ScriptedProbe[]> = {};
    const factory = (name: string) => () => {
      const probe = new ScriptedProbe(healthy);
      (made[name] ??= []).push(probe);
      return probe;
    };
    const first = config(`
defaults: { interval: 100ms, timeout: 50ms }
targets:
  - { id: keep, role: host, site: x, probes: [{ kind: tcp, host: 127.0.0.1, port: 22 }] }
  - { id: change, role: host, site: x, probes: [{ kind: prometheus, url: "http://127.0.0.1:9100/metrics" }] }
  - { id: drop, role: host, site: x, probes: [{ kind: https, url: "https://drop.test/" }] }
`);
    const { scheduler: s } = start(first, { tcp: factory('keep'), prometheus: factory('change'), https: factory('drop') });
    await sleep(150);
    s.apply(
      config(`
defaults: { interval: 100ms, timeout: 50ms }
targets:
  - { id: keep, role: host, site: x, probes: [{ kind: tcp, host: 127.0.0.1, port: 22 }] }
  - { id: change, role: host, site: y, probes: [{ kind: prometheus, url: "http://127.0.0.1:9100/metrics" }] }
  - { id: new, role: host, site: x, probes: [{ kind: tcp, host: 127.0.0.1, port: 22, name: extra }] }
`),
    );
    await sleep(250);
    expect(made.keep).toHaveLength(2); // 'keep' once, plus the new target's tcp probe
    expect(made.keep?.[0]?.closed).toBe(false);
    expect(made.change).toHaveLength(2);
    expect(made.change?.[0]?.closed).toBe(true);
    expect(made.drop?.[0]?.closed).toBe(true);
    expect(s.targets().map((t) => `${t.target}:${t.site}`).sort()).toEqual(['change:y', 'keep:x', 'new:x']);
    expect(made.keep?.[1]?.runs.length).toBeGreaterThan(0);
  });

  it('writes pair_members_up for redundant pairs: 2 healthy, 1 redundancy lost, 0 service down', async () => {
    const health: Record<string, boolean> = { 'core-1': true, 'core-2': true };
    const cfg = config(`
defaults: { interval: 100ms, timeout: 50ms }
targets:
  - { id: core-1, role: core, site: qro, pair: core-2, probes: [{ kind: tcp, host: 127.0.0.1, port: 22 }] }
  - { id: core-2, role: core, site: gdl, pair: core-1, probes: [{ kind: tcp, host: 127.0.0.1, port: 22 }] }
`);
    const { appender } = start(cfg, {
      tcp: () => new ScriptedProbe(async (ctx) => ({ up: health[ctx.target.id] ?? false, measurements: [] })),
    });
    const latest = () => appender.of('pair_members_up', { pair: 'core-1+core-2' }).at(-1)?.v;
    await sleep(250);
    expect(latest()).toBe(2);
    expect(scheduler?.targets().find((t) => t.target === 'core-1')).toMatchObject({ pair: 'core-2', dependsOn: [] });
    health['core-2'] = false;
    await sleep(250);
    expect(latest()).toBe(1);
    health['core-1'] = false;
    await sleep(250);
    expect(latest()).toBe(0);
    const times = appender.of('pair_members_up').map((s) => s.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('reports kinds this version cannot run, and aggregates target state', async () => {
    const { scheduler: s } = start(
      config(`
defaults: { interval: 100ms, timeout: 50ms }
targets:
  - { id: core-1, role: core, site: x, probes: [{ kind: sip_options, target: 'sip:127.0.0.1' }, { kind: tcp, host: 127.0.0.1, port: 22 }] }
`),
      { tcp: () => new ScriptedProbe(healthy) },
    );
    expect(s.targets()[0]).toMatchObject({ state: 'unknown' });
    await sleep(250);
    const [status] = s.targets();
    expect(status?.probes.find((p) => p.kind === 'sip_options')).toMatchObject({
      state: 'unknown',
      lastError: "probe kind 'sip_options' is not available in this version",
    });
    expect(status?.probes.find((p) => p.kind === 'tcp')).toMatchObject({ state: 'up' });
    expect(status?.state).toBe('unknown');
  });

  it('stops after in-flight runs finish, aborting them at the stop timeout', async () => {
    const probe = new ScriptedProbe(never);
    const cfg = config(`
collector: { stop_timeout: 100ms }
defaults: { interval: 100ms, timeout: 90ms }
targets:
  - { id: a, role: host, site: x, probes: [{ kind: tcp, host: 127.0.0.1, port: 22 }] }
`);
    const { scheduler: s } = start(cfg, { tcp: () => probe });
    await sleep(120);
    const before = Date.now();
    await s.stop();
    expect(Date.now() - before).toBeLessThan(500);
    expect(probe.closed).toBe(true);
    scheduler = undefined;
  });
});
