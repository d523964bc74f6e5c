import { arrayOf, body, enumOf, ISO_TIME, JSON_TYPE, object, ok, on, param, ref, schema, strictObject, STRING, STRING_MAP } from './openapi-builders.js';
import type { JsonSchema, OpenApiDocument, PathItem, Response } from './openapi-types.js';
import { REPORT_PATHS, REPORT_SCHEMAS_COMPONENTS } from './report-paths.js';

const NUMBER_PARAM = param('number', 'path', 'Tracking number `PREFIX-YYYY-NNNNNN`.', { type: 'string', examples: ['NOC-2026-000042'] });
const TIME_TEXT = 'An instant: `now`, relative (`-2h`, `-1h30m`), ISO-8601 (`2026-11-02T10:00:00Z`) or Unix seconds.';

const SEVERITIES = ['S1', 'S2', 'S3', 'S4'];
const LEVELS = ['L1', 'L2', 'L3'];
const MANUAL_CHANNELS = ['phone', 'email', 'chat', 'whatsapp', 'click2call', 'web'];
const ROLES = ['viewer', 'operator', 'admin'];

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

const WEBSOCKET = {
  subprotocol: 'json',
  serverToClient: {
    hello: { description: 'Sent once on connect.', schema: object({ type: { const: 'hello' }, serverTime: { type: 'integer', description: 'ms since the epoch' }, role: enumOf(ROLES) }, ['type', 'serverTime', 'role']) },
    samples: {
      description: 'The latest sample per subscribed series since the last flush (every 250 ms).',
      schema: object(
        {
          type: { const: 'samples' },
          samples: arrayOf(
            object({ series: { type: 'string', description: 'series key' }, metric: STRING, labels: STRING_MAP, t: { type: 'integer' }, v: schema('SampleValue') }, ['series', 'metric', 'labels', 't', 'v']),
          ),
        },
        ['type', 'samples'],
      ),
    },
    target: { description: 'A target changed (coalesced per target).', schema: object({ type: { const: 'target' }, target: schema('Target') }, ['type', 'target']) },
    alert: {
      description: 'An alert changed.',
      schema: object({ type: { const: 'alert' }, alert: { allOf: [schema('Alert'), object({ change: { type: 'string', examples: ['firing', 'pending', 'resolved'] } }, ['change'])] } }, ['type', 'alert']),
    },
    incident: { description: 'An incident changed (coalesced per number).', schema: object({ type: { const: 'incident' }, incident: schema('Incident') }, ['type', 'incident']) },
    error: { description: 'A subscription was refused (e.g. a bad selector).', schema: object({ type: { const: 'error' }, message: STRING }, ['type', 'message']) },
  },
  clientToServer: {
    subscribe: {
      description: 'Replaces the subscription. Before the first one the client receives only `hello`.',
      schema: strictObject(
        {
          type: { const: 'subscribe' },
          series: { ...arrayOf({ type: 'string', maxLength: 4096 }), maxItems: 100, default: [], description: 'PromQL selectors, as in `GET /api/v1/series`' },
          targets: { type: 'boolean', default: false },
          alerts: { type: 'boolean', default: false },
          incidents: { type: 'boolean', default: false },
        },
        ['type'],
      ),
    },
  },
  closeCodes: {
    '1001': 'the server is shutting down',
    '1013': 'slow consumer: the client fell more than 1 MiB (or the pending queue bound) behind',
  },
} as const;

