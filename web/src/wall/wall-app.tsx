import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, queryRange } from '../lib/api.js';
import { byUrgency } from '../lib/countdown.js';
import { SlaCountdown, useNow } from '../lib/countdown-view.js';
import { Chart } from '../lib/chart.js';
import { formatValue, selector } from '../lib/format.js';
import { I18nContext, initialLang, type Lang, makeI18n, saveLang, useI18n } from '../lib/i18n.js';
import { LiveStream, type StreamStatus, streamUrl } from '../lib/live-stream.js';
import { StatusIcon, type Tone } from '../lib/status-icon.js';
import type { IncidentView, TargetView } from '../lib/types.js';
import { FACT_SELECTORS, HEADLINES } from './headlines.js';
import { buildNetwork, type Section } from './network-model.js';
import { WallModel } from './wall-model.js';

const REFRESH_MS = 60_000;
/** Above this many targets, healthy ones fold into one count per group so every problem stays on screen. */
const DENSE_ABOVE = 60;
const RENDER_EVERY_MS = 500;
const STATE_WORD: Record<Tone, 'state.up' | 'state.down' | 'state.warn' | 'state.unknown' | 'state.maint'> = {
  up: 'state.up',
  met: 'state.up',
  down: 'state.down',
  warn: 'state.warn',
  unknown: 'state.unknown',
  pending: 'state.unknown',
  maint: 'state.maint',
};

/** The wall page with its language (browser default; `?lang=es` forces one). */
export function WallRoot() {
  const forced = new URLSearchParams(location.search).get('lang');
  const [lang, setLang] = useState<Lang>(forced === 'es' || forced === 'en' ? forced : initialLang(localStorage, navigator.languages ?? [navigator.language]));
  const i18n = useMemo(() => makeI18n(lang, (next) => (saveLang(localStorage, next), setLang(next))), [lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <I18nContext.Provider value={i18n}>
      <WallApp />
    </I18nContext.Provider>
  );
}

/**
 * Reads everything the wall shows from the REST API (at start, after each reconnect, and every minute).
 * The grid and the incidents come first and are shown at once (`onCore`); figures and charts follow.
 */
async function loadAll(model: WallModel, onCore: () => void): Promise<void> {
  const [targets, incidents] = await Promise.all([
    api<TargetView[]>('/targets'),
    api<IncidentView[]>('/incidents?status=registered,diagnosing&limit=500'),
  ]);
  model.setTargets(targets);
  model.setIncidents(incidents);
  onCore();
  const facts = [...FACT_SELECTORS, 'sip_active_dialogs{role="sbc"}'].map(async (match) => {
    // Grades change at most a few times a day: look further back for them, one value per hour.
    const range = match === 'ssllabs_grade_info' ? { from: '-26h', step: '1h', fn: 'last' } : { from: '-15m', step: '1m', fn: 'last' };
    model.setFacts(match.replace(/\{.*$/, ''), await queryRange(match, range));
  });
  const charts = HEADLINES.map(async (h) => model.seedChart(h.id, await queryRange(selector(h.metric, h.labels), { from: '-1h', step: '30s', fn: 'avg' })));
  await Promise.all([...facts, ...charts]);
}

function WallApp() {
  const i18n = useI18n();
  const model = useRef(new WallModel()).current;
  const [, setGridVersion] = useState(0);
  const [incidentVersion, setIncidentVersion] = useState(0);
  const [chartVersion, setChartVersion] = useState(0);
  const [status, setStatus] = useState<StreamStatus>({ connected: false, stale: false, attempt: 0 });
  const [unauthorized, setUnauthorized] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const pending = useRef({ grid: false, incidents: false, charts: false, timer: 0 });

  useEffect(() => {
    let stopped = false;
    const flush = () => {
      const p = pending.current;
      p.timer = 0;
      if (p.grid) setGridVersion((v) => v + 1);
      if (p.incidents) setIncidentVersion((v) => v + 1);
      if (p.charts) setChartVersion((v) => v + 1);
      p.grid = p.incidents = p.charts = false;
    };
    const schedule = (changed: { grid: boolean; incidents: boolean; charts: boolean }) => {
      const p = pending.current;
      p.grid ||= changed.grid;
      p.incidents ||= changed.incidents;
      p.charts ||= changed.charts;
      if (p.timer === 0 && (p.grid || p.incidents || p.charts)) p.timer = window.setTimeout(flush, RENDER_EVERY_MS);
    };
    const refresh = async () => {
      try {
        await loadAll(model, () => {
          if (stopped) return;
          setUnauthorized(false);
          setLoaded(true);
          setGridVersion((v) => v + 1);
          setIncidentVersion((v) => v + 1);
        });
        if (stopped) return;
        schedule({ grid: true, incidents: true, charts: true });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) setUnauthorized(true);
      }
    };
    const stream = new LiveStream({
      url: streamUrl(location),
      subscription: {
        series: [...FACT_SELECTORS, ...HEADLINES.map((h) => selector(h.metric, h.labels))],
        targets: true,
        alerts: false,
        incidents: true,
      },
      onMessage: (message) => schedule(model.apply(message)),
      onStatus: setStatus,
      onResync: () => void refresh(),
    });
    void refresh().then(() => stream.start());
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      stream.stop();
      clearTimeout(pending.current.timer);
    };
  }, [model]);

  const viewport = useViewport();
  const now = Date.now();
  const numberFormat = (value: number, unit: 'count' | 'seconds') => formatValue(value, unit, i18n.locale);
  const sections = buildNetwork(model.targets.values(), model.facts.values(), { now, lang: i18n.lang, t: i18n.t, formatNumber: numberFormat });
  const tiles = sections.flatMap((s) => s.groups.flatMap((g) => g.tiles));
  const count = (tone: Tone) => tiles.filter((tile) => tile.tone === tone).length;

  return (
    <div class={`wall-root${tiles.length > DENSE_ABOVE ? ' dense' : ''}`}>
      <header class="wall-header">
        <h1>{i18n.t('wall.title')}</h1>
        <div class="wall-counts" data-testid="wall-counts">
          <Count tone="up" value={count('up')} />
          <Count tone="warn" value={count('warn')} />
          <Count tone="down" value={count('down')} />
          {count('unknown') > 0 ? <Count tone="unknown" value={count('unknown')} /> : null}
        </div>
        <LiveBadge status={status} />
        <Clock />
      </header>
      {status.stale ? <StaleBanner status={status} /> : null}
      {unauthorized ? (
        <div class="wall-message" role="alert">
          {i18n.t('wall.unauthorized')}
        </div>
      ) : null}
      <main class="wall-network" data-testid="network-grid" data-loaded={loaded ? 'true' : 'false'}>
        {sections.map((section) => (
          <NetworkSection key={section.role} section={section} dense={tiles.length > DENSE_ABOVE} />
        ))}
      </main>
      <IncidentBoard incidents={[...model.incidents.values()]} version={incidentVersion} />
      <section class="wall-charts">
        {HEADLINES.map((h) => (
          <HeadlineChart key={h.id} id={h.id} version={chartVersion} model={model} viewport={viewport} />
        ))}
      </section>
    </div>
  );
}

