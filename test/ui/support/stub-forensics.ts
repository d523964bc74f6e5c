// Canned forensics for the stub NOC, shaped as the API contract (issue 8): `GET /api/v1/forensics`, the snapshot
// on the incident, and the series behind the ranked entries for `query_range` (a fault on sbc-co-1).
import type express from 'express';

type Labels = Record<string, string>;
type Method = 'ks' | 'volume' | 'levelShift';

/** One scripted series: a level before the fault, another after it, with some wobble. */
interface Scripted {
  metric: string;
  labels: Labels;
  rated: boolean;
  before: number;
  after: number;
  /** ms after the fault at which the series moves (negative: it moved first). */
  shiftMs: number;
  combined: number;
  rankedBy: Method;
  /** Steps of 10 s by which it leads the focus (negative: follows). */
  lag: number;
  sign: 1 | -1;
  r: number;
}

const FOCUS = { metric: 'sip_registered_contacts', labels: { target: 'sbc-co-1', role: 'sbc', site: 'co' } };
const SCRIPT: Scripted[] = [
  { metric: 'sip_options_rtt_seconds', labels: { target: 'sbc-co-1', probe: 'sip_options' }, rated: false, before: 0.021, after: 0.48, shiftMs: -40_000, combined: 0.99, rankedBy: 'levelShift', lag: 4, sign: -1, r: -0.93 },
  { metric: 'net_rx_packets_total', labels: { target: 'sbc-co-1', iface: 'eth0' }, rated: true, before: 1200, after: 58_000, shiftMs: -60_000, combined: 0.97, rankedBy: 'volume', lag: 6, sign: -1, r: -0.88 },
  { metric: 'sip_blocked_sources', labels: { target: 'sbc-co-1' }, rated: false, before: 2, after: 340, shiftMs: -20_000, combined: 0.95, rankedBy: 'levelShift', lag: 2, sign: -1, r: -0.9 },
  { metric: 'sip_active_dialogs', labels: { target: 'sbc-co-1', role: 'sbc', site: 'co' }, rated: false, before: 41, after: 6, shiftMs: 0, combined: 0.93, rankedBy: 'ks', lag: 0, sign: 1, r: 0.96 },
  { metric: 'up', labels: { target: 'sbc-co-1', probe: 'sip_options' }, rated: false, before: 1, after: 0, shiftMs: 10_000, combined: 0.9, rankedBy: 'ks', lag: -1, sign: 1, r: 0.81 },
  { metric: 'kamailio_shm_used_bytes', labels: { target: 'sbc-co-1' }, rated: false, before: 3.1e8, after: 4.6e8, shiftMs: 30_000, combined: 0.74, rankedBy: 'volume', lag: -3, sign: -1, r: -0.62 },
  { metric: 'sip_options_rtt_seconds', labels: { target: 'sbc-co-2', probe: 'sip_options' }, rated: false, before: 0.019, after: 0.034, shiftMs: 90_000, combined: 0.61, rankedBy: 'ks', lag: -9, sign: -1, r: -0.41 },
  { metric: 'db_connections', labels: { target: 'db-1' }, rated: false, before: 48, after: 57, shiftMs: 120_000, combined: 0.38, rankedBy: 'volume', lag: -12, sign: -1, r: -0.22 },
];