const paths: Record<string, PathItem> = {
  '/healthz': on.get('public', {
    tag: 'health',
    operationId: 'getHealth',
    summary: 'The process answers',
    responses: { '200': { description: 'Alive.', content: { [JSON_TYPE]: { schema: object({ status: { const: 'ok' } }, ['status']) } } } },
  }),
  '/readyz': on.get('public', {
    tag: 'health',
    operationId: 'getReadiness',
    summary: 'The store is open and its head log replayed',
    responses: {
      '200': { description: 'Ready.', content: { [JSON_TYPE]: { schema: schema('Readiness') } } },
      '503': { description: 'Still starting.', content: { [JSON_TYPE]: { schema: schema('Readiness') } } },
    },
  }),
  '/metrics': on.get('public', {
    tag: 'health',
    operationId: 'getMetrics',
    summary: "The process's own metrics (Prometheus text exposition)",
    responses: { '200': { description: 'Prometheus text format.', content: { 'text/plain': { schema: STRING } } } },
  }),
  '/': on.get('public', {
    tag: 'web',
    operationId: 'getConsole',
    summary: 'The operator console (web app shell; a login form without a session)',
    description: 'The page shell holds no data: every data call it makes needs authentication. Its assets (`/assets/*`, `/favicon.svg`) are public too.',
    responses: { '200': { description: 'HTML page.', content: { 'text/html': { schema: STRING } } } },
  }),
  '/wall': on.get('public', {
    tag: 'web',
    operationId: 'getWall',
    summary: 'The wall view; with `token`, opens a wall session',
    description:
      'Without `token`: the wall page shell. With `token` (`server.auth.wall_token`, compared in constant time): a viewer session of kind `wall` is created, its cookie set, and the browser is redirected to `/wall`.',
    parameters: [param('token', 'query', 'The wall token.', STRING, false)],
    responses: {
      '200': { description: 'HTML page shell.', content: { 'text/html': { schema: STRING } } },
      '303': { description: 'Wall session opened; redirect to `/wall`.', headers: { 'Set-Cookie': { description: '`noc_session`', schema: STRING }, Location: { schema: STRING } } },
      '401': { description: 'Wrong wall token (an HTML page).', content: { 'text/html': { schema: STRING } } },
      '429': { description: 'Too many wrong tokens from this address (an HTML page).', headers: { 'Retry-After': { description: 'Seconds.', schema: { type: 'integer' } } }, content: { 'text/html': { schema: STRING } } },
    },
  }),

  '/api/v1/openapi.json': on.get('viewer', {
    tag: 'meta',
    operationId: 'getOpenApiDocument',
    summary: 'This document',
    responses: { '200': { description: 'The OpenAPI 3.1 document of this API.', content: { [JSON_TYPE]: { schema: { type: 'object' } } } } },
  }),

  '/api/v1/session': {
    ...on.post('public', {
      tag: 'session',
      operationId: 'login',
      summary: 'Log in with a username and password',
      description:
        'Unknown users, disabled users and wrong passwords get the same answer. Throttled per username and per client address, with exponential back-off. A request whose `Origin` names another site is refused (403).',
      requestBody: body('Credentials.', strictObject({ username: { type: 'string', minLength: 1, maxLength: 128 }, password: schema('Password') }, ['username', 'password']), {
        username: 'ana',
        password: 'correct horse battery staple',
      }),
      responses: {
        '200': {
          ...ok('Logged in; the session cookie is set.', object({ username: STRING, role: enumOf(ROLES) }, ['username', 'role'])),
          headers: { 'Set-Cookie': { description: '`noc_session`: HttpOnly, SameSite=Strict, Path=/, Secure over TLS', schema: STRING } },
        },
        '400': ref('responses', 'BadRequest'),
        '401': ref('responses', 'Unauthorized'),
        '403': ref('responses', 'Forbidden'),
        '429': ref('responses', 'TooManyRequests'),
      },
    }),
    ...on.get('viewer', {
      tag: 'session',
      operationId: 'getSession',
      summary: 'Who the caller is',
      responses: { '200': ok('The caller.', object({ username: STRING, role: enumOf(ROLES), kind: enumOf(['user', 'wall', 'token']) }, ['username', 'role', 'kind'])) },
    }),
    ...on.delete('viewer', {
      tag: 'session',
      operationId: 'logout',
      summary: 'Log out: the session is revoked on the server',
      description: 'For bearer tokens there is no session to end; the answer is the same.',
      responses: { '204': { description: 'Logged out; the cookie is cleared.', headers: { 'Set-Cookie': { description: 'clears `noc_session`', schema: STRING } } } },
    }),
  },
  '/api/v1/session/password': on.post('viewer', {
    tag: 'session',
    operationId: 'changePassword',
    summary: "Change the logged-in user's own password; ends the user's other sessions",
    description:
      'Only for a logged-in user (session cookie): bearer tokens and wall sessions have no password (403). Users defined in the configuration file change it there (409). Throttled like a login. A wrong `current` password is 403.',
    requestBody: body('The current and the new password (at least 8 characters).', strictObject({ current: schema('Password'), next: schema('Password') }, ['current', 'next'])),
    responses: {
      '204': { description: 'Changed; a fresh session cookie replaces the caller’s.', headers: { 'Set-Cookie': { description: '`noc_session`', schema: STRING } } },
      '400': ref('responses', 'BadRequest'),
      '409': ref('responses', 'Conflict'),
      '429': ref('responses', 'TooManyRequests'),
    },
  }),
  '/api/v1/users': {
    ...on.get('admin', {
      tag: 'users',
      operationId: 'listUsers',
      summary: 'Dashboard users (never their passwords)',
      responses: { '200': ok('Users.', arrayOf(schema('User'))) },
    }),
    ...on.post('admin', {
      tag: 'users',
      operationId: 'createUser',
      summary: 'Create a user',
      description: 'The password needs at least 8 characters. 409 when the username is taken.',
      requestBody: body('The new user.', strictObject({ username: schema('Username'), password: schema('Password'), role: enumOf(ROLES) }, ['username', 'password', 'role']), {
        username: 'ana',
        password: 'correct horse battery staple',
        role: 'operator',
      }),
      responses: { '201': ok('Created.', schema('User')), '400': ref('responses', 'BadRequest'), '409': ref('responses', 'Conflict') },
    }),
  },
  '/api/v1/users/{username}': on.patch('admin', {
    tag: 'users',
    operationId: 'updateUser',
    summary: "Change a user's role, disable it or set its password",
    description: "Disabling a user or changing its password revokes that user's sessions. Users defined in the configuration file are read-only here (the file is authoritative).",
    parameters: [param('username', 'path', 'The user.')],
    requestBody: body('The fields to change.', strictObject({ role: enumOf(ROLES), disabled: { type: 'boolean' }, password: schema('Password') })),
    responses: {
      '200': ok('The user after the change.', schema('User')),
      '400': ref('responses', 'BadRequest'),
      '404': ref('responses', 'NotFound'),
      '409': ref('responses', 'Conflict'),
    },
  }),
  '/api/v1/stream': on.get('viewer', {
    tag: 'stream',
    operationId: 'openStream',
    summary: 'Live stream (WebSocket)',
    description:
      'An HTTP GET with `Upgrade: websocket`, authenticated like the API (session cookie or `Authorization: Bearer`). A handshake whose `Origin` is not the server itself is refused with 403. JSON text frames; see `x-websocket` for every message.',
    responses: { '101': { description: 'Switching to the WebSocket protocol.' } },
    'x-websocket': WEBSOCKET,
  }),

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
  ...REPORT_PATHS,
  '/api/v1/notifications': on.get('operator', {
    tag: 'notifications',
    operationId: 'listNotifications',
    summary: 'The notification outbox, newest first',
    description: 'Operators only: messages carry recipients’ addresses.',
    parameters: [param('status', 'query', 'Only messages in this state.', enumOf(['pending', 'sent', 'dead']), false), ref('parameters', 'Limit')],
    responses: { '200': ok('Messages.', arrayOf(schema('OutboxMessage'))), '400': ref('responses', 'BadRequest') },
  }),
  '/api/v1/reload': on.post('admin', {
    tag: 'admin',
    operationId: 'reloadConfig',
    summary: 'Re-read the configuration file',
    description: 'An invalid file keeps the running configuration.',
    responses: {
      '200': { description: 'Reloaded.', content: { [JSON_TYPE]: { schema: object({ status: { const: 'reloaded' } }, ['status']) } } },
      '422': ref('responses', 'InvalidConfig'),
    },
  }),
};

