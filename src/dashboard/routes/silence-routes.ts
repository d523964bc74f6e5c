import { Router } from 'express';
import { z } from 'zod';
import {
  apiOccurrence,
  effectiveEnd,
  formatSilenceMatchers,
  type MaintenanceCalendar,
  type MaintenanceOccurrence,
  silenceMatchersFromText,
  silenceMatchersProblem,
  silenceStatus,
} from '../../alerter/index.js';
import { Name, PositiveDuration, TargetId } from '../../config/index.js';
import { type Clock, isLabelName, type LabelMatcher, NocError, parseTime, type Silence, type SilenceStore } from '../../core/index.js';
import { principalOf, requireRole } from '../auth.js';
import { stringParam, timeParam } from './query-params.js';

const DAY = 86_400_000;
/** Default span of `GET /maintenance` without `to`: the coming week. */
const DEFAULT_RANGE = 7 * DAY;
/** Widest `GET /maintenance` range: recurring windows are expanded minute by minute. */
const MAX_RANGE = 366 * DAY;
/** A start this far in the past still counts as "now" (clock skew between the caller and us). */
const PAST_TOLERANCE = 60_000;

/** What the silence and maintenance routes need. */
export interface SilenceRoutesDeps {
  readonly store: SilenceStore;
  readonly calendar: MaintenanceCalendar;
  readonly clock: Clock;
  /** Target ids in the running configuration: a window for an unknown target would silently mute nothing. */
  readonly targetIds?: () => readonly string[];
}

const MatcherObject = z.strictObject({
  name: z.string().refine(isLabelName, { message: 'expected a label name such as target or site' }),
  op: z.enum(['=', '!=', '=~', '!~'], { error: 'expected one of =, !=, =~, !~' }),
  value: z.string(),
});

const MATCHERS_HINT = 'expected a selector such as {target="sbc-1",site=~"mx.*"} or a list of {name, op, value}';

/** Selector text or a list of matchers, checked the same way whichever form came. */
const Matchers = z.union([z.string(), z.array(z.unknown())], { error: MATCHERS_HINT }).transform((value, ctx): LabelMatcher[] => {
  let matchers: LabelMatcher[];
  if (typeof value === 'string') {
    try {
      matchers = silenceMatchersFromText(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  } else {
    const parsed = z.array(MatcherObject).max(64).safeParse(value, { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issueMessage(issue) });
      return z.NEVER;
    }
    matchers = parsed.data;
  }
  const problem = silenceMatchersProblem(matchers);
  if (problem !== undefined) {
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  return matchers;
});

const Comment = z.string().trim().min(1, { message: 'must not be empty' }).max(2000);
const TimeText = z.string({ error: 'expected an ISO-8601 time such as 2026-11-02T02:00:00Z, now, or Unix seconds' });

const SilenceBody = z.strictObject({
  matchers: Matchers,
  startsAt: TimeText.optional(),
  endsAt: TimeText.optional(),
  duration: PositiveDuration.optional(),
  comment: Comment,
});

const MaintenanceBody = z.strictObject({
  name: Name.max(200).optional(),
  targets: z.array(TargetId).min(1, { message: 'a maintenance window needs at least one target' }).max(500),
  startsAt: TimeText.optional(),
  endsAt: TimeText.optional(),
  duration: PositiveDuration.optional(),
  comment: Comment,
});

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, segment) => (typeof segment === 'number' ? `${out}[${segment}]` : out === '' ? String(segment) : `${out}.${String(segment)}`), '');
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  // Only present with reportInput; the input itself is never echoed (a comment may hold anything).
  if ((issue as { input?: unknown }).input === undefined && issue.code !== 'custom') return 'is required';
  return issue.message;
}

/** The body parsed by `schema`, or a bad_request whose message names the first offending field. */
function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new NocError('bad_request', 'the body must be a JSON object (Content-Type: application/json)');
  }
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ field: fieldPath(issue.path) || 'body', message: issueMessage(issue) }));
  const first = issues[0] as { field: string; message: string };
  throw new NocError('bad_request', `${first.field}: ${first.message}`, { issues });
}

