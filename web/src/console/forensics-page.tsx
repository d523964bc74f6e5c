import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { formatValue, selector } from '../lib/format.js';
import { useI18n } from '../lib/i18n.js';
import type { ForensicsView, RankedSeriesView } from '../lib/types.js';
import { EventTimeline } from './forensics/event-timeline.js';
import { formatWhen, type SeriesLine, toApiTime, toFieldTime, unitOf, withoutSpecialNumbers } from './forensics/forensics-logic.js';
import { type ChartMark, type OverlayLine, OverlayChart } from './forensics/overlay-chart.js';
import { OVERLAY_COLOURS, RankedList } from './forensics/ranked-list.js';
import { SeriesLoader, type SeriesRef } from './forensics/series-loader.js';
import { type ForensicsQuery, forensicsHref, href } from './route.js';

/** Window presets: each analyses the last N hours up to now. */
const PRESETS = ['1h', '6h', '24h'] as const;
/** Buckets per chart line and per sparkline. */
const CHART_POINTS = 400;
const SPARK_POINTS = 120;
/** Before any analysis, a focus series is charted over this span so a window can be dragged on it. */
const PREVIEW_MS = 6 * 3_600_000;
const FOCUS_COLOUR = '#5ab0ff';
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/;

/** A time parameter as its field shows it: absolute times in local time, relative ones as typed. */
const fieldOf = (value: string | undefined, fallback: string) => (value === undefined ? fallback : ISO_WITH_ZONE.test(value) ? toFieldTime(Date.parse(value)) : value);

interface Fields {
  readonly from: string;
  readonly to: string;
  readonly focus: string;
  readonly match: string;
}

const fieldsOf = (query: ForensicsQuery): Fields => ({
  from: fieldOf(query.from, '-1h'),
  to: fieldOf(query.to, 'now'),
  focus: query.focus ?? '',
  match: query.match ?? '',
});

/** The request of a query, or undefined when it names no window yet. */
function requestOf(query: ForensicsQuery): string | undefined {
  const params = new URLSearchParams();
  if (query.incident !== undefined) params.set('incident', query.incident);
  else if (query.from !== undefined) {
    params.set('from', query.from);
    params.set('to', query.to ?? 'now');
  } else return undefined;
  if (query.focus !== undefined) params.set('focus', query.focus);
  if (query.match !== undefined) params.set('match', query.match);
  return `/forensics?${params.toString()}`;
}

const sameDay = (a: string, b: string) => new Date(a).toDateString() === new Date(b).toDateString();
const seriesLabel = (ref: SeriesRef) => selector(ref.metric, ref.labels);
const formatterOf = (ref: SeriesRef, locale: string) => (value: number) => `${formatValue(value, unitOf(ref.metric), locale)}${ref.rated === true ? '/s' : ''}`;

/**
 * Forensics: pick a window (a preset, from/to, a drag on the chart, or an incident's), rank every series by
 * how it changed against the baseline, overlay any of them on the focus series, and read the timeline beside.
 */
