// Benchmark of alert rule evaluation: 2,000 rules over 100,000 series (20 metrics × 5,000 targets), one
// cycle every 10 s, the rules reading the hot window of the embedded store. Between cycles every series
// gets its next sample (outside the timed region); ~1 % of the targets are in trouble at any time, so
// alerts go pending, fire and resolve, ALERTS series are written and alert states persisted every cycle.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RuleEngine } from '../src/alerter/index.js';
import { RULE_EVALUATORS, type RuleEvaluator } from '../src/alerter/rules/index.js';
import { RuleConfig } from '../src/config/index.js';
import { ManualClock, type Sample, type SampleAppender, type SeriesKey, type SeriesQuerier, seriesKey, silentLogger } from '../src/core/index.js';
import { MemorySeriesStore } from '../src/core/memory-series-store.js';
import { openSqliteDatabase } from '../src/store/sqlite/database.js';
import { SqliteAlertStateStore } from '../src/store/sqlite/sqlite-alert-state-store.js';
import { SqliteSeriesStore } from '../src/store/sqlite/sqlite-series-store.js';
import { prng } from './data.js';
import { type BenchRow, median, toMarkdown } from './measure.js';

export const INTERVAL = 10_000;
const TARGETS = 5_000;
const SITES = 100;
const ROLES = ['core', 'sbc', 'database', 'https', 'host'] as const;
/** Polls written before the first evaluation: 15 minutes, so 5-minute and 15-minute windows are full. */
export const HISTORY_POLLS = 90;
const WARMUP_CYCLES = 5;
export const T0 = Date.UTC(2026, 10, 2, 9, 20, 0);
/** Share of targets in trouble at any time; a trouble episode lasts 6 polls (one minute). */
const TROUBLE_SHARE = 0.01;
const EPISODE_POLLS = 6;

/** How one metric's values move, and what they do while its target is in trouble. */
interface MetricModel {
  readonly name: string;
  readonly probe: string;
  readonly extra?: Readonly<Record<string, string>>;
  /** The first value of a series. */
  start(r: () => number): number;
  /** The next value; undefined for no sample (a silent probe). */
  next(previous: number, r: () => number, trouble: boolean): number | undefined;
  /** Trouble leaves its mark (a counter's burst, a disk filled): otherwise the value returns to where it was. */
  readonly cumulative?: boolean;
  /** The rule watching this metric at site `site` (0…99), without name, select and severity. */
  rule(site: number): Record<string, unknown>;
}

const walk = (v: number, r: () => number, step: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round((v + (r() - 0.5) * step) * 100) / 100));
const latency = (r: () => number, base: number) => Math.round((base + r() * base * 0.4) * 1000) / 1000;
const threshold = (op: string, value: number, extra: Record<string, unknown> = {}) => ({ kind: 'threshold', op, value, ...extra });
const aggregate = (fn: string, op: string, value: number) => threshold(op, value, { aggregate: { fn, window: '5m' } });

/**
 * The 20 metrics of every target and the rule each site has on them: mostly thresholds on the latest value,
 * 19.5 % on a 5-minute avg or rate, 8 % absent, 3 % forecast, 2 % change and 2 % anomaly.
 */
