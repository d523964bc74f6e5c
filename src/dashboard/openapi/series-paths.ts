import { arrayOf, enumOf, object, ok, on, param, ref, schema, STRING, STRING_MAP } from './openapi-builders.js';
import type { PathItem } from './openapi-types.js';

/** The series, target and alert routes. */
export const SERIES_PATHS: Record<string, PathItem> = {
  '/api/v1/series': on.get('viewer', {
    tag: 'series',
    operationId: 'listSeries',
    summary: 'Series matching a selector, optionally only those with data in [from, to]',
    parameters: [ref('parameters', 'Match'), ref('parameters', 'Metric'), ref('parameters', 'From'), ref('parameters', 'To')],
    responses: { '200': ok('Matching series.', arrayOf(object({ key: STRING, metric: STRING, labels: STRING_MAP }, ['key', 'metric', 'labels']))), '400': ref('responses', 'BadRequest') },
  }),
  '/api/v1/query_range': on.get('viewer', {
    tag: 'series',
    operationId: 'queryRange',
    summary: 'Raw points, or one aggregated value per step bucket',
    description:
      'The selector is `match`, or `metric` with one `<label>=<value>` query parameter per label. At most 10,000 series per answer and 11,000 buckets per series. Defaults: `to=now`, `from=to-1h`.',
    parameters: [
      ref('parameters', 'Match'),
      ref('parameters', 'Metric'),
      ref('parameters', 'From'),
      ref('parameters', 'To'),
      param('step', 'query', 'A duration (`30s`, `5m`) or seconds; buckets are aligned to multiples of the step.', STRING, false),
      param('fn', 'query', 'Aggregation per step.', { ...enumOf(['avg', 'min', 'max', 'sum', 'count', 'last']), default: 'avg' }, false),
    ],
    responses: {
      '200': ok(
        'Points as `[t_ms, value]`.',
        object(
          {
            from: { type: 'integer' },
            to: { type: 'integer' },
            step: { type: 'integer', description: 'ms, with `step` only' },
            fn: STRING,
            series: arrayOf(object({ metric: STRING, labels: STRING_MAP, points: arrayOf({ type: 'array', prefixItems: [{ type: 'integer' }, schema('SampleValue')], minItems: 2, maxItems: 2 }) }, ['metric', 'labels', 'points'])),
          },
          ['from', 'to', 'series'],
        ),
      ),
      '400': ref('responses', 'BadRequest'),
    },
  }),
  '/api/v1/targets': on.get('viewer', {
    tag: 'targets',
    operationId: 'listTargets',
    summary: 'Every target with its probes and a summary count',
    responses: {
      '200': ok('Targets by id.', arrayOf(schema('Target')), {
        summary: object({ targets: { type: 'integer' }, up: { type: 'integer' }, down: { type: 'integer' }, unknown: { type: 'integer' } }, ['targets', 'up', 'down', 'unknown']),
      }),
    },
  }),
  '/api/v1/alerts': on.get('viewer', {
    tag: 'alerts',
    operationId: 'listAlerts',
    summary: 'Alerts now firing (first) or pending, with what mutes them',
    responses: {
      '200': ok('Active alerts.', arrayOf(schema('Alert')), {
        summary: object({ firing: { type: 'integer' }, pending: { type: 'integer' }, muted: { type: 'integer' } }, ['firing', 'pending', 'muted']),
      }),
    },
  }),
};