export function ForensicsPage({ query }: { query: ForensicsQuery }) {
  const { t, locale } = useI18n();
  const loader = useMemo(() => new SeriesLoader(), []);
  const request = requestOf(query);
  const [fields, setFields] = useState<Fields>(() => fieldsOf(query));
  const [answer, setAnswer] = useState<ForensicsView | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const [overlaid, setOverlaid] = useState<readonly string[]>([]);
  const [marked, setMarked] = useState<ReadonlySet<number>>(new Set());
  const [preview, setPreview] = useState<string | undefined>(query.focus);

  useEffect(() => setFields(fieldsOf(query)), [request]);

  useEffect(() => {
    if (request === undefined) {
      setAnswer(undefined);
      return undefined;
    }
    const abort = new AbortController();
    setLoading(true);
    setError(undefined);
    api<ForensicsView>(request, { signal: abort.signal }).then(
      (answer) => {
        const result = withoutSpecialNumbers(answer);
        setAnswer(result);
        setOverlaid([]);
        setMarked(new Set());
        setLoading(false);
        if (query.incident !== undefined) setFields((f) => ({ ...f, from: toFieldTime(Date.parse(result.window.from)), to: toFieldTime(Date.parse(result.window.to)) }));
      },
      (failure: unknown) => {
        if (abort.signal.aborted) return;
        setError(failure instanceof Error ? failure.message : String(failure));
        setLoading(false);
      },
    );
    return () => abort.abort();
  }, [request, tick]);

  const go = (next: ForensicsQuery) => {
    const target = forensicsHref(next);
    if (location.hash === target) setTick((n) => n + 1);
    else location.hash = target;
  };
  const keepsIncident = query.incident !== undefined && answer !== undefined && fields.from === toFieldTime(Date.parse(answer.window.from)) && fields.to === toFieldTime(Date.parse(answer.window.to));
  const submit = (event: Event) => {
    event.preventDefault();
    const extra = { ...(fields.focus.trim() ? { focus: fields.focus.trim() } : {}), ...(fields.match.trim() ? { match: fields.match.trim() } : {}) };
    if (keepsIncident) go({ incident: query.incident as string, ...extra });
    else go({ from: toApiTime(fields.from) ?? '-1h', to: toApiTime(fields.to) ?? 'now', ...extra });
  };
  const pickWindow = (from: number, to: number) => {
    setFields((f) => ({ ...f, from: toFieldTime(from), to: toFieldTime(to) }));
    go({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), ...(query.focus ? { focus: query.focus } : {}), ...(query.match ? { match: query.match } : {}) });
  };

  const windowMs = answer === undefined ? undefined : { from: Date.parse(answer.window.from), to: Date.parse(answer.window.to) };
  const range = answer === undefined || windowMs === undefined ? undefined : { from: Date.parse(answer.baseline.from), windowFrom: windowMs.from, to: windowMs.to };
  // The chart's subject: the focus series, else the top entry; before an analysis, a focus typed in the form.
  const subject: SeriesRef | string | undefined = answer?.focus ?? answer?.entries[0] ?? (answer === undefined ? preview : undefined);
  const [now] = useState(() => Date.now());
  const chartRange = range ?? { from: now - PREVIEW_MS, to: now };
  const [subjectLine, setSubjectLine] = useState<SeriesLine | undefined>(undefined);
  const [lines, setLines] = useState<ReadonlyMap<string, SeriesLine>>(new Map());
  const subjectKey = subject === undefined ? '' : typeof subject === 'string' ? subject : seriesLabel(subject);

  useEffect(() => {
    setSubjectLine(undefined);
    if (subject === undefined) return undefined;
    let live = true;
    loader.load(subject, chartRange.from, chartRange.to, CHART_POINTS).then(
      (line) => live && setSubjectLine(line),
      (failure: unknown) => live && setError(failure instanceof Error ? failure.message : String(failure)),
    );
    return () => {
      live = false;
    };
  }, [subjectKey, chartRange.from, chartRange.to]);

  useEffect(() => {
    let live = true;
    for (const key of overlaid) {
      const entry = answer?.entries.find((e) => e.key === key);
      if (entry === undefined || lines.has(key)) continue;
      loader.load(entry, chartRange.from, chartRange.to, CHART_POINTS).then((line) => live && setLines((m) => new Map(m).set(key, line)), () => undefined);
    }
    return () => {
      live = false;
    };
  }, [overlaid, answer]);
  useEffect(() => setLines(new Map()), [answer]);

  const toggleEntry = (entry: RankedSeriesView) => setOverlaid((keys) => (keys.includes(entry.key) ? keys.filter((k) => k !== entry.key) : [...keys, entry.key]));
  const toggleEvent = (index: number) =>
    setMarked((set) => {
      const next = new Set(set);
      if (!next.delete(index)) next.add(index);
      return next;
    });

  const focusLine: OverlayLine | undefined =
    subject === undefined || subjectLine === undefined
      ? undefined
      : typeof subject === 'string'
        ? { label: subject, line: subjectLine, colour: FOCUS_COLOUR, format: (v) => formatValue(v, 'plain', locale) }
        : { label: seriesLabel(subject), line: subjectLine, colour: FOCUS_COLOUR, format: formatterOf(subject, locale) };
  const overlays: OverlayLine[] = overlaid.flatMap((key, slot) => {
    const entry = answer?.entries.find((e) => e.key === key);
    const line = lines.get(key);
    return entry === undefined || line === undefined ? [] : [{ label: seriesLabel(entry), line, colour: OVERLAY_COLOURS[slot % OVERLAY_COLOURS.length] as string, format: formatterOf(entry, locale) }];
  });
  const marks: ChartMark[] = useMemo(
    () => [...marked].flatMap((i) => (answer?.timeline[i] ? [{ at: Date.parse(answer.timeline[i].at), label: answer.timeline[i].title }] : [])),
    [marked, answer],
  );
  const ticks = useMemo(() => (answer?.timeline ?? []).map((event) => Date.parse(event.at)), [answer]);
  const lineOf = (entry: RankedSeriesView) => (range === undefined ? undefined : loader.load(entry, range.from, range.to, SPARK_POINTS));
  const preset = PRESETS.find((p) => fields.from === `-${p}` && fields.to === 'now');
  const set = (name: keyof Fields) => (e: Event) => setFields({ ...fields, [name]: (e.currentTarget as HTMLInputElement).value });

  return (
    <section class="forensics" data-testid="forensics-page">
      <h1>{t('forensics.title')}</h1>
      <form class="forensics-form" onSubmit={submit} data-testid="forensics-form">
        <div class="range-picker" role="group" aria-label={t('forensics.window')}>
          <span>{t('forensics.last')}:</span>
          {PRESETS.map((p) => (
            <button key={p} type="button" class={preset === p ? 'active' : ''} aria-pressed={preset === p} onClick={() => setFields({ ...fields, from: `-${p}`, to: 'now' })} data-testid={`preset-${p}`}>
              {p}
            </button>
          ))}
        </div>
        <label>
          {t('forensics.from')}
          <input name="from" value={fields.from} onInput={set('from')} placeholder={t('forensics.timeHint')} size={19} />
        </label>
        <label>
          {t('forensics.to')}
          <input name="to" value={fields.to} onInput={set('to')} placeholder={t('forensics.timeHint')} size={19} />
        </label>
        <label class="wide">
          {t('forensics.focus')}
          <input name="focus" value={fields.focus} onInput={set('focus')} onChange={(e) => setPreview(e.currentTarget.value.trim() || undefined)} placeholder={t('forensics.focusHint')} />
        </label>
        <label class="wide">
          {t('forensics.match')}
          <input name="match" value={fields.match} onInput={set('match')} placeholder={t('forensics.matchHint')} />
        </label>
        <button type="submit" class="primary" disabled={loading} data-testid="analyse">
          {loading ? t('forensics.analysing') : t('forensics.analyse')}
        </button>
      </form>
      {query.incident === undefined ? null : (
        <p class="incident-window" data-testid="incident-window">
          {t('forensics.incident')} <a href={href('incidents', query.incident)}>{query.incident}</a>
        </p>
      )}
      {error ? (
        <p class="error" role="alert" data-testid="forensics-error">
          {error}
        </p>
      ) : null}
      {loading ? (
        <p class="muted" role="status" data-testid="forensics-loading">
          {t('forensics.analysing')}
        </p>
      ) : null}
      {answer === undefined && !loading ? <p class="muted">{t('forensics.start')}</p> : null}
      {answer === undefined ? null : (
        <p class="muted" data-testid="forensics-summary">
          {t('forensics.windowCap')} <b>{formatWhen(answer.window.from, locale)}</b> → <b>{formatWhen(answer.window.to, locale, !sameDay(answer.window.from, answer.window.to))}</b> (
          {t('forensics.baseline')} {t('forensics.since')} {formatWhen(answer.baseline.from, locale, !sameDay(answer.baseline.from, answer.window.from))}) · {answer.scored} / {answer.considered}{' '}
          {t('forensics.scored')} · {t('forensics.skipped')} {answer.skipped.empty} {t('forensics.empty')}, {answer.skipped.constant} {t('forensics.constant')} · {answer.tookMs} ms
        </p>
      )}
      <div class={`forensics-body${loading ? ' stale' : ''}`}>
        <div class="forensics-main">
          {focusLine === undefined ? null : (
            <figure class="metric-chart">
              <figcaption>
                <span class="legend-key focus-key" aria-hidden="true" /> {answer?.focus ? t('forensics.focusLabel') : answer ? t('forensics.topEntry') : t('forensics.focusLabel')}:{' '}
                <code>{focusLine.label}</code>
                {overlays[0] === undefined ? null : (
                  <span class="muted">
                    {' '}
                    · {t('forensics.rightAxis')} <span class="legend-key pick-key-0" aria-hidden="true" />
                  </span>
                )}
                <span class="muted hint"> — {t('forensics.dragHint')}</span>
              </figcaption>
              <OverlayChart focus={focusLine} overlays={overlays} {...(windowMs ? { window: windowMs } : {})} marks={marks} ticks={ticks} onSelect={pickWindow} locale={locale} height={280} />
            </figure>
          )}
          {answer === undefined ? null : (
            <>
              <h2>
                {t('forensics.ranked')} <small class="muted">{t('forensics.overlayHint')}</small>
              </h2>
              {answer.entries.length === 0 ? (
                <p class="muted">{t('forensics.none')}</p>
              ) : (
                <RankedList entries={answer.entries} overlaid={overlaid} onToggle={toggleEntry} lineOf={lineOf} {...(range ? { range } : {})} testId="ranked-list" />
              )}
            </>
          )}
        </div>
        {answer === undefined ? null : (
          <aside class="forensics-side">
            <h2>
              {t('forensics.timeline')} <small class="muted">{t('forensics.markHint')}</small>
            </h2>
            <EventTimeline events={answer.timeline} marked={marked} onToggle={toggleEvent} />
          </aside>
        )}
      </div>
    </section>
  );
}