const METRICS: readonly MetricModel[] = [
  { name: 'up', probe: 'icmp', start: () => 1, next: (_v, _r, bad) => (bad ? 0 : 1), rule: () => threshold('==', 0, { for: '30s' }) },
  { name: 'probe_duration_seconds', probe: 'icmp', start: (r) => latency(r, 0.02), next: (_v, r, bad) => (bad ? 2.5 : latency(r, 0.02)), rule: () => threshold('>', 1) },
  { name: 'sip_options_rtt_seconds', probe: 'sip_options', start: (r) => latency(r, 0.01), next: (_v, r, bad) => (bad ? undefined : latency(r, 0.01)), rule: () => ({ kind: 'absent', window: '30s' }) },
  {
    name: 'sip_response_code',
    probe: 'sip_options',
    start: () => 200,
    next: (_v, _r, bad) => (bad ? 503 : 200),
    rule: (site) => (site < 20 ? { kind: 'change', hold: '5m' } : threshold('>=', 500)),
  },
  {
    name: 'sip_active_dialogs',
    probe: 'kamailio_rpc',
    start: (r) => Math.round(200 + r() * 400),
    next: (v, r, bad) => (bad ? 6000 : Math.max(0, Math.round(v + (r() - 0.5) * 10))),
    rule: (site) => (site < 20 ? { kind: 'anomaly', baseline: 'rolling', window: '15m', k: 4 } : threshold('>', 5000)),
  },
  {
    name: 'sip_registered_contacts',
    probe: 'kamailio_rpc',
    start: (r) => Math.round(800 + r() * 400),
    next: (v, r, bad) => (bad ? 10 : Math.max(0, Math.round(v + (r() - 0.5) * 6))),
    rule: (site) => (site < 20 ? { kind: 'anomaly', baseline: 'rolling', window: '15m', k: 4, direction: 'below' } : threshold('<', 100)),
  },
  {
    name: 'sip_transactions_total',
    probe: 'kamailio_rpc',
    extra: { code_class: '5xx' },
    start: () => 0,
    cumulative: true,
    next: (v, r, bad) => v + Math.floor(r() * 3) + (bad ? 2_000 : 0),
    rule: () => aggregate('rate', '>', 10),
  },
  { name: 'sip_blocked_sources', probe: 'kamailio_rpc', start: () => 0, next: (_v, r, bad) => (bad ? 50 : Math.floor(r() * 4)), rule: () => threshold('>', 20, { for: '30s' }) },
  {
    name: 'http_status_code',
    probe: 'https',
    start: () => 200,
    next: (_v, _r, bad) => (bad ? 500 : 200),
    rule: (site) => (site < 20 ? { kind: 'change', hold: '5m' } : threshold('>=', 500)),
  },
  {
    name: 'http_phase_seconds',
    probe: 'https',
    extra: { phase: 'total' },
    start: (r) => latency(r, 0.12),
    next: (_v, r, bad) => (bad ? undefined : latency(r, 0.12)),
    rule: (site) => (site < 60 ? { kind: 'absent', window: '30s' } : aggregate('avg', '>', 2)),
  },
  {
    name: 'tls_cert_expiry_seconds',
    probe: 'https',
    start: (r) => Math.round(30 + r() * 60) * 86_400,
    next: (v, _r, bad) => (bad ? 3 * 86_400 : v - 10),
    rule: (site) => (site < 30 ? { kind: 'forecast', op: '<', value: 7 * 86_400, window: '15m', horizon: '1d' } : threshold('<', 14 * 86_400)),
  },
  { name: 'db_connections', probe: 'postgres', start: (r) => Math.round(20 + r() * 60), next: (v, r, bad) => (bad ? 190 : Math.round(walk(v, r, 4, 5, 120))), rule: () => threshold('>', 180) },
  {
    name: 'db_replication_lag_seconds',
    probe: 'postgres',
    start: (r) => r() * 2,
    next: (_v, r, bad) => (bad ? 120 : Math.round(r() * 200) / 100),
    rule: () => threshold('>', 30, { for: '30s' }),
  },
  {
    name: 'db_last_backup_age_seconds',
    probe: 'postgres',
    start: (r) => Math.round(r() * 20_000),
    next: (v, _r, bad) => (bad ? 100_000 : v + 10),
    rule: () => threshold('>', 28_800),
  },
  { name: 'db_query_seconds', probe: 'postgres', start: (r) => latency(r, 0.005), next: (_v, r, bad) => (bad ? 5 : latency(r, 0.005)), rule: () => threshold('>', 1) },
  ...(['if_in_octets_total', 'if_out_octets_total'] as const).map(
    (name): MetricModel => ({
      name,
      probe: 'snmp',
      extra: { ifname: 'eth0' },
      start: (r) => Math.floor(r() * 1e12),
      cumulative: true,
      next: (v, r, bad) => v + (bad ? 120_000_000 : 115_000 + Math.floor(r() * 20_000)),
      rule: () => aggregate('rate', '>', 1e6),
    }),
  ),
  {
    name: 'cpu_usage_percent',
    probe: 'snmp',
    start: (r) => 20 + r() * 40,
    next: (v, r, bad) => (bad ? 98 : walk(v, r, 2, 1, 80)),
    rule: (site) => (site < 50 ? aggregate('avg', '>', 90) : threshold('>', 95, { for: '30s' })),
  },
  { name: 'memory_usage_percent', probe: 'snmp', start: (r) => 40 + r() * 30, next: (v, r, bad) => (bad ? 97 : walk(v, r, 1, 10, 85)), rule: () => threshold('>', 95) },
  {
    name: 'disk_free_bytes',
    probe: 'snmp',
    start: (r) => Math.round(20e9 + r() * 60e9),
    cumulative: true,
    next: (v, r, bad) => Math.max(0, v - (bad ? 1e8 : Math.floor(r() * 20_000))),
    rule: (site) => (site < 30 ? { kind: 'forecast', op: '<', value: 5e9, window: '15m', horizon: '4h' } : threshold('<', 1e9)),
  },
];

/** 100,000 series (every metric of every target) whose values move each poll. */
export class RuleWorkload {
  readonly keys: SeriesKey[] = [];
  private readonly values: Float64Array;
  private readonly random = prng(7);

