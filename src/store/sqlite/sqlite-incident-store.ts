import type { Statement, Transaction } from 'better-sqlite3';
import {
  NocError,
  type Incident,
  type IncidentChannel,
  type IncidentCustomer,
  type IncidentFilter,
  type IncidentPatch,
  type IncidentStatus,
  type IncidentStore,
  type Labels,
  type NewIncident,
  type Severity,
  type SupportLevel,
  type TimelineChange,
  type TimelineEntry,
} from '../../core/index.js';
import { applyIncidentPatch } from '../incident-patch.js';
import type { SqliteDatabase } from './database.js';

interface IncidentRow {
  number: string;
  title: string;
  description: string;
  severity: Severity;
  status: IncidentStatus;
  level: SupportLevel;
  channel: IncidentChannel;
  fingerprint: string | null;
  registered_by: string;
  customer: string | null;
  affected_targets: string;
  affected_users: number;
  labels: string;
  occurred_at: number;
  registered_at: number;
  acknowledged_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
  category: string | null;
  resolution: string | null;
  attention_due: number;
  solution_due: number;
  version: number;
}

interface TimelineRow {
  incident: string;
  seq: number;
  at: number;
  actor: string;
  action: string;
  details: string;
}

interface ListParams {
  statuses: string | null;
  severities: string | null;
  from: number | null;
  to: number | null;
  fingerprint: string | null;
  limit: number;
}

type CreateOutcome = { readonly incident: Incident } | { readonly error: unknown };

const COLUMNS = `number, title, description, severity, status, level, channel, fingerprint, registered_by, customer,
  affected_targets, affected_users, labels, occurred_at, registered_at, acknowledged_at, resolved_at, closed_at,
  category, resolution, attention_due, solution_due, version`;

const OPEN = `status IN ('registered', 'diagnosing')`;

/**
 * IncidentStore on the embedded database. Update semantics: a field absent from the patch (or `undefined`)
 * is kept, `null` clears an optional field. At most one open incident may carry a given fingerprint: a
 * create or reopen that would make a second one fails with `conflict`.
 */
export class SqliteIncidentStore implements IncidentStore {
  private readonly allocate: Statement<[string, number], { last: number }>;
  private readonly insert: Statement<[IncidentRow]>;
  private readonly replace: Statement<[IncidentRow & { expected: number }]>;
  private readonly selectOne: Statement<[string], IncidentRow>;
  private readonly selectList: Statement<[ListParams], IncidentRow>;
  private readonly selectOpen: Statement<[string], IncidentRow>;
  private readonly insertEntry: Statement<[TimelineRow]>;
  private readonly lastSeq: Statement<[string], { seq: number | null }>;
  private readonly selectTimeline: Statement<[string], TimelineRow>;
  private readonly createTx: Transaction<(incident: NewIncident, prefix: string) => CreateOutcome>;
  private readonly insertTx: Transaction<(incident: Incident) => void>;
  private readonly updateTx: Transaction<
    (number: string, patch: IncidentPatch, change: TimelineChange, expectedVersion?: number) => Incident
  >;
  private readonly appendTx: Transaction<(number: string, change: TimelineChange) => TimelineEntry>;

