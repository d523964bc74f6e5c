import { arrayOf, body, enumOf, ISO_TIME, object, ok, on, param, ref, schema, strictObject, STRING, STRING_MAP } from './openapi-builders.js';
import { LEVELS, MANUAL_CHANNELS, SEVERITIES } from './openapi-enums.js';
import type { JsonSchema, PathItem } from './openapi-types.js';

const NUMBER_PARAM = param('number', 'path', 'Tracking number `PREFIX-YYYY-NNNNNN`.', { type: 'string', examples: ['NOC-2026-000042'] });

/** The body of every incident lifecycle action, by action. */
const ACTIONS: ReadonlyArray<{ name: string; summary: string; properties: Record<string, JsonSchema>; required: string[] }> = [
  { name: 'acknowledge', summary: 'Acknowledge: the attention clock stops, the incident goes to diagnosing', properties: { note: STRING }, required: [] },
  { name: 'escalate', summary: 'Escalate to the next support level, or straight to `level` (never down)', properties: { level: enumOf(LEVELS), reason: STRING }, required: [] },
  { name: 'resolve', summary: 'Resolve: the solution clock stops', properties: { resolution: schema('NonEmptyText') }, required: ['resolution'] },
  { name: 'close', summary: 'Close a resolved incident; a category is required', properties: { category: schema('NonEmptyText'), note: STRING }, required: ['category'] },
  { name: 'reopen', summary: 'Reopen a resolved incident (a closed one stays closed)', properties: { reason: STRING }, required: [] },
];

const actionPaths: Record<string, PathItem> = Object.fromEntries(
  ACTIONS.map((a) => [
    `/api/v1/incidents/{number}/${a.name}`,
    on.post('operator', {
      tag: 'incidents',
      operationId: `${a.name}Incident`,
      summary: a.summary,
      parameters: [NUMBER_PARAM],
      requestBody: {
        ...body(
          'Optional `version`: the incident version as read; when someone changed it in between the answer is 409.',
          strictObject({ ...a.properties, version: schema('Version') }, a.required),
        ),
        required: a.required.length > 0,
      },
      responses: {
        '200': ok('The incident after the action.', schema('Incident')),
        '400': ref('responses', 'BadRequest'),
        '404': ref('responses', 'NotFound'),
        '409': ref('responses', 'Conflict'),
      },
    }),
  ]),
);

