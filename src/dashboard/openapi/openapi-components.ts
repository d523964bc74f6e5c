import { arrayOf, enumOf, ISO_TIME, JSON_TYPE, object, param, schema, strictObject, STRING, STRING_MAP } from './openapi-builders.js';
import { LEVELS, MANUAL_CHANNELS, ROLES, SEVERITIES } from './openapi-enums.js';
import type { JsonSchema, Parameter, Response } from './openapi-types.js';
import { REPORT_SCHEMAS_COMPONENTS } from './report-paths.js';

const TIME_TEXT = 'An instant: `now`, relative (`-2h`, `-1h30m`), ISO-8601 (`2026-11-02T10:00:00Z`) or Unix seconds.';

const errorResponse = (description: string, code: string, headers?: Response['headers']): Response => ({
  description,
  ...(headers === undefined ? {} : { headers }),
  content: { [JSON_TYPE]: { schema: schema('Error'), example: { error: { code, message: description } } } },
});

const INCIDENT_TIMES = ['occurredAt', 'registeredAt', 'acknowledgedAt', 'resolvedAt', 'closedAt', 'attentionDue', 'solutionDue'];
const SLA_CLOCK = enumOf(['running', 'met', 'breached']);

/** The reusable query parameters. */
export const PARAMETER_COMPONENTS: Record<string, Parameter> = {
  Match: param('match', 'query', 'A PromQL selector such as `up{role="sbc",site=~"mx.*"}`; replaces `metric` and label parameters.', STRING, false),
  Metric: param('metric', 'query', 'A metric name; every other unknown query parameter is then a label matcher `<label>=<value>`.', STRING, false),
  From: param('from', 'query', TIME_TEXT, STRING, false),
  To: param('to', 'query', TIME_TEXT, STRING, false),
  Limit: param('limit', 'query', 'How many at most.', { type: 'integer', minimum: 1, maximum: 1000, default: 100 }, false),
};

/** The reusable error answers. */
export const RESPONSE_COMPONENTS: Record<string, Response> = {
  BadRequest: errorResponse('The request is invalid; the message names the field, `details.issues` lists every problem.', 'bad_request'),
  Unauthorized: errorResponse('No valid credentials.', 'unauthorized', { 'WWW-Authenticate': { schema: { const: 'Bearer realm="noc"' } } }),
  Forbidden: errorResponse('The role is too low, or a cookie-authenticated change came from another origin.', 'forbidden'),
  NotFound: errorResponse('No such resource.', 'not_found'),
  Conflict: errorResponse('The state does not allow it (or it changed since the given version).', 'conflict'),
  InvalidConfig: errorResponse('The configuration file is invalid; `details.errors` lists every error.', 'invalid_config'),
  TooManyRequests: errorResponse('Too many failed attempts; retry later.', 'too_many_requests', { 'Retry-After': { description: 'Seconds.', schema: { type: 'integer' } } }),
  Internal: errorResponse('Internal error (logged on the server).', 'internal'),
};

/** The schemas the operations refer to. */
export const SCHEMA_COMPONENTS: Record<string, JsonSchema> = {
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
};