  constructor(db: SqliteDatabase) {
    this.allocate = db.prepare<[string, number], { last: number }>(
      `INSERT INTO incident_sequences (prefix, year, last) VALUES (?, ?, 1)
       ON CONFLICT (prefix, year) DO UPDATE SET last = last + 1 RETURNING last`,
    );
    const params = COLUMNS.split(',').map((column) => `@${column.trim()}`);
    this.insert = db.prepare<[IncidentRow]>(`INSERT INTO incidents (${COLUMNS}) VALUES (${params.join(', ')})`);
    const assignments = COLUMNS.split(',')
      .map((column) => column.trim())
      .filter((column) => column !== 'number')
      .map((column) => `${column} = @${column}`);
    this.replace = db.prepare<[IncidentRow & { expected: number }]>(
      `UPDATE incidents SET ${assignments.join(', ')} WHERE number = @number AND version = @expected`,
    );
    this.selectOne = db.prepare<[string], IncidentRow>(`SELECT ${COLUMNS} FROM incidents WHERE number = ?`);
    this.selectList = db.prepare<[ListParams], IncidentRow>(
      `SELECT ${COLUMNS} FROM incidents
       WHERE (@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))
         AND (@severities IS NULL OR severity IN (SELECT value FROM json_each(@severities)))
         AND (@from IS NULL OR registered_at >= @from)
         AND (@to IS NULL OR registered_at <= @to)
         AND (@fingerprint IS NULL OR fingerprint = @fingerprint)
       ORDER BY registered_at DESC, rowid DESC
       LIMIT @limit`,
    );
    this.selectOpen = db.prepare<[string], IncidentRow>(
      `SELECT ${COLUMNS} FROM incidents WHERE fingerprint = ? AND ${OPEN} ORDER BY registered_at DESC LIMIT 1`,
    );
    this.insertEntry = db.prepare<[TimelineRow]>(
      `INSERT INTO incident_timeline (incident, seq, at, actor, action, details)
       VALUES (@incident, @seq, @at, @actor, @action, @details)`,
    );
    this.lastSeq = db.prepare<[string], { seq: number | null }>(`SELECT max(seq) AS seq FROM incident_timeline WHERE incident = ?`);
    this.selectTimeline = db.prepare<[string], TimelineRow>(
      `SELECT incident, seq, at, actor, action, details FROM incident_timeline WHERE incident = ? ORDER BY seq`,
    );

    this.insertTx = db.transaction((incident: Incident) => {
      this.insert.run(toRow(incident));
      this.insertEntry.run({
        incident: incident.number,
        seq: 1,
        at: incident.registeredAt,
        actor: incident.registeredBy,
        action: 'registered',
        details: JSON.stringify({ title: incident.title, severity: incident.severity, channel: incident.channel }),
      });
    });
    // The sequence bump commits even when the insert fails (the nested transaction is a savepoint that
    // rolls back alone), so a number once handed to an insert is never handed out again.
    this.createTx = db.transaction((incident: NewIncident, prefix: string): CreateOutcome => {
      const year = new Date(incident.registeredAt).getUTCFullYear();
      const { last } = this.allocate.get(prefix, year) as { last: number };
      // The round trip through the row drops whatever the caller passed beyond the Incident fields.
      const created = fromRow(
        toRow({
          ...incident,
          number: `${prefix}-${String(year).padStart(4, '0')}-${String(last).padStart(6, '0')}`,
          status: 'registered',
          level: incident.level ?? 'L1',
          version: 1,
        }),
      );
      try {
        this.insertTx(created);
        return { incident: created };
      } catch (error) {
        return { error };
      }
    });
    this.updateTx = db.transaction(
      (number: string, patch: IncidentPatch, change: TimelineChange, expectedVersion?: number): Incident => {
        const current = this.read(number);
        if (expectedVersion !== undefined && current.version !== expectedVersion) {
          throw new NocError(
            'conflict',
            `incident ${number} is at version ${current.version}, not ${expectedVersion}`,
            { version: current.version },
          );
        }
        const next = applyIncidentPatch(current, patch);
        this.replace.run({ ...toRow(next), expected: current.version });
        this.appendEntry(number, change);
        return next;
      },
    );
    this.appendTx = db.transaction((number: string, change: TimelineChange) => {
      this.read(number);
      return this.appendEntry(number, change);
    });
  }