const labelsOfSelector = (text: string): { metric: string; labels: Labels } => {
  const metric = text.replace(/\{.*$/s, '');
  const labels: Labels = {};
  for (const [, name, value] of text.matchAll(/(\w+)\s*=\s*"([^"]*)"/g)) labels[name as string] = value as string;
  return { metric, labels };
};
const matches = (selector: { metric: string; labels: Labels }, series: { metric: string; labels: Labels }) =>
  (selector.metric === '' || selector.metric === series.metric) && Object.entries(selector.labels).every(([name, value]) => series.labels[name] === value);

/** The value of a scripted series at `t`: a step at the fault, smoothed over a minute, with a wobble. */
function valueAt(s: Scripted | typeof FOCUS, t: number, fault: number): number {
  const scripted = 'before' in s ? s : { before: 905, after: 112, shiftMs: 40_000, rated: false };
  const x = (t - (fault + scripted.shiftMs)) / 60_000;
  const step = 1 / (1 + Math.exp(-6 * x));
  const level = scripted.before + (scripted.after - scripted.before) * step;
  const wobble = 1 + 0.04 * Math.sin(t / 97_000) + 0.02 * Math.sin(t / 13_000);
  return scripted.before <= 1 && scripted.after <= 1 && scripted.before + scripted.after === 1 ? Math.round(level) : level * wobble;
}

/** A parse of the API's times: now, -2h, ISO-8601, Unix seconds. */
function parseTime(text: string, now: number): number | undefined {
  if (text === 'now') return now;
  const relative = /^-(\d+)([smhd])$/.exec(text);
  if (relative) return now - Number(relative[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 's' | 'm' | 'h' | 'd'];
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

const stats = (median: number) => ({ count: 120, mean: median, median, p95: median * 1.05, min: median * 0.95, max: median * 1.06, stddev: Math.abs(median) * 0.02 });
const key = (s: { metric: string; labels: Labels }) =>
  `${s.metric}{${Object.keys(s.labels)
    .sort()
    .map((n) => `${n}=${JSON.stringify(s.labels[n])}`)
    .join(',')}}`;

function entryOf(s: Scripted, rank: number, withFocus: boolean) {
  const relativeChange = (s.after - s.before) / Math.abs(s.before || 1);
  return {
    rank,
    key: key(s),
    metric: s.metric,
    labels: s.labels,
    rated: s.rated,
    scores: { ks: s.rankedBy === 'ks' ? s.combined : 0.5, ksStatistic: 0.6, volume: 1.2, relativeChange: Math.max(-10, Math.min(10, relativeChange)), levelShift: 42, effectSize: null },
    normalised: { ks: s.rankedBy === 'ks' ? s.combined : 0.4, volume: s.rankedBy === 'volume' ? s.combined : 0.3, levelShift: s.rankedBy === 'levelShift' ? s.combined : 0.35 },
    combined: s.combined,
    rankedBy: s.rankedBy,
    baselineStats: stats(s.before),
    windowStats: stats(s.after),
    ...(withFocus
      ? {
          correlation: {
            pearson: { lag: s.lag, lagMs: s.lag * 10_000, r: s.r },
            best: 'pearson',
            lag: s.lag,
            lagMs: s.lag * 10_000,
            r: s.r,
            sign: s.sign,
            relation: s.lag > 0 ? 'leads' : s.lag < 0 ? 'follows' : 'coincides',
            description: s.lag === 0 ? 'moves with it' : `${s.lag > 0 ? 'leads' : 'follows'} by ${Math.abs(s.lag) * 10}s${s.sign < 0 ? ', inversely' : ''}`,
          },
        }
      : {}),
  };
}

function timelineOf(fault: number, incident: string, from: number, to: number) {
  const iso = (ms: number) => new Date(ms).toISOString();
  const events = [
    { at: fault - 50 * 60_000, kind: 'ssl_grade_changed', title: 'www 127.0.10.52: SSL grade A+ → A', labels: { target: 'www', ip: '127.0.10.52' }, target: 'www', details: { previous: 'A+', grade: 'A' } },
    { at: fault - 30 * 60_000, kind: 'config_reloaded', title: 'configuration reloaded', labels: { target: 'noc' }, details: {} },
    { at: fault - 2 * 60_000, kind: 'alert_pending', title: 'SipOptionsSlow pending on sbc-co-1', labels: { alertname: 'SipOptionsSlow', target: 'sbc-co-1' }, target: 'sbc-co-1', severity: 'S3', details: {} },
    { at: fault, kind: 'target_down', title: 'sbc-co-1 down (sip_options)', labels: { target: 'sbc-co-1', probe: 'sip_options' }, target: 'sbc-co-1', details: {} },
    { at: fault + 60_000, kind: 'alert_firing', title: 'SbcDown firing on sbc-co-1', labels: { alertname: 'SbcDown', target: 'sbc-co-1' }, target: 'sbc-co-1', severity: 'S2', details: {} },
    { at: fault + 61_000, kind: 'incident_opened', title: `${incident} opened: sbc-co-1 does not answer its sip_options probe`, labels: { target: 'sbc-co-1' }, target: 'sbc-co-1', severity: 'S2', incident, details: {} },
    { at: fault + 70_000, kind: 'incident_notification_sent', title: `${incident}: notified noc-l1 by email`, labels: {}, incident, details: { channel: 'email' } },
    { at: fault + 12 * 60_000, kind: 'maintenance_started', title: 'maintenance "co-edge-patch" started', labels: { target: 'sbc-co-2' }, target: 'sbc-co-2', details: { name: 'co-edge-patch' } },
  ];
  return events.filter((e) => e.at >= from - 4 * (to - from) && e.at <= to).map((e) => ({ ...e, at: iso(e.at) }));
}

/** What the stub answers about forensics, and the requests it saw (the test checks the window asked). */
export interface StubForensics {
  /** The query strings of every `GET /api/v1/forensics`, in order. */
  readonly requests: string[];
  /** The snapshot frozen on the incident, for `GET /api/v1/incidents/:number`. */
  snapshot(): unknown;
  /** Points of a scripted series for `query_range`, or undefined when the selector names none. */
  queryRange(match: string, from: number, to: number, stepMs: number): unknown[] | undefined;
}

/** Mounts the forensics routes on the stub's app (after its session check). */
export function installStubForensics(app: express.Express, incident: { number: string; occurredAt: string }): StubForensics {
  const fault = Date.parse(incident.occurredAt);
  const requests: string[] = [];
  const bad = (res: express.Response, status: number, code: string, message: string) => res.status(status).json({ error: { code, message } });

  app.get('/api/v1/forensics', (req, res) => {
    requests.push(new URLSearchParams(req.query as Record<string, string>).toString());
    const now = Date.now();
    const q = req.query as Record<string, string | undefined>;
    let from: number;
    let to: number;
    if (q.incident !== undefined) {
      if (q.incident !== incident.number) return bad(res, 404, 'not_found', `no incident ${q.incident}`);
      from = fault - 15 * 60_000;
      to = now;
    } else {
      const f = q.from === undefined ? undefined : parseTime(q.from, now);
      const t = parseTime(q.to ?? 'now', now);
      if (f === undefined) return bad(res, 400, 'bad_request', `parameter 'from': expected now, -2h, an ISO-8601 time or Unix seconds, got '${q.from ?? ''}'`);
      if (t === undefined) return bad(res, 400, 'bad_request', `parameter 'to': expected now, -2h, an ISO-8601 time or Unix seconds, got '${q.to ?? ''}'`);
      if (t <= f) return bad(res, 400, 'bad_request', "parameter 'to' must be after 'from'");
      from = f;
      to = t;
    }
    if (q.match !== undefined && (q.match.split('{').length !== q.match.split('}').length)) return bad(res, 400, 'bad_request', `parameter 'match': unbalanced braces in '${q.match}'`);
    const focus = q.focus === undefined ? undefined : labelsOfSelector(q.focus);
    if (focus !== undefined && !matches(focus, FOCUS)) return bad(res, 404, 'not_found', `focus series ${q.focus ?? ''} matches no series`);
    const filter = q.match === undefined ? undefined : labelsOfSelector(q.match);
    const listed = SCRIPT.filter((s) => filter === undefined || matches(filter, s)).slice(0, Number(q.limit ?? 50));
    const iso = (ms: number) => new Date(ms).toISOString();
    res.json({
      data: {
        window: { from: iso(from), to: iso(to) },
        baseline: { from: iso(from - 4 * (to - from)), to: iso(from) },
        ...(q.incident === undefined ? {} : { incident: incident.number }),
        considered: 1240,
        scored: 1187,
        skipped: { empty: 21, constant: 32 },
        ...(focus === undefined ? {} : { focus: { key: key(FOCUS), metric: FOCUS.metric, labels: FOCUS.labels, rated: false, grid: { start: iso(from), step: 10_000, count: Math.ceil((to - from) / 10_000) }, maxLag: 30 } }),
        entries: listed.map((s, i) => entryOf(s, i + 1, focus !== undefined)),
        timeline: timelineOf(fault, incident.number, from, to),
        tookMs: 184,
      },
    });
  });

  return {
    requests,
    snapshot: () => ({
      takenAt: new Date(fault + 61_000).toISOString(),
      window: { from: new Date(fault - 15 * 60_000).toISOString(), to: new Date(fault + 61_000).toISOString() },
      entries: SCRIPT.map((s, i) => entryOf(s, i + 1, false)),
      timeline: timelineOf(fault, incident.number, fault - 15 * 60_000, fault + 61_000),
    }),
    queryRange(match, from, to, stepMs) {
      const selector = labelsOfSelector(match);
      const found = [...SCRIPT, FOCUS].filter((s) => matches(selector, s));
      if (found.length === 0) return undefined;
      return found.map((s) => {
        const points: Array<[number, number]> = [];
        let total = 0;
        for (let t = Math.ceil(from / stepMs) * stepMs; t <= to; t += stepMs) {
          const v = valueAt(s, t, fault);
          // A counter is served as its running total, as the store keeps it.
          total += v * (stepMs / 1000);
          points.push([t, 'rated' in s && s.rated ? Math.round(total) : v]);
        }
        return { metric: s.metric, labels: s.labels, points };
      });
    },
  };
}
