import { type Request, Router } from 'express';
import { z } from 'zod';
import {
  type Clock,
  type ForensicSnapshotStore,
  INCIDENT_CHANNELS,
  INCIDENT_STATUSES,
  type Incident,
  type IncidentStatus,
  NocError,
  SEVERITIES,
  type Severity,
  slaStatus,
  SUPPORT_LEVELS,
  type TimelineEntry,
} from '../../core/index.js';
import { type IncidentService, type ManualChannel } from '../../alerter/index.js';
import { fromStoredSnapshot } from '../../forensics/index.js';
import { principalOf, requireRole } from '../auth.js';
import { forensicSnapshotJson } from './forensics-routes.js';
import { type Query, stringParam, timeParam } from './query-params.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

// zod's default "expected string, received undefined" reads badly in an API answer: say what is missing.
const required = (what: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `expected ${what}`);
const Text = z.string({ error: required('text') }).trim().min(1, { message: 'must not be empty' });
const OptionalText = z.string({ error: required('text') }).optional();
const Version = z.int({ error: required('a whole number') }).min(1, { message: 'must be at least 1' }).optional();
const enumOf = <T extends string>(values: readonly T[]) =>
  z.enum(values as [T, ...T[]], { error: required(`one of ${values.join(', ')}`) });
const MANUAL_CHANNELS = INCIDENT_CHANNELS.filter((channel): channel is ManualChannel => channel !== 'monitoring');

/** An instant as ms since the epoch or an ISO-8601 text. */
const Instant = z.unknown().transform((value, ctx): number => {
  const ms = typeof value === 'string' ? Date.parse(value) : value;
  if (typeof ms === 'number' && Number.isInteger(ms) && ms >= 0) return ms;
  ctx.addIssue({ code: 'custom', message: 'expected an ISO-8601 time or ms since the epoch' });
  return z.NEVER;
});

const RegisterBody = z.strictObject({
  channel: enumOf(MANUAL_CHANNELS),
  title: Text,
  description: OptionalText,
  severity: enumOf(SEVERITIES).optional(),
  interruption: enumOf(['total', 'partial', 'degraded'] as const).optional(),
  affectedTargets: z.array(Text, { error: required('a list of target ids') }).optional(),
  affectedUsers: z.int({ error: required('a whole number') }).min(0, { message: 'must be 0 or more' }).optional(),
  customer: z
    .strictObject({ name: OptionalText, email: OptionalText, phone: OptionalText, account: OptionalText }, { error: required('an object') })
    .optional(),
  labels: z.record(z.string(), z.string(), { error: required('an object of text values') }).optional(),
  level: enumOf(SUPPORT_LEVELS).optional(),
  occurredAt: Instant.optional(),
});

/** Each action's body and how it calls the service; the actor is always the authenticated principal. */
const ACTIONS = {
  acknowledge: action(z.strictObject({ note: OptionalText, version: Version }), (service, number, body, actor) =>
    service.acknowledge(number, { ...body, actor }),
  ),
  escalate: action(z.strictObject({ level: enumOf(SUPPORT_LEVELS).optional(), reason: OptionalText, version: Version }), (service, number, body, actor) =>
    service.escalate(number, { ...body, actor }),
  ),
  resolve: action(z.strictObject({ resolution: Text, version: Version }), (service, number, body, actor) =>
    service.resolve(number, { ...body, actor }),
  ),
  close: action(z.strictObject({ category: Text, note: OptionalText, version: Version }), (service, number, body, actor) =>
    service.close(number, { ...body, actor }),
  ),
  reopen: action(z.strictObject({ reason: OptionalText, version: Version }), (service, number, body, actor) =>
    service.reopen(number, { ...body, actor }),
  ),
};

interface Action {
  run(service: IncidentService, number: string, body: unknown, actor: string): Promise<Incident>;
}

function action<S extends z.ZodType>(schema: S, call: (service: IncidentService, number: string, body: z.output<S>, actor: string) => Promise<Incident>): Action {
  return { run: (service, number, body, actor) => call(service, number, parseBody(schema, body), actor) };
}

/** The body validated by `schema`, or a 400 naming every bad field. */
function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  // express leaves the body undefined when a request carries none: the same as an empty object.
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => {
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = issue.path.join('.');
    return unknownKeys.length > 0
      ? { path: unknownKeys.map((key) => (path === '' ? key : `${path}.${key}`)).join(', '), message: 'unknown field' }
      : { path: path === '' ? '(body)' : path, message: issue.message };
  });
  const message = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  throw new NocError('bad_request', `invalid request body: ${message}`, { issues });
}