function Count({ tone, value }: { tone: Tone; value: number }) {
  const { t } = useI18n();
  return (
    <span class={`count tone-${tone}`} data-testid={`count-${tone}`}>
      <StatusIcon tone={tone} />
      <b>{value}</b> {t(STATE_WORD[tone])}
    </span>
  );
}

function LiveBadge({ status }: { status: StreamStatus }) {
  const { t } = useI18n();
  const live = status.connected && !status.stale;
  return (
    <span class={`live ${live ? 'tone-up' : 'tone-down'}`} data-testid="live-badge">
      <StatusIcon tone={live ? 'up' : 'down'} /> {live ? t('live') : t('stale.title')}
    </span>
  );
}

function Clock() {
  const { locale } = useI18n();
  const now = useNow();
  return <time class="wall-clock">{new Date(now).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })}</time>;
}

function StaleBanner({ status }: { status: StreamStatus }) {
  const { t, locale } = useI18n();
  return (
    <div class="stale-banner" role="alert" data-testid="stale-banner">
      <StatusIcon tone="warn" />
      <strong>{t('stale.title')}</strong>
      <span>{status.connected ? t('stale.silent') : t('stale.lost')}</span>
      {status.lastMessageAt === undefined ? null : (
        <span class="stale-since">
          {t('stale.since')} {new Date(status.lastMessageAt).toLocaleTimeString(locale, { hour12: false })}
        </span>
      )}
    </div>
  );
}

