import { arrayOf, body, enumOf, ISO_TIME, ok, on, param, ref, schema, strictObject } from './openapi-builders.js';
import type { PathItem } from './openapi-types.js';

/** The silence and maintenance window routes. */
export const SILENCE_PATHS: Record<string, PathItem> = {
  '/api/v1/silences': {
    ...on.get('viewer', {
      tag: 'silences',
      operationId: 'listSilences',
      summary: 'Silences not yet ended; with `all=true` also the expired ones',
      parameters: [param('all', 'query', 'Include expired silences.', enumOf(['true', 'false']), false)],
      responses: { '200': ok('Silences.', arrayOf(schema('Silence'))), '400': ref('responses', 'BadRequest') },
    }),
    ...on.post('operator', {
      tag: 'silences',
      operationId: 'createSilence',
      summary: 'Create a silence',
      description: 'A start in the past is moved to now. Give `endsAt` or `duration`, not both.',
      requestBody: body(
        'The silence.',
        strictObject(
          { matchers: schema('Matchers'), startsAt: schema('TimeText'), endsAt: schema('TimeText'), duration: schema('Duration'), comment: schema('Comment') },
          ['matchers', 'comment'],
        ),
        { matchers: '{target="sbc-mx-1"}', duration: '2h', comment: 'SBC swap, ticket 4711' },
      ),
      responses: { '201': ok('Created.', schema('Silence')), '400': ref('responses', 'BadRequest') },
    }),
  },
  '/api/v1/silences/{id}': on.delete('operator', {
    tag: 'silences',
    operationId: 'expireSilence',
    summary: 'Expire a silence now (the record stays)',
    parameters: [param('id', 'path', 'The silence id.')],
    responses: { '200': ok('The expired silence.', schema('Silence')), '404': ref('responses', 'NotFound'), '409': ref('responses', 'Conflict') },
  }),
  '/api/v1/maintenance': {
    ...on.get('viewer', {
      tag: 'maintenance',
      operationId: 'listMaintenance',
      summary: 'Config and API windows overlapping [from, to), recurring ones expanded',
      description: 'Default range: the coming 7 days; at most 366 days.',
      parameters: [ref('parameters', 'From'), ref('parameters', 'To')],
      responses: { '200': ok('Window occurrences.', arrayOf(schema('MaintenanceWindow')), { from: ISO_TIME, to: ISO_TIME }), '400': ref('responses', 'BadRequest') },
    }),
    ...on.post('operator', {
      tag: 'maintenance',
      operationId: 'createMaintenance',
      summary: 'Schedule a one-off maintenance window',
      description: 'Targets must exist in the configuration; no start in the past. Give `endsAt` or `duration`, not both.',
      requestBody: body(
        'The window.',
        strictObject(
          {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            targets: { ...arrayOf(schema('TargetId')), minItems: 1, maxItems: 500 },
            startsAt: schema('TimeText'),
            endsAt: schema('TimeText'),
            duration: schema('Duration'),
            comment: schema('Comment'),
          },
          ['targets', 'comment'],
        ),
        { targets: ['core-1'], startsAt: '2026-11-03T02:00:00Z', duration: '2h', comment: 'core patching' },
      ),
      responses: { '201': ok('Created.', schema('MaintenanceWindow')), '400': ref('responses', 'BadRequest') },
    }),
  },
  '/api/v1/maintenance/{id}': on.delete('operator', {
    tag: 'maintenance',
    operationId: 'cancelMaintenance',
    summary: 'Cancel an API maintenance window now',
    parameters: [param('id', 'path', 'The window id (config windows are changed in the config file).')],
    responses: { '200': ok('The cancelled window.', schema('MaintenanceWindow')), '404': ref('responses', 'NotFound'), '409': ref('responses', 'Conflict') },
  }),
};