  /** Registers an incident under the next tracking number of `prefix` and the UTC year of `registeredAt`. */
  async create(incident: NewIncident, prefix: string): Promise<Incident> {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(prefix)) {
      throw new NocError('bad_request', `invalid tracking number prefix '${prefix}'`);
    }
    if (!Number.isFinite(incident.registeredAt)) {
      throw new NocError('bad_request', 'registeredAt must be a time in ms since the epoch');
    }
    const outcome = this.createTx.immediate(incident, prefix);
    if ('error' in outcome) throw storageError(outcome.error);
    return outcome.incident;
  }

  /** The incident with this tracking number, if any. */
  async get(number: string): Promise<Incident | undefined> {
    const row = this.selectOne.get(number);
    return row === undefined ? undefined : fromRow(row);
  }

  /** Incidents matching every given filter, newest first; an empty status or severity list filters nothing. */
  async list(filter: IncidentFilter = {}): Promise<Incident[]> {
    const rows = this.selectList.all({
      statuses: filter.status?.length ? JSON.stringify(filter.status) : null,
      severities: filter.severity?.length ? JSON.stringify(filter.severity) : null,
      from: filter.from ?? null,
      to: filter.to ?? null,
      fingerprint: filter.fingerprint ?? null,
      limit: filter.limit ?? -1,
    });
    return rows.map(fromRow);
  }

  /** The open incident with this fingerprint, if any. */
  async findOpenByFingerprint(fingerprint: string): Promise<Incident | undefined> {
    const row = this.selectOpen.get(fingerprint);
    return row === undefined ? undefined : fromRow(row);
  }

  /** Applies `patch`, bumps the version and appends `change`, in one transaction. */
  async update(
    number: string,
    patch: IncidentPatch,
    change: TimelineChange,
    expectedVersion?: number,
  ): Promise<Incident> {
    try {
      return this.updateTx.immediate(number, patch, change, expectedVersion);
    } catch (error) {
      throw storageError(error);
    }
  }

  /** Appends a timeline entry; the incident's fields and version stay as they are. */
  async appendTimeline(number: string, change: TimelineChange): Promise<TimelineEntry> {
    return this.appendTx.immediate(number, change);
  }

  /** The incident's timeline in order; `not_found` for an unknown incident. */
  async timeline(number: string): Promise<TimelineEntry[]> {
    const rows = this.selectTimeline.all(number);
    if (rows.length === 0) this.read(number);
    return rows.map(entryFromRow);
  }

  private read(number: string): Incident {
    const row = this.selectOne.get(number);
    if (row === undefined) throw new NocError('not_found', `no incident ${number}`);
    return fromRow(row);
  }

  private appendEntry(number: string, change: TimelineChange): TimelineEntry {
    const entry: TimelineEntry = {
      incident: number,
      seq: (this.lastSeq.get(number)?.seq ?? 0) + 1,
      at: change.at,
      actor: change.actor,
      action: change.action,
      details: { ...change.details },
    };
    this.insertEntry.run({ ...entry, details: JSON.stringify(entry.details) });
    return entry;
  }
}

/** Maps constraint violations to the product's error codes; anything else passes through. */
function storageError(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const message = (error as Error).message.includes('fingerprint')
      ? 'another open incident already has this fingerprint'
      : (error as Error).message;
    return new NocError('conflict', message, undefined, { cause: error });
  }
  if (code === 'SQLITE_CONSTRAINT_CHECK' || code === 'SQLITE_CONSTRAINT_NOTNULL') {
    return new NocError('bad_request', `invalid incident: ${(error as Error).message}`, undefined, { cause: error });
  }
  return error;
}

function toRow(incident: Incident): IncidentRow {
  return {
    number: incident.number,
    title: incident.title,
    description: incident.description,
    severity: incident.severity,
    status: incident.status,
    level: incident.level,
    channel: incident.channel,
    fingerprint: incident.fingerprint ?? null,
    registered_by: incident.registeredBy,
    customer: incident.customer === undefined ? null : JSON.stringify(incident.customer),
    affected_targets: JSON.stringify(incident.affectedTargets),
    affected_users: incident.affectedUsers,
    labels: JSON.stringify(incident.labels),
    occurred_at: incident.occurredAt,
    registered_at: incident.registeredAt,
    acknowledged_at: incident.acknowledgedAt ?? null,
    resolved_at: incident.resolvedAt ?? null,
    closed_at: incident.closedAt ?? null,
    category: incident.category ?? null,
    resolution: incident.resolution ?? null,
    attention_due: incident.attentionDue,
    solution_due: incident.solutionDue,
    version: incident.version,
  };
}

function fromRow(row: IncidentRow): Incident {
  return {
    number: row.number,
    title: row.title,
    description: row.description,
    severity: row.severity,
    status: row.status,
    level: row.level,
    channel: row.channel,
    ...(row.fingerprint === null ? {} : { fingerprint: row.fingerprint }),
    registeredBy: row.registered_by,
    ...(row.customer === null ? {} : { customer: JSON.parse(row.customer) as IncidentCustomer }),
    affectedTargets: JSON.parse(row.affected_targets) as string[],
    affectedUsers: row.affected_users,
    labels: JSON.parse(row.labels) as Labels,
    occurredAt: row.occurred_at,
    registeredAt: row.registered_at,
    ...(row.acknowledged_at === null ? {} : { acknowledgedAt: row.acknowledged_at }),
    ...(row.resolved_at === null ? {} : { resolvedAt: row.resolved_at }),
    ...(row.closed_at === null ? {} : { closedAt: row.closed_at }),
    ...(row.category === null ? {} : { category: row.category }),
    ...(row.resolution === null ? {} : { resolution: row.resolution }),
    attentionDue: row.attention_due,
    solutionDue: row.solution_due,
    version: row.version,
  };
}

function entryFromRow(row: TimelineRow): TimelineEntry {
  return {
    incident: row.incident,
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
