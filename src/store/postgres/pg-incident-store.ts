import {
  NocError,
  type Incident,
  type IncidentFilter,
  type IncidentPatch,
  type IncidentStore,
  type NewIncident,
  type TimelineChange,
  type TimelineEntry,
} from '../../core/index.js';
import { applyIncidentPatch } from '../incident-patch.js';
import type { PgDatabase, PgQueryable } from './pg-database.js';
import {
  ASSIGNMENTS,
  COLUMNS,
  entryFromRow,
  fromRow,
  type IncidentRow,
  PLACEHOLDERS,
  rowValues,
  type TimelineRow,
  toRow,
} from './pg-incident-rows.js';

const OPEN = `status IN ('registered', 'diagnosing')`;
const TIMELINE_COLUMNS = 'incident, seq, at, actor, action, details';

/**
 * IncidentStore on PostgreSQL, with the embedded store's semantics: a field absent from the patch (or
 * `undefined`) is kept, `null` clears an optional field, and at most one open incident may carry a given
 * fingerprint (a create or reopen that would make a second one fails with `conflict`).
 */
export class PgIncidentStore implements IncidentStore {
  constructor(private readonly db: PgDatabase) {}

  /** Registers an incident under the next tracking number of `prefix` and the UTC year of `registeredAt`. */
  async create(incident: NewIncident, prefix: string): Promise<Incident> {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(prefix)) {
      throw new NocError('bad_request', `invalid tracking number prefix '${prefix}'`);
    }
    if (!Number.isFinite(incident.registeredAt)) {
      throw new NocError('bad_request', 'registeredAt must be a time in ms since the epoch');
    }
    const year = new Date(incident.registeredAt).getUTCFullYear();
    // The counter is bumped in its own autocommitted statement, so a number handed to an insert that then
    // fails (or a process that dies in between) is never handed out again; the row lock lasts one statement.
    const { rows } = await this.db.query<{ last: number }>(
      `INSERT INTO incident_sequences (prefix, year, last) VALUES ($1, $2, 1)
       ON CONFLICT (prefix, year) DO UPDATE SET last = incident_sequences.last + 1 RETURNING last`,
      [prefix, year],
    );
    const last = (rows[0] as { last: number }).last;
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
      await this.db.transaction(async (client) => {
        await client.query(`INSERT INTO incidents (${COLUMNS}) VALUES (${PLACEHOLDERS})`, rowValues(toRow(created)));
        await insertEntry(client, {
          incident: created.number,
          seq: 1,
          at: created.registeredAt,
          actor: created.registeredBy,
          action: 'registered',
          details: { title: created.title, severity: created.severity, channel: created.channel },
        });
      });
    } catch (error) {
      throw storageError(error);
    }
    return created;
  }

  /** The incident with this tracking number, if any. */
  async get(number: string): Promise<Incident | undefined> {
    const { rows } = await this.db.query<IncidentRow>(`SELECT ${COLUMNS} FROM incidents WHERE number = $1`, [number]);
    return rows[0] === undefined ? undefined : fromRow(rows[0]);
  }

  /** Incidents matching every given filter, newest first; an empty status or severity list filters nothing. */
  async list(filter: IncidentFilter = {}): Promise<Incident[]> {
    const { rows } = await this.db.query<IncidentRow>(
      `SELECT ${COLUMNS} FROM incidents
       WHERE ($1::text[] IS NULL OR status = ANY ($1::text[]))
         AND ($2::text[] IS NULL OR severity = ANY ($2::text[]))
         AND ($3::bigint IS NULL OR registered_at >= $3::bigint)
         AND ($4::bigint IS NULL OR registered_at <= $4::bigint)
         AND ($5::text IS NULL OR fingerprint = $5::text)
       ORDER BY registered_at DESC, registered_seq DESC
       LIMIT $6::bigint`,
      [
        filter.status?.length ? [...filter.status] : null,
        filter.severity?.length ? [...filter.severity] : null,
        filter.from ?? null,
        filter.to ?? null,
        filter.fingerprint ?? null,
        filter.limit !== undefined && filter.limit >= 0 ? filter.limit : null,
      ],
    );
    return rows.map(fromRow);
  }

  /** The open incident with this fingerprint, if any. */
  async findOpenByFingerprint(fingerprint: string): Promise<Incident | undefined> {
    const { rows } = await this.db.query<IncidentRow>(
      `SELECT ${COLUMNS} FROM incidents WHERE fingerprint = $1 AND ${OPEN}
       ORDER BY registered_at DESC, registered_seq DESC LIMIT 1`,
      [fingerprint],
    );
    return rows[0] === undefined ? undefined : fromRow(rows[0]);
  }

  /** Applies `patch`, bumps the version and appends `change`, in one transaction holding the incident's row lock. */
  async update(
    number: string,
    patch: IncidentPatch,
    change: TimelineChange,
    expectedVersion?: number,
  ): Promise<Incident> {
    try {
      return await this.db.transaction(async (client) => {
        const current = await readForUpdate(client, number);
        if (expectedVersion !== undefined && current.version !== expectedVersion) {
          throw new NocError(
            'conflict',
            `incident ${number} is at version ${current.version}, not ${expectedVersion}`,
            { version: current.version },
          );
        }
        const next = applyIncidentPatch(current, patch);
        await client.query(`UPDATE incidents SET ${ASSIGNMENTS} WHERE number = $1`, rowValues(toRow(next)));
        await appendEntry(client, number, change);
        return next;
      });
    } catch (error) {
      throw storageError(error);
    }
  }

  /** Appends a timeline entry; the incident's fields and version stay as they are. */
  async appendTimeline(number: string, change: TimelineChange): Promise<TimelineEntry> {
    return this.db.transaction(async (client) => {
      await readForUpdate(client, number);
      return appendEntry(client, number, change);
    });
  }

  /** The incident's timeline in order; `not_found` for an unknown incident. */
  async timeline(number: string): Promise<TimelineEntry[]> {
    const { rows } = await this.db.query<TimelineRow>(
      `SELECT ${TIMELINE_COLUMNS} FROM incident_timeline WHERE incident = $1 ORDER BY seq`,
      [number],
    );
    if (rows.length === 0 && (await this.get(number)) === undefined) {
      throw new NocError('not_found', `no incident ${number}`);
    }
    return rows.map(entryFromRow);
  }
}