function timeField(field: string, text: string | undefined, now: number): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseTime(text, now);
  if (ms === undefined) throw new NocError('bad_request', `${field}: expected an ISO-8601 time such as 2026-11-02T02:00:00Z, now, or Unix seconds`);
  return ms;
}

/** [startsAt, endsAt) from a body: start defaults to now; exactly one of endsAt and duration. */
function spanOf(body: { startsAt?: string | undefined; endsAt?: string | undefined; duration?: number | undefined }, now: number): { startsAt: number; endsAt: number; pastStart: boolean } {
  const requested = timeField('startsAt', body.startsAt, now) ?? now;
  const pastStart = requested < now - PAST_TOLERANCE;
  const startsAt = Math.max(requested, now);
  const endsAt = timeField('endsAt', body.endsAt, now);
  if (endsAt !== undefined && body.duration !== undefined) throw new NocError('bad_request', 'endsAt: give endsAt or duration, not both');
  if (endsAt === undefined && body.duration === undefined) throw new NocError('bad_request', 'endsAt: is required (or give duration, such as 2h)');
  const end = endsAt ?? startsAt + (body.duration as number);
  if (end <= startsAt) {
    throw new NocError('bad_request', `endsAt: must be after startsAt and in the future (${new Date(end).toISOString()} is not after ${new Date(startsAt).toISOString()})`);
  }
  return { startsAt, endsAt: end, pastStart };
}

const iso = (ms: number): string => new Date(ms).toISOString();

function silenceJson(silence: Silence, now: number) {
  return {
    id: silence.id,
    status: silenceStatus(silence, now),
    matchers: silence.matchers.map(({ name, op, value }) => ({ name, op, value })),
    selector: formatSilenceMatchers(silence.matchers),
    startsAt: iso(silence.startsAt),
    endsAt: iso(silence.endsAt),
    ...(silence.expiredAt === undefined ? {} : { expiredAt: iso(silence.expiredAt) }),
    createdBy: silence.createdBy,
    comment: silence.comment,
  };
}

type MaintenanceStatus = 'scheduled' | 'active' | 'ended' | 'cancelled';

function maintenanceStatus(occurrence: MaintenanceOccurrence, now: number): MaintenanceStatus {
  if (occurrence.cancelledAt !== undefined) return 'cancelled';
  if (now < occurrence.start) return 'scheduled';
  return now < effectiveEnd(occurrence) ? 'active' : 'ended';
}

function maintenanceJson(occurrence: MaintenanceOccurrence, now: number) {
  const o = occurrence;
  return {
    source: o.source,
    ...(o.id === undefined ? {} : { id: o.id }),
    name: o.name,
    targets: [...o.targets],
    status: maintenanceStatus(o, now),
    startsAt: iso(o.start),
    endsAt: iso(o.end),
    ...(o.cancelledAt === undefined ? {} : { cancelledAt: iso(o.cancelledAt) }),
    ...(o.cron === undefined ? {} : { cron: o.cron }),
    ...(o.createdBy === undefined ? {} : { createdBy: o.createdBy }),
    ...(o.comment === undefined ? {} : { comment: o.comment }),
  };
}

/**
 * `GET|POST /silences`, `DELETE /silences/:id`, `GET|POST /maintenance`, `DELETE /maintenance/:id`.
 * Viewers read; operators create and end silences and API maintenance windows, since both are day-to-day
 * operations. Recurring windows are configuration (the config file, reloaded by an admin).
 */