const errorResponse = (description: string, code: string, headers?: Response['headers']): Response => ({
  description,
  ...(headers === undefined ? {} : { headers }),
  content: { [JSON_TYPE]: { schema: schema('Error'), example: { error: { code, message: description } } } },
});

const INCIDENT_TIMES = ['occurredAt', 'registeredAt', 'acknowledgedAt', 'resolvedAt', 'closedAt', 'attentionDue', 'solutionDue'];
const SLA_CLOCK = enumOf(['running', 'met', 'breached']);

/** The OpenAPI 3.1 description of the HTTP API: every route, its parameters, bodies, answers and role. */
export const OPENAPI_DOCUMENT: OpenApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'NOC monitoring platform API',
    version: '1',
    description:
      'JSON API under `/api/v1`; health and metrics at the root. Callers authenticate with `Authorization: Bearer <token>` (`server.auth.tokens`) or the `noc_session` cookie; roles viewer < operator < admin (`x-required-role` on each operation). State changes authenticated by cookie must carry an `Origin` (or `Referer`) of the server itself. Every JSON answer is `{data, …}`; every error is `{error: {code, message, details?}}` with the matching status, never a stack trace. The live stream is a WebSocket at `/api/v1/stream` (see its `x-websocket`).',
    license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
  },
  tags: [
    { name: 'health', description: 'Liveness, readiness and the process metrics (public).' },
    { name: 'web', description: 'The web app page shells (public; they hold no data).' },
    { name: 'meta', description: 'This description.' },
    { name: 'session', description: 'Login, logout and the caller.' },
    { name: 'users', description: 'Dashboard users (admin).' },
    { name: 'stream', description: 'Live updates over WebSocket.' },
    { name: 'series', description: 'The time-series store.' },
    { name: 'targets', description: 'Monitored targets and their probes.' },
    { name: 'alerts', description: 'Alerts now pending or firing.' },
    { name: 'silences', description: 'Silences over alert labels.' },
    { name: 'maintenance', description: 'Maintenance windows over targets.' },
    { name: 'incidents', description: 'ITIL incidents and their lifecycle.' },
    { name: 'forensics', description: 'What changed and what happened around a window or an incident.' },
    { name: 'reports', description: 'Monthly availability and SLA reports.' },
    { name: 'notifications', description: 'The notification outbox.' },
    { name: 'admin', description: 'Administration.' },
  ],
  security: [{ bearerAuth: [] }, { sessionCookie: [] }],
  paths,
  components: {
    securitySchemes: {
      bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token of `server.auth.tokens`; its role is configured with it.' },
      sessionCookie: { type: 'apiKey', in: 'cookie', name: 'noc_session', description: 'The session of a logged-in user or a wall screen (`POST /api/v1/session`, `GET /wall?token=`).' },
    },
    parameters: {
      Match: param('match', 'query', 'A PromQL selector such as `up{role="sbc",site=~"mx.*"}`; replaces `metric` and label parameters.', STRING, false),
      Metric: param('metric', 'query', 'A metric name; every other unknown query parameter is then a label matcher `<label>=<value>`.', STRING, false),
      From: param('from', 'query', TIME_TEXT, STRING, false),
      To: param('to', 'query', TIME_TEXT, STRING, false),
      Limit: param('limit', 'query', 'How many at most.', { type: 'integer', minimum: 1, maximum: 1000, default: 100 }, false),
    },
    responses: {
      BadRequest: errorResponse('The request is invalid; the message names the field, `details.issues` lists every problem.', 'bad_request'),
      Unauthorized: errorResponse('No valid credentials.', 'unauthorized', { 'WWW-Authenticate': { schema: { const: 'Bearer realm="noc"' } } }),
      Forbidden: errorResponse('The role is too low, or a cookie-authenticated change came from another origin.', 'forbidden'),
      NotFound: errorResponse('No such resource.', 'not_found'),
      Conflict: errorResponse('The state does not allow it (or it changed since the given version).', 'conflict'),
      InvalidConfig: errorResponse('The configuration file is invalid; `details.errors` lists every error.', 'invalid_config'),
      TooManyRequests: errorResponse('Too many failed attempts; retry later.', 'too_many_requests', { 'Retry-After': { description: 'Seconds.', schema: { type: 'integer' } } }),
      Internal: errorResponse('Internal error (logged on the server).', 'internal'),
    },
    schemas: {
      ...REPORT_SCHEMAS_COMPONENTS,
      Error: object(
        {
          error: object(
            {
              code: { type: 'string', examples: ['bad_request', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'invalid_config', 'unavailable', 'timeout', 'internal'] },
              message: STRING,
              details: { description: 'Structured detail, such as `issues` for a bad body.' },
            },
            ['code', 'message'],
          ),
        },
        ['error'],
      ),
      Readiness: object({ status: enumOf(['ready', 'starting']), checks: object({ store: { type: 'boolean' } }, ['store']) }, ['status', 'checks']),
      SampleValue: { oneOf: [{ type: 'number' }, enumOf(['NaN', '+Inf', '-Inf'])], description: 'JSON has no NaN or infinities: those travel as strings.' },
      NonEmptyText: { type: 'string', minLength: 1, description: 'Text that is not blank once trimmed.' },
      Version: { type: 'integer', minimum: 1, description: 'The incident `version` as read (optimistic concurrency).' },
      TimeText: { type: 'string', description: 'ISO-8601 (`2026-11-02T02:00:00Z`), `now`, or Unix seconds.' },
      Duration: { type: 'string', pattern: '^[0-9]', examples: ['2h', '1h30m'], description: 'A duration longer than zero.' },
      Comment: { type: 'string', minLength: 1, maxLength: 2000 },
      TargetId: { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]*$' },
      Matchers: {
        description: 'Selector text (`{target="sbc-1",site=~"mx.*"}`, or `Name{…}` meaning `alertname`) or a list of matchers; at least one must fail on an empty value.',
        oneOf: [STRING, { type: 'array', maxItems: 64, items: strictObject({ name: STRING, op: enumOf(['=', '!=', '=~', '!~']), value: STRING }, ['name', 'op', 'value']) }],
      },
      Probe: object(
        {
          probe: STRING,
          kind: STRING,
          state: enumOf(['up', 'down', 'unknown']),
          intervalMs: { type: 'integer' },
          lastRunAt: ISO_TIME,
          lastDurationMs: { type: 'number' },
          lastError: STRING,
          overruns: { type: 'integer' },
        },
        ['probe', 'kind', 'state', 'intervalMs', 'overruns'],
      ),
      Target: object(
        { target: STRING, role: STRING, site: STRING, pair: STRING, dependsOn: arrayOf(STRING), state: enumOf(['up', 'down', 'unknown']), probes: arrayOf(schema('Probe')) },
        ['target', 'role', 'site', 'state', 'probes'],
      ),
      Alert: object(
        {
          rule: STRING,
          fingerprint: STRING,
          group: STRING,
          labels: STRING_MAP,
          status: enumOf(['pending', 'firing']),
          since: ISO_TIME,
          flapping: { type: 'boolean' },
          value: { type: 'number' },
          incident: STRING,
          inhibitedBy: STRING_MAP,
          heldBy: STRING,
          muted: { oneOf: [{ const: false }, object({ silencedBy: arrayOf(STRING), maintenance: arrayOf(STRING) }, ['silencedBy', 'maintenance'])] },
        },
        ['rule', 'fingerprint', 'group', 'labels', 'status', 'since', 'flapping', 'muted'],
      ),
      Silence: object(
        {
          id: STRING,
          status: enumOf(['pending', 'active', 'expired']),
          matchers: arrayOf(object({ name: STRING, op: enumOf(['=', '!=', '=~', '!~']), value: STRING }, ['name', 'op', 'value'])),
          selector: STRING,
          startsAt: ISO_TIME,
          endsAt: ISO_TIME,
          expiredAt: ISO_TIME,
          createdBy: STRING,
          comment: STRING,
        },
        ['id', 'status', 'matchers', 'selector', 'startsAt', 'endsAt', 'createdBy', 'comment'],
      ),
      MaintenanceWindow: object(
        {
          source: enumOf(['config', 'api']),
          id: STRING,
          name: STRING,
          targets: arrayOf(STRING),
          status: enumOf(['scheduled', 'active', 'ended', 'cancelled']),
          startsAt: ISO_TIME,
          endsAt: ISO_TIME,
          cancelledAt: ISO_TIME,
          cron: STRING,
          createdBy: STRING,
          comment: STRING,
        },
        ['source', 'name', 'targets', 'status', 'startsAt', 'endsAt'],
      ),
      Incident: object(
        {
          number: STRING,
          title: STRING,
          description: STRING,
          severity: enumOf(SEVERITIES),
          status: enumOf(['registered', 'diagnosing', 'resolved', 'closed']),
          level: enumOf(LEVELS),
          channel: enumOf(['monitoring', ...MANUAL_CHANNELS]),
          fingerprint: STRING,
          registeredBy: STRING,
          customer: object({ name: STRING, email: STRING, phone: STRING, account: STRING }),
          affectedTargets: arrayOf(STRING),
          affectedUsers: { type: 'integer' },
          labels: STRING_MAP,
          ...Object.fromEntries(INCIDENT_TIMES.map((name) => [name, ISO_TIME])),
          category: STRING,
          resolution: STRING,
          version: { type: 'integer' },
          sla: object({ attention: SLA_CLOCK, solution: SLA_CLOCK }, ['attention', 'solution']),
        },
        [
          'number',
          'title',
          'description',
          'severity',
          'status',
          'level',
          'channel',
          'registeredBy',
          'affectedTargets',
          'affectedUsers',
          'labels',
          'occurredAt',
          'registeredAt',
          'attentionDue',
          'solutionDue',
          'version',
          'sla',
        ],
      ),
      Range: object({ from: ISO_TIME, to: ISO_TIME }, ['from', 'to']),
      Skipped: object({ empty: { type: 'integer' }, constant: { type: 'integer' } }, ['empty', 'constant']),
      Stats: object(
        Object.fromEntries(['count', 'mean', 'median', 'p95', 'min', 'max', 'stddev'].map((name) => [name, schema('SampleValue')])),
        ['count', 'mean', 'median', 'p95', 'min', 'max', 'stddev'],
      ),
      RankedSeries: object(
        {
          rank: { type: 'integer', minimum: 1 },
          key: STRING,
          metric: STRING,
          labels: STRING_MAP,
          rated: { type: 'boolean', description: 'A counter, scored as a per-second rate.' },
          scores: object(
            Object.fromEntries(['ks', 'ksStatistic', 'volume', 'relativeChange', 'levelShift', 'effectSize'].map((name) => [name, schema('SampleValue')])),
            ['ks', 'ksStatistic', 'volume', 'relativeChange', 'levelShift', 'effectSize'],
          ),
          normalised: object({ ks: { type: 'number' }, volume: { type: 'number' }, levelShift: { type: 'number' } }, ['ks', 'volume', 'levelShift']),
          combined: { type: 'number', description: 'The largest normalised score: what the list is sorted by.' },
          rankedBy: enumOf(['ks', 'volume', 'levelShift']),
          baselineStats: schema('Stats'),
          windowStats: schema('Stats'),
          correlation: object(
            {
              pearson: object({ lag: { type: 'integer' }, lagMs: { type: 'number' }, r: schema('SampleValue') }),
              spearman: object({ lag: { type: 'integer' }, lagMs: { type: 'number' }, r: schema('SampleValue') }),
              best: enumOf(['pearson', 'spearman']),
              lag: { type: 'integer', description: 'Grid steps this series leads the focus by (negative: follows).' },
              lagMs: { type: 'number' },
              r: schema('SampleValue'),
              sign: { type: 'integer', enum: [1, -1, 0] },
              relation: enumOf(['leads', 'follows', 'coincides']),
              description: { type: 'string', examples: ['leads by 40s'] },
            },
            ['pearson', 'best', 'lag', 'lagMs', 'r', 'sign', 'relation', 'description'],
            { description: 'With `focus` only (never on the focus itself).' },
          ),
        },
        ['rank', 'key', 'metric', 'labels', 'rated', 'scores', 'normalised', 'combined', 'rankedBy', 'baselineStats', 'windowStats'],
      ),
      ForensicEvent: object(
        {
          at: ISO_TIME,
          kind: { type: 'string', examples: ['alert_firing', 'target_down', 'incident_opened', 'maintenance_started', 'config_reloaded', 'ssl_grade_changed'] },
          title: STRING,
          labels: STRING_MAP,
          target: STRING,
          ip: STRING,
          severity: enumOf(SEVERITIES),
          incident: STRING,
          details: { type: 'object' },
        },
        ['at', 'kind', 'title', 'labels', 'details'],
      ),
      ForensicAnalysis: object(
        {
          window: schema('Range'),
          baseline: schema('Range'),
          incident: STRING,
          considered: { type: 'integer' },
          scored: { type: 'integer' },
          skipped: schema('Skipped'),
          focus: object(
            {
              key: STRING,
              metric: STRING,
              labels: STRING_MAP,
              rated: { type: 'boolean' },
              grid: object({ start: ISO_TIME, step: { type: 'number', description: 'ms' }, count: { type: 'integer' } }, ['start', 'step', 'count']),
              maxLag: { type: 'integer' },
            },
            ['key', 'metric', 'labels', 'rated', 'grid', 'maxLag'],
          ),
          entries: arrayOf(schema('RankedSeries')),
          timeline: arrayOf(schema('ForensicEvent')),
          tookMs: { type: 'integer' },
        },
        ['window', 'baseline', 'considered', 'scored', 'skipped', 'entries', 'timeline', 'tookMs'],
      ),
      ForensicSnapshot: object(
        {
          takenAt: ISO_TIME,
          window: schema('Range'),
          baseline: schema('Range'),
          considered: { type: 'integer' },
          scored: { type: 'integer' },
          skipped: schema('Skipped'),
          entries: { ...arrayOf(schema('RankedSeries')), maxItems: 10 },
          timeline: arrayOf(schema('ForensicEvent')),
          timelineOmitted: { type: 'integer', description: 'Events left out beyond the first 500.' },
          tookMs: { type: 'integer' },
        },
        ['takenAt', 'window', 'baseline', 'considered', 'scored', 'skipped', 'entries', 'timeline', 'timelineOmitted', 'tookMs'],
      ),
      TimelineEntry: object(
        { incident: STRING, seq: { type: 'integer' }, at: ISO_TIME, actor: STRING, action: { type: 'string', examples: ['registered', 'acknowledged', 'comment'] }, details: { type: 'object' } },
        ['incident', 'seq', 'at', 'actor', 'action', 'details'],
      ),
      OutboxMessage: object(
        {
          id: { type: 'integer' },
          channel: STRING,
          idempotencyKey: STRING,
          payload: { type: 'object' },
          createdAt: ISO_TIME,
          status: enumOf(['pending', 'sent', 'dead']),
          attempts: { type: 'integer' },
          nextAttemptAt: ISO_TIME,
          lastError: STRING,
          sentAt: ISO_TIME,
        },
        ['id', 'channel', 'idempotencyKey', 'payload', 'createdAt', 'status', 'attempts', 'nextAttemptAt'],
      ),
      User: object(
        { username: STRING, role: enumOf(ROLES), disabled: { type: 'boolean' }, source: enumOf(['config', 'api'], '`config`: defined in the configuration file, read-only through the API') },
        ['username', 'role', 'disabled', 'source'],
      ),
      Username: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$' },
      Password: { type: 'string', minLength: 1, maxLength: 1024, description: 'A new password needs at least 8 characters.' },
    },
  },
};