/** A comma-separated list parameter of known values. */
function listParam<T extends string>(query: Query, name: string, allowed: readonly T[]): T[] | undefined {
  const text = stringParam(query, name);
  if (text === undefined || text === '') return undefined;
  const values = text.split(',').map((value) => value.trim());
  const unknown = values.filter((value) => !(allowed as readonly string[]).includes(value));
  if (unknown.length > 0) throw new NocError('bad_request', `parameter '${name}': expected any of ${allowed.join(', ')}, got '${unknown.join(',')}'`);
  return values as T[];
}

function limitParam(query: Query): number {
  const text = stringParam(query, 'limit');
  if (text === undefined) return DEFAULT_LIMIT;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new NocError('bad_request', `parameter 'limit': expected a whole number from 1 to ${MAX_LIMIT}, got '${text}'`);
  }
  return limit;
}

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/** An incident as the API shows it: times in ISO-8601 and the state of both SLA clocks now. */
export function incidentJson(incident: Incident, now: number): Record<string, unknown> {
  return {
    ...incident,
    occurredAt: iso(incident.occurredAt),
    registeredAt: iso(incident.registeredAt),
    acknowledgedAt: iso(incident.acknowledgedAt),
    resolvedAt: iso(incident.resolvedAt),
    closedAt: iso(incident.closedAt),
    attentionDue: iso(incident.attentionDue),
    solutionDue: iso(incident.solutionDue),
    sla: slaStatus(incident, now),
  };
}

function entryJson(entry: TimelineEntry): Record<string, unknown> {
  return { ...entry, at: iso(entry.at) };
}

const numberOf = (req: Request): string => String(req.params.number);

/**
 * `GET /incidents` and `GET /incidents/:number` (viewer); `POST /incidents` and the lifecycle actions
 * `POST /incidents/:number/{acknowledge,escalate,resolve,close,comment,reopen}` (operator). With
 * `snapshots`, an incident shows its frozen forensic snapshot and `GET /incidents/:number/forensics` serves it.
 */
export function incidentRoutes(service: IncidentService, clock: Clock, snapshots?: ForensicSnapshotStore): Router {
  const router = Router();
  const snapshotOf = async (number: string): Promise<Record<string, unknown> | undefined> => {
    const stored = await snapshots?.get(number);
    return stored === undefined ? undefined : forensicSnapshotJson(fromStoredSnapshot(stored));
  };

  router.get('/incidents', requireRole('viewer'), async (req, res) => {
    const query = req.query as Query;
    const now = clock.now();
    const status: IncidentStatus[] | undefined = listParam(query, 'status', INCIDENT_STATUSES);
    const severity: Severity[] | undefined = listParam(query, 'severity', SEVERITIES);
    const from = query.from === undefined ? undefined : timeParam(query, 'from', now, 0);
    const to = query.to === undefined ? undefined : timeParam(query, 'to', now, now);
    if (from !== undefined && to !== undefined && from > to) {
      throw new NocError('bad_request', `'from' (${iso(from)}) is after 'to' (${iso(to)})`);
    }
    const incidents = await service.list({
      ...(status === undefined ? {} : { status }),
      ...(severity === undefined ? {} : { severity }),
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      limit: limitParam(query),
    });
    res.json({ data: incidents.map((incident) => incidentJson(incident, now)) });
  });

  router.get('/incidents/:number', requireRole('viewer'), async (req, res) => {
    const incident = await service.get(numberOf(req));
    const [timeline, forensics] = await Promise.all([service.timeline(incident.number), snapshotOf(incident.number)]);
    res.json({ data: { ...incidentJson(incident, clock.now()), timeline: timeline.map(entryJson), ...(forensics === undefined ? {} : { forensics }) } });
  });

  if (snapshots !== undefined) {
    router.get('/incidents/:number/forensics', requireRole('viewer'), async (req, res) => {
      const incident = await service.get(numberOf(req));
      const forensics = await snapshotOf(incident.number);
      if (forensics === undefined) throw new NocError('not_found', `no forensic snapshot of ${incident.number}`);
      res.json({ data: forensics });
    });
  }

  router.post('/incidents', requireRole('operator'), async (req, res) => {
    const body = parseBody(RegisterBody, req.body);
    const incident = await service.register({ ...body, registeredBy: principalOf(req).name });
    res.status(201).location(`${req.baseUrl}/incidents/${incident.number}`).json({ data: incidentJson(incident, clock.now()) });
  });

  router.post('/incidents/:number/comment', requireRole('operator'), async (req, res) => {
    const { text } = parseBody(z.strictObject({ text: Text }), req.body);
    const entry = await service.comment(numberOf(req), { text, actor: principalOf(req).name });
    res.status(201).json({ data: entryJson(entry) });
  });

  for (const [name, handler] of Object.entries(ACTIONS)) {
    router.post(`/incidents/:number/${name}`, requireRole('operator'), async (req, res) => {
      const incident = await handler.run(service, numberOf(req), req.body, principalOf(req).name);
      res.json({ data: incidentJson(incident, clock.now()) });
    });
  }

  return router;
}