/** The incident, incident action and forensics routes. */
export const INCIDENT_PATHS: Record<string, PathItem> = {
  '/api/v1/incidents': {
    ...on.get('viewer', {
      tag: 'incidents',
      operationId: 'listIncidents',
      summary: 'Incidents newest first',
      parameters: [
        param('status', 'query', 'Comma-separated statuses.', { type: 'string', examples: ['registered,diagnosing'] }, false),
        param('severity', 'query', 'Comma-separated severities.', { type: 'string', examples: ['S1,S2'] }, false),
        ref('parameters', 'From'),
        ref('parameters', 'To'),
        ref('parameters', 'Limit'),
      ],
      responses: { '200': ok('Incidents registered in [from, to].', arrayOf(schema('Incident'))), '400': ref('responses', 'BadRequest') },
    }),
    ...on.post('operator', {
      tag: 'incidents',
      operationId: 'registerIncident',
      summary: 'Register an incident reported through a channel',
      description: 'The caller is `registeredBy`. Without `severity`, it is derived from `interruption` and the affected users.',
      requestBody: body(
        'The incident.',
        strictObject(
          {
            channel: enumOf(MANUAL_CHANNELS),
            title: schema('NonEmptyText'),
            description: STRING,
            severity: enumOf(SEVERITIES),
            interruption: enumOf(['total', 'partial', 'degraded']),
            affectedTargets: arrayOf(schema('NonEmptyText')),
            affectedUsers: { type: 'integer', minimum: 0 },
            customer: strictObject({ name: STRING, email: STRING, phone: STRING, account: STRING }),
            labels: STRING_MAP,
            level: enumOf(LEVELS),
            occurredAt: { oneOf: [ISO_TIME, { type: 'integer', minimum: 0, description: 'ms since the epoch' }] },
          },
          ['channel', 'title'],
        ),
        { channel: 'phone', title: 'calls to Bogotá fail', severity: 'S2', customer: { name: 'Carrier X' } },
      ),
      responses: {
        '201': { ...ok('Registered.', schema('Incident')), headers: { Location: { description: 'The new incident.', schema: STRING } } },
        '400': ref('responses', 'BadRequest'),
      },
    }),
  },
  '/api/v1/incidents/{number}': on.get('viewer', {
    tag: 'incidents',
    operationId: 'getIncident',
    summary: 'One incident with its timeline (and its forensic snapshot when one was taken)',
    parameters: [NUMBER_PARAM],
    responses: {
      '200': ok('The incident.', {
        allOf: [schema('Incident'), object({ timeline: arrayOf(schema('TimelineEntry')), forensics: schema('ForensicSnapshot') }, ['timeline'])],
      }),
      '404': ref('responses', 'NotFound'),
    },
  }),
  '/api/v1/incidents/{number}/forensics': on.get('viewer', {
    tag: 'forensics',
    operationId: 'getIncidentForensics',
    summary: 'The forensic snapshot frozen when the alerter opened the incident',
    description: 'Taken in the background when a monitoring incident opens: the top 10 series of its window (15 min before it occurred to then) and the timeline. Kept after the raw samples age out. 404 when the incident is unknown or has no snapshot.',
    parameters: [NUMBER_PARAM],
    responses: { '200': ok('The snapshot.', schema('ForensicSnapshot')), '404': ref('responses', 'NotFound') },
  }),
  '/api/v1/forensics': on.get('viewer', {
    tag: 'forensics',
    operationId: 'analyzeWindow',
    summary: 'Every series ranked by how it changed in a window against the baseline before it, with the timeline',
    description:
      'The window is `from`/`to` (`to` defaults to now) or an `incident` (15 min before it occurred to its resolution, or now). The baseline is the preceding range, four times as long. Each series is scored by KS on first differences, a volume score and a robust level shift (counters as rates); constant and empty series are skipped and counted. With `focus` (a selector matching exactly one series), each entry carries its best-lag correlation with it. NaN and infinities travel as "NaN", "+Inf", "-Inf". 400 names the bad parameter; 404 for an unknown incident or focus series.',
    parameters: [
      ref('parameters', 'From'),
      ref('parameters', 'To'),
      param('incident', 'query', 'Analyse the window of this incident instead of `from`/`to`.', { type: 'string', examples: ['NOC-2026-000042'] }, false),
      param('focus', 'query', 'A selector matching exactly one series, to correlate every entry with.', { type: 'string', examples: ['sip_registered_contacts{target="sbc-1"}'] }, false),
      ref('parameters', 'Match'),
      param('limit', 'query', 'Entries returned at most.', { type: 'integer', minimum: 1, maximum: 10000, default: 50 }, false),
    ],
    responses: {
      '200': ok('The ranking and the timeline.', schema('ForensicAnalysis')),
      '400': ref('responses', 'BadRequest'),
      '404': ref('responses', 'NotFound'),
    },
  }),
  '/api/v1/incidents/{number}/comment': on.post('operator', {
    tag: 'incidents',
    operationId: 'commentIncident',
    summary: 'Add a note to the timeline',
    parameters: [NUMBER_PARAM],
    requestBody: body('The note.', strictObject({ text: schema('NonEmptyText') }, ['text'])),
    responses: { '201': ok('The new timeline entry.', schema('TimelineEntry')), '400': ref('responses', 'BadRequest'), '404': ref('responses', 'NotFound') },
  }),
  ...actionPaths,
};