function NetworkSection({ section, dense }: { section: Section; dense: boolean }) {
  const { t } = useI18n();
  return (
    <section class={`net-section net-${section.role}`} data-testid={`section-${section.role}`}>
      <h2>{t(section.title)}</h2>
      <div class="net-groups">
        {section.groups.map((group) => (
          <div class="net-group" key={group.key}>
            {group.title === '' && group.badge === undefined ? null : (
              <h3>
                <span>{group.title}</span>
                {group.badge === undefined ? null : (
                  <span class={`pair-badge tone-${group.badge.tone}`} data-testid={`pair-${group.key}`} data-state={group.badge.tone}>
                    <StatusIcon tone={group.badge.tone} /> {t(group.badge.text)} {group.badge.detail}
                  </span>
                )}
              </h3>
            )}
            <ul class="tiles">
              {(dense ? group.tiles.filter((tile) => tile.tone !== 'up') : group.tiles).map((tile) => (
                <li class={`tile tone-${tile.tone}`} key={tile.id} data-testid={`tile-${tile.id}`} data-state={tile.tone}>
                  <div class="tile-head">
                    <StatusIcon tone={tile.tone} />
                    <span class="tile-state">{t(STATE_WORD[tile.tone])}</span>
                  </div>
                  <div class="tile-name">{tile.id}</div>
                  {tile.lines.map((line) => (
                    <div class={`tile-line${line.tone ? ` tone-${line.tone}` : ''}`} key={line.text}>
                      {line.tone ? <StatusIcon tone={line.tone} /> : null}
                      {line.text}
                    </div>
                  ))}
                </li>
              ))}
              {dense && group.tiles.some((tile) => tile.tone === 'up') ? (
                <li class="tile tile-folded tone-up" data-testid={`folded-${section.role}-${group.key}`}>
                  <div class="tile-head">
                    <StatusIcon tone="up" />
                    <span class="tile-state">
                      {group.tiles.filter((tile) => tile.tone === 'up').length} {t('state.up')}
                    </span>
                  </div>
                </li>
              ) : null}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}

function IncidentBoard({ incidents }: { incidents: IncidentView[]; version: number }) {
  const { t } = useI18n();
  const now = useNow();
  const sorted = [...incidents].sort(byUrgency);
  return (
    <aside class="wall-incidents" data-testid="incident-board">
      <h2>
        {t('incidents.open')} <span class="badge-count">{sorted.length}</span>
      </h2>
      {sorted.length === 0 ? (
        <p class="none">
          <StatusIcon tone="up" /> {t('incidents.none')}
        </p>
      ) : (
        <ol>
          {sorted.map((incident) => (
            <li class={`incident sev-${incident.severity}`} key={incident.number} data-testid="wall-incident" data-number={incident.number}>
              <span class="sev">{incident.severity}</span>
              <div class="inc-main">
                <div class="inc-title">{incident.title}</div>
                <div class="inc-meta">
                  {incident.number} · {incident.level} · {incident.status}
                </div>
              </div>
              <div class="inc-clocks">
                <SlaCountdown incident={incident} clock="attention" now={now} />
                <SlaCountdown incident={incident} clock="solution" now={now} />
              </div>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}

const LINE_COLOURS = ['#5ab0ff', '#ffb020'];

function HeadlineChart({ id, model, viewport }: { id: (typeof HEADLINES)[number]['id']; version: number; model: WallModel; viewport: Viewport }) {
  const i18n = useI18n();
  const headline = HEADLINES.find((h) => h.id === id) as (typeof HEADLINES)[number];
  const data = model.charts.get(id)?.data() ?? [[]];
  const lines =
    headline.fold === 'sum'
      ? [{ label: i18n.t('chart.total'), stroke: LINE_COLOURS[0] as string }]
      : [
          { label: i18n.t('chart.avg'), stroke: LINE_COLOURS[0] as string },
          { label: i18n.t('chart.max'), stroke: LINE_COLOURS[1] as string },
        ];
  const last = (data[1] as (number | null)[] | undefined)?.at(-1) ?? undefined;
  const format = (v: number) => formatValue(v, headline.unit, i18n.locale);
  return (
    <figure class="headline" data-testid={`chart-${id}`}>
      <figcaption>
        <span>{i18n.t(headline.title)}</span>
        <span class="headline-now">{last === undefined || last === null ? '—' : format(last)}</span>
        {headline.fold === 'sum' ? null : (
          <span class="headline-legend">
            <i class="swatch swatch-0" /> {i18n.t('chart.avg')} <i class="swatch swatch-1" /> {i18n.t('chart.max')}
          </span>
        )}
      </figcaption>
      <Chart data={data} lines={lines} height={viewport.chartHeight} fontPx={viewport.fontPx} format={format} locale={i18n.locale} />
    </figure>
  );
}

interface Viewport {
  readonly chartHeight: number;
  readonly fontPx: number;
}

/** Chart sizes from the window, so the same wall reads on 1080p and 4K screens. */
function useViewport(): Viewport {
  const measure = (): Viewport => ({ chartHeight: Math.max(100, Math.round(window.innerHeight * 0.2)), fontPx: Math.max(11, Math.round(window.innerWidth / 120)) });
  const [viewport, setViewport] = useState(measure);
  useEffect(() => {
    const onResize = () => setViewport(measure());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return viewport;
}