export function silenceRoutes(deps: SilenceRoutesDeps): Router {
  const router = Router();
  const { store, calendar, clock } = deps;

  router.get('/silences', requireRole('viewer'), async (req, res) => {
    const query = req.query as Record<string, unknown>;
    const all = stringParam(query, 'all');
    if (all !== undefined && all !== 'true' && all !== 'false') throw new NocError('bad_request', `parameter 'all': expected true or false, got '${all}'`);
    const now = clock.now();
    // Pending silences are listed with the active ones: hiding a silence just created for later would confuse.
    const silences = (await store.listSilences()).filter((s) => all === 'true' || silenceStatus(s, now) !== 'expired');
    res.json({ data: silences.map((s) => silenceJson(s, now)) });
  });

  router.post('/silences', requireRole('operator'), async (req, res) => {
    const body = parseBody(SilenceBody, req.body);
    const now = clock.now();
    // A start in the past mutes nothing more than a start now, so it is moved to now (as Alertmanager does).
    const { startsAt, endsAt } = spanOf(body, now);
    const silence = await store.createSilence({ matchers: body.matchers, startsAt, endsAt, createdBy: principalOf(req).name, comment: body.comment });
    res.status(201).json({ data: silenceJson(silence, now) });
  });

  router.delete('/silences/:id', requireRole('operator'), async (req, res) => {
    const id = String(req.params.id);
    const now = clock.now();
    if (!(await store.expireSilence(id, now))) {
      const existing = (await store.listSilences()).find((s) => s.id === id);
      if (existing === undefined) throw new NocError('not_found', `no silence with id '${id}'`);
      throw new NocError('conflict', `silence '${id}' has already ended`);
    }
    const expired = (await store.listSilences()).find((s) => s.id === id) as Silence;
    res.json({ data: silenceJson(expired, now) });
  });

  router.get('/maintenance', requireRole('viewer'), async (req, res) => {
    const query = req.query as Record<string, unknown>;
    const now = clock.now();
    const from = timeParam(query, 'from', now, now);
    const to = timeParam(query, 'to', now, from + DEFAULT_RANGE);
    if (from >= to) throw new NocError('bad_request', `'from' (${iso(from)}) must be before 'to' (${iso(to)})`);
    if (to - from > MAX_RANGE) throw new NocError('bad_request', `the range from 'from' to 'to' is at most 366 days`);
    const occurrences = await calendar.occurrencesBetween(from, to);
    res.json({ data: occurrences.map((o) => maintenanceJson(o, now)), from: iso(from), to: iso(to) });
  });

  router.post('/maintenance', requireRole('operator'), async (req, res) => {
    const body = parseBody(MaintenanceBody, req.body);
    const known = deps.targetIds?.();
    if (known !== undefined) {
      const unknown = body.targets.findIndex((t) => !known.includes(t));
      if (unknown >= 0) throw new NocError('bad_request', `targets[${unknown}]: no target '${body.targets[unknown]}' in the configuration`);
    }
    const now = clock.now();
    const { startsAt, endsAt, pastStart } = spanOf(body, now);
    // Maintenance is excluded from availability: recording it after the fact would rewrite the SLA reports.
    if (pastStart) throw new NocError('bad_request', 'startsAt: is in the past; maintenance cannot be recorded after the fact');
    const window = await store.createMaintenance({
      name: body.name ?? (body.comment.split('\n')[0] as string).slice(0, 80),
      targets: [...new Set(body.targets)],
      startsAt,
      endsAt,
      createdBy: principalOf(req).name,
      comment: body.comment,
    });
    res.status(201).json({ data: maintenanceJson(apiOccurrence(window), now) });
  });

  router.delete('/maintenance/:id', requireRole('operator'), async (req, res) => {
    const id = String(req.params.id);
    const now = clock.now();
    const cancelled = await store.cancelMaintenance(id, now);
    const window = (await store.listMaintenance()).find((w) => w.id === id);
    if (window === undefined) throw new NocError('not_found', `no maintenance window with id '${id}' (windows from the config file are changed there)`);
    if (!cancelled) throw new NocError('conflict', `maintenance window '${id}' has already ended or been cancelled`);
    res.json({ data: maintenanceJson(apiOccurrence(window), now) });
  });

  return router;
}