  constructor() {
    for (let target = 0; target < TARGETS; target++) {
      const labels = { target: `t-${String(target).padStart(4, '0')}`, role: ROLES[target % ROLES.length] as string, site: `site-${target % SITES}` };
      for (const metric of METRICS) this.keys.push(seriesKey(metric.name, { ...labels, probe: metric.probe, ...metric.extra }));
    }
    this.values = new Float64Array(this.keys.length);
    for (let i = 0; i < this.keys.length; i++) this.values[i] = (METRICS[i % METRICS.length] as MetricModel).start(this.random);
  }

  /** The 2,000 rules: one per metric and site, each selecting that metric's 50 series at the site. */
  rules(): RuleConfig[] {
    const out: RuleConfig[] = [];
    for (const metric of METRICS) {
      for (let site = 0; site < SITES; site++) {
        const rule = metric.rule(site);
        out.push(RuleConfig.parse({ name: `${metric.name}_${String(rule.kind)}_site_${site}`, select: `${metric.name}{site="site-${site}"}`, severity: 'S3', interval: '10s', ...rule }));
      }
    }
    return out;
  }

  /** Whether `target` is in trouble during `poll`: episodes of one minute, staggered across targets. */
  inTrouble(target: number, poll: number): boolean {
    const episode = Math.floor((poll + (target % EPISODE_POLLS)) / EPISODE_POLLS);
    let h = Math.imul(target ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(episode + 1, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    h ^= h >>> 15;
    return (h >>> 0) / 4294967296 < TROUBLE_SHARE;
  }

  /** Poll `poll`: one batch per target, stamped at the target's offset in the interval. */
  *poll(poll: number): Generator<Sample[]> {
    const per = METRICS.length;
    for (let target = 0; target < TARGETS; target++) {
      const t = T0 + poll * INTERVAL + Math.floor((target * INTERVAL) / TARGETS);
      const trouble = this.inTrouble(target, poll);
      const batch: Sample[] = [];
      for (let m = 0; m < per; m++) {
        const i = target * per + m;
        const model = METRICS[m] as MetricModel;
        const v = model.next(this.values[i] as number, this.random, trouble);
        if (v === undefined) continue;
        if (!trouble || model.cumulative) this.values[i] = v;
        batch.push({ series: this.keys[i] as SeriesKey, t, v });
      }
      yield batch;
    }
  }
}

/** One store the engine evaluates against, with its own engine and alert states. */
interface Subject {
  readonly label: string;
  readonly querier: SeriesQuerier;
  readonly appender: SampleAppender;
  readonly engine: RuleEngine;
  readonly wallMs: number[];
  readonly cpuMs: number[];
  readonly evaluatorMs: number[];
  events: number;
}

const collectGarbage = (globalThis as { gc?: (options?: { type: 'major' | 'minor' }) => void }).gc;

/**
 * What runs before each timed cycle (`BENCH_RULES_SETTLE`): `minor` (the default), a young-generation GC;
 * `full`, a forced full GC, as earlier passes did. A forced full GC is V8's last-resort collection: it also
 * drops the compiled code of every function, so each timed cycle would start in the interpreter and compile
 * its ~70 functions again on helper threads (~200 ms of CPU a cycle on the benchmark machine). A running
 * alerter meets that only under memory pressure; its ordinary major GCs keep the code of functions in use.
 */
const SETTLE = process.env.BENCH_RULES_SETTLE === 'full' ? 'full' : 'minor';

/** A GC, then a pause so the sweeping it leaves to helper threads is not billed to what is timed next. */
async function settle(): Promise<void> {
  if (collectGarbage === undefined) return;
  if (SETTLE === 'minor') collectGarbage({ type: 'minor' });
  else collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 50));
}

function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

/** The rule evaluators alone (store queries and judging, no lifecycle or persistence), for the breakdown. */
async function evaluatorsOnly(rules: readonly RuleConfig[], querier: SeriesQuerier, at: number): Promise<{ ms: number; observations: number }> {
  await settle();
  const start = performance.now();
  let observations = 0;
  for (const rule of rules) observations += (await (RULE_EVALUATORS[rule.kind] as RuleEvaluator<RuleConfig['kind']>)(rule, querier, at)).length;
  return { ms: performance.now() - start, observations };
}

/**
 * Runs the benchmark: `cycles` timed evaluations (after warm-up) against the embedded store and, with
 * `reference`, against the in-memory reference store, alternating cycle by cycle.
 */