/** The incident, locked until the transaction ends so that versions and timeline seqs advance one at a time. */
async function readForUpdate(client: PgQueryable, number: string): Promise<Incident> {
  const { rows } = await client.query<IncidentRow>(`SELECT ${COLUMNS} FROM incidents WHERE number = $1 FOR UPDATE`, [number]);
  if (rows[0] === undefined) throw new NocError('not_found', `no incident ${number}`);
  return fromRow(rows[0]);
}

async function appendEntry(client: PgQueryable, number: string, change: TimelineChange): Promise<TimelineEntry> {
  const { rows } = await client.query<{ seq: number | null }>(
    'SELECT max(seq) AS seq FROM incident_timeline WHERE incident = $1',
    [number],
  );
  const entry: TimelineEntry = {
    incident: number,
    seq: (rows[0]?.seq ?? 0) + 1,
    at: change.at,
    actor: change.actor,
    action: change.action,
    details: { ...change.details },
  };
  await insertEntry(client, entry);
  return entry;
}

async function insertEntry(client: PgQueryable, entry: TimelineEntry): Promise<void> {
  await client.query(
    `INSERT INTO incident_timeline (${TIMELINE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [entry.incident, entry.seq, entry.at, entry.actor, entry.action, JSON.stringify(entry.details)],
  );
}

/** Maps constraint violations (SQLSTATE) to the product's error codes; anything else passes through. */
function storageError(error: unknown): unknown {
  if (error instanceof NocError) return error;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (code === '23505') {
    const message =
      constraint === 'incidents_open_by_fingerprint'
        ? 'another open incident already has this fingerprint'
        : (error as Error).message;
    return new NocError('conflict', message, undefined, { cause: error });
  }
  // 23514 check, 23502 not null, 22P02 malformed value (a fractional time in a bigint), 22003 out of range.
  if (code === '23514' || code === '23502' || code === '22P02' || code === '22003') {
    return new NocError('bad_request', `invalid incident: ${(error as Error).message}`, undefined, { cause: error });
  }
  return error;
}
