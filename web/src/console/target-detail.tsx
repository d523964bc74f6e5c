import { useEffect, useState } from 'preact/hooks';
import { api, queryRange } from '../lib/api.js';
import { Chart } from '../lib/chart.js';
import { formatTime, formatValue, selector } from '../lib/format.js';
import { useI18n } from '../lib/i18n.js';
import type { QueryRangeView, TargetView } from '../lib/types.js';
import { numberOf } from '../lib/types.js';
import { href } from './route.js';
import { StateBadge } from './state-badge.js';
import { useApi } from './use-api.js';

/** Time ranges of the picker, each with a step giving a few hundred points. */
const RANGES = [
  { id: '15m', from: '-15m', step: undefined },
  { id: '1h', from: '-1h', step: '15s' },
  { id: '6h', from: '-6h', step: '1m' },
  { id: '24h', from: '-24h', step: '5m' },
  { id: '7d', from: '-7d', step: '30m' },
] as const;

/** The metrics worth a chart on a target's page, most telling first; the rest of its series are left out. */
const METRICS = [
  'up',
  'probe_duration_seconds',
  'sip_options_rtt_seconds',
  'sip_active_dialogs',
  'sip_registered_contacts',
  'sip_blocked_sources',
  'pair_members_up',
  'db_replication_lag_seconds',
  'db_connections',
  'db_query_seconds',
  'http_phase_seconds',
  'http_status_code',
  'ssllabs_grade_score',
];
const SECONDS = /_seconds$/;
const COLOURS = ['#5ab0ff', '#ffb020', '#3ddc84', '#ff6bcb', '#b48cff', '#ff5a5f', '#4dd8e6', '#c0ca33'];

/** One target: its probes with their last errors, and charts of its series over a chosen range (drag to zoom). */
export function TargetDetail({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const targets = useApi<TargetView[]>('/targets', 10_000);
  const target = targets.data?.find((item) => item.target === id);
  const [range, setRange] = useState<(typeof RANGES)[number]['id']>('1h');
  const [metrics, setMetrics] = useState<string[] | undefined>(undefined);

  useEffect(() => {
    api<Array<{ metric: string }>>(`/series?match=${encodeURIComponent(`{target=${JSON.stringify(id)}}`)}`).then(
      (series) => {
        const present = new Set(series.map((s) => s.metric));
        setMetrics(METRICS.filter((metric) => present.has(metric)));
      },
      () => setMetrics(['up', 'probe_duration_seconds']),
    );
  }, [id]);

  return (
    <section>
      <p>
        <a href={href('targets')}>{t('target.back')}</a>
      </p>
      <h1>
        {id} {target ? <StateBadge state={target.state} /> : null}
      </h1>
      {target ? (
        <p class="muted">
          {t('col.role')}: {target.role} · {t('col.site')}: {target.site}
          {target.pair ? ` · pair: ${target.pair}` : ''}
          {target.dependsOn?.length ? ` · depends on: ${target.dependsOn.join(', ')}` : ''}
        </p>
      ) : null}
      {targets.error ? <p class="error" role="alert">{targets.error}</p> : null}
      {target ? (
        <table class="grid" data-testid="probes-table">
          <thead>
            <tr>
              <th>{t('col.state')}</th>
              <th>{t('col.probe')}</th>
              <th>{t('col.kind')}</th>
              <th>{t('col.lastRun')}</th>
              <th>{t('col.duration')}</th>
              <th>{t('col.lastError')}</th>
            </tr>
          </thead>
          <tbody>
            {target.probes.map((probe) => (
              <tr key={probe.probe}>
                <td>
                  <StateBadge state={probe.state} />
                </td>
                <td>{probe.probe}</td>
                <td>{probe.kind}</td>
                <td>{formatTime(probe.lastRunAt, locale)}</td>
                <td>{probe.lastDurationMs === undefined ? '—' : `${probe.lastDurationMs} ms`}</td>
                <td class="last-error">{probe.lastError ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div class="range-picker" role="group" aria-label={t('range')}>
        <span>{t('range')}:</span>
        {RANGES.map((r) => (
          <button key={r.id} type="button" class={r.id === range ? 'active' : ''} aria-pressed={r.id === range} onClick={() => setRange(r.id)} data-testid={`range-${r.id}`}>
            {r.id}
          </button>
        ))}
        <span class="muted">{t('zoom.hint')}</span>
      </div>
      <div class="charts">
        {(metrics ?? []).map((metric) => (
          <MetricChart key={`${metric}-${range}`} target={id} metric={metric} range={RANGES.find((r) => r.id === range) as (typeof RANGES)[number]} />
        ))}
      </div>
    </section>
  );
}

function MetricChart({ target, metric, range }: { target: string; metric: string; range: (typeof RANGES)[number] }) {
  const { t, locale } = useI18n();
  const [answer, setAnswer] = useState<QueryRangeView | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    queryRange(selector(metric, { target }), { from: range.from, ...(range.step ? { step: range.step } : {}) }).then(setAnswer, (e: unknown) =>
      setError(e instanceof Error ? e.message : String(e)),
    );
  }, [metric, target, range]);
  const unit = SECONDS.test(metric) ? 'seconds' : 'plain';
  const series = (answer?.series ?? []).slice(0, COLOURS.length);
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((s) => {
    const line: (number | null)[] = new Array<number | null>(xs.length).fill(null);
    for (const [x, v] of s.points) line[index.get(x) as number] = numberOf(v);
    return line;
  });
  const labelOf = (labels: Readonly<Record<string, string>>) =>
    Object.entries(labels)
      .filter(([name]) => !['target', 'role', 'site'].includes(name))
      .map(([name, value]) => `${name}=${value}`)
      .join(' ') || metric;
  return (
    <figure class="metric-chart" data-testid={`chart-${metric}`}>
      <figcaption>{metric}</figcaption>
      {error ? <p class="error">{error}</p> : null}
      {answer !== undefined && xs.length === 0 ? <p class="muted">{t('target.noData')}</p> : null}
      {xs.length > 0 ? (
        <Chart
          data={[xs.map((x) => x / 1000), ...ys]}
          lines={series.map((s, i) => ({ label: labelOf(s.labels), stroke: COLOURS[i] as string }))}
          height={220}
          zoom
          legend
          locale={locale}
          format={(v) => formatValue(v, unit, locale)}
        />
      ) : null}
    </figure>
  );
}