export async function runRulesBench(cycles = Number(process.env.BENCH_RULE_CYCLES ?? 20), reference = process.env.BENCH_RULES_REFERENCE !== '0'): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'noc-bench-rules-'));
  const clock = new ManualClock(T0);
  const store = SqliteSeriesStore.open({ path: join(dir, 'noc.db'), hotWindow: 3 * 3_600_000, retention: { raw: 1e12, '1m': 1e12, '1h': 1e12 }, clock, background: false });
  const referenceDb = reference ? openSqliteDatabase(join(dir, 'reference.db')) : undefined;
  const memory = reference ? new MemorySeriesStore() : undefined;
  const workload = new RuleWorkload();
  const rules = workload.rules();

  const subject = async (label: string, querier: SeriesQuerier, appender: SampleAppender, states: SqliteAlertStateStore): Promise<Subject> => {
    const engine = new RuleEngine({ querier, appender, states, log: silentLogger });
    await engine.restore();
    return { label, querier, appender, engine, wallMs: [], cpuMs: [], evaluatorMs: [], events: 0 };
  };
  const subjects = [await subject('embedded store', store, store, new SqliteAlertStateStore(store.database, clock))];
  if (memory && referenceDb) subjects.push(await subject('in-memory reference store', memory, memory, new SqliteAlertStateStore(referenceDb, clock)));

  const write = async (poll: number) => {
    for (const batch of workload.poll(poll)) {
      clock.set((batch[0] as Sample).t);
      await store.append(batch);
      await memory?.append(batch);
    }
    // Give queued sealing its turn, as the event loop does in the running process.
    await new Promise((resolve) => setImmediate(resolve));
  };
  for (let poll = 0; poll < HISTORY_POLLS; poll++) await write(poll);

  let observations = 0;
  let firing = 0;
  let transitions = 0;
  const sqliteStates = store.database.prepare('SELECT count(*) AS n FROM alert_state');
  for (let cycle = 0; cycle < WARMUP_CYCLES + cycles; cycle++) {
    const poll = HISTORY_POLLS + cycle;
    await write(poll);
    const at = T0 + (poll + 1) * INTERVAL;
    clock.set(at);
    const measured = cycle >= WARMUP_CYCLES;
    // Alternate which store goes first, so neither always runs on the other's leftovers.
    const order = cycle % 2 === 0 ? subjects : [...subjects].reverse();
    for (const s of order) {
      await settle();
      const cpu0 = process.cpuUsage();
      const start = performance.now();
      const events = await s.engine.evaluate(rules, at);
      const wall = performance.now() - start;
      const cpu = process.cpuUsage(cpu0);
      if (!measured) continue;
      s.wallMs.push(wall);
      s.cpuMs.push((cpu.user + cpu.system) / 1000);
      s.events += events.length;
      if (s === subjects[0]) {
        transitions += events.length;
        firing += s.engine.active().filter((a) => a.status === 'firing').length;
      }
    }
    if (measured) {
      for (const s of subjects) {
        const only = await evaluatorsOnly(rules, s.querier, at);
        s.evaluatorMs.push(only.ms);
        if (s === subjects[0]) observations += only.observations;
      }
    }
  }
  const persisted = (sqliteStates.get() as { n: number }).n;
  const [main] = subjects as [Subject];
  if (subjects[1] !== undefined && subjects[1].events !== main.events) throw new Error(`stores disagree: ${main.events} vs ${subjects[1].events} alert events`);

  const rows: BenchRow[] = [
    { figure: `workload: series judged per cycle by ${rules.length.toLocaleString('en-US')} rules`, value: observations / cycles, unit: 'series', goal: '' },
    { figure: 'workload: alerts firing, mean over the cycles', value: firing / cycles, unit: 'alerts', goal: '' },
    { figure: 'workload: alert events per cycle (pending, firing, resolved…)', value: transitions / cycles, unit: 'events', goal: '' },
    { figure: 'workload: alert states held in the database at the end', value: persisted, unit: 'rows', goal: '' },
  ];
  for (const s of subjects) {
    const cpu = median(s.cpuMs);
    const goal = (text: string) => (s === main ? text : '');
    rows.push({ figure: `${s.label}: evaluation per cycle, median of ${cycles}`, value: median(s.wallMs), unit: 'ms', goal: goal('≤ 200') });
    rows.push({ figure: `${s.label}: evaluation per cycle, p90`, value: percentile(s.wallMs, 0.9), unit: 'ms', goal: '' });
    rows.push({ figure: `${s.label}: CPU time per cycle, median`, value: cpu, unit: 'ms', goal: '' });
    rows.push({ figure: `${s.label}: share of one core at a 10 s interval`, value: (100 * cpu) / INTERVAL, unit: '%', goal: goal('< 2') });
    rows.push({ figure: `${s.label}: of which the rule evaluators alone (queries and judging), median`, value: median(s.evaluatorMs), unit: 'ms', goal: '' });
  }
  await store.close();
  referenceDb?.close();
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(toMarkdown(await runRulesBench()));
}
