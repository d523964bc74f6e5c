import { Router } from 'express';
import { type Clock, NocError, type SeriesPoints, type SeriesQuerier } from '../../core/index.js';
import { aggregationParam, selectorParam, stepParam, timeParam } from './query-params.js';

const HOUR = 3_600_000;
/** Most series one response carries; narrow the selector beyond that. */
export const MAX_SERIES_PER_RESPONSE = 10_000;

/** JSON has no NaN or infinities: those values travel as the strings "NaN", "+Inf" and "-Inf". */
function jsonValue(v: number): number | string {
  if (Number.isFinite(v)) return v;
  if (Number.isNaN(v)) return 'NaN';
  return v > 0 ? '+Inf' : '-Inf';
}

function toJson(series: SeriesPoints): { metric: string; labels: Record<string, string>; points: Array<[number, number | string]> } {
  const points: Array<[number, number | string]> = new Array(series.t.length);
  for (let i = 0; i < series.t.length; i++) points[i] = [series.t[i] as number, jsonValue(series.v[i] as number)];
  return { metric: series.metric, labels: { ...series.labels }, points };
}

/** `GET /series` (the catalog) and `GET /query_range` (raw points, or aggregated per step). */
export function seriesRoutes(querier: SeriesQuerier, clock: Clock): Router {
  const router = Router();

  router.get('/series', async (req, res) => {
    const query = req.query as Record<string, unknown>;
    const now = clock.now();
    const selector = selectorParam(query, ['match', 'from', 'to']);
    const hasRange = query.from !== undefined || query.to !== undefined;
    const range = hasRange ? { from: timeParam(query, 'from', now, 0), to: timeParam(query, 'to', now, now) } : undefined;
    const series = await querier.series(selector, range);
    res.json({ data: series.map((s) => ({ key: s.key, metric: s.metric, labels: s.labels })) });
  });

  router.get('/query_range', async (req, res) => {
    const query = req.query as Record<string, unknown>;
    const now = clock.now();
    const selector = selectorParam(query, ['match', 'from', 'to', 'step', 'fn']);
    const to = timeParam(query, 'to', now, now);
    const from = timeParam(query, 'from', now, to - HOUR);
    if (from > to) throw new NocError('bad_request', `'from' (${new Date(from).toISOString()}) is after 'to' (${new Date(to).toISOString()})`);
    const step = stepParam(query);
    const fn = aggregationParam(query);
    const series = step === undefined ? await querier.range(selector, { from, to }) : await querier.aggregate(selector, { from, to }, step, fn);
    if (series.length > MAX_SERIES_PER_RESPONSE) {
      throw new NocError('bad_request', `the selector matches ${series.length} series; at most ${MAX_SERIES_PER_RESPONSE} per query — narrow it`);
    }
    res.json({
      data: {
        from,
        to,
        ...(step === undefined ? {} : { step, fn }),
        series: series.map(toJson),
      },
    });
  });

  return router;
}
