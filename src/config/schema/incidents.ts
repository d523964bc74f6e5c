import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { Duration } from './duration.js';
import { Secret } from './secret.js';

const PostgresUrl = Secret.refine((value) => /^postgres(ql)?:\/\//.test(value), {
  message: 'expected a postgres:// connection URL, such as postgres://noc:${PGPASSWORD}@db:5432/noc',
});

/** Incident numbering and storage. */
export const IncidentsConfig = z.strictObject({
  /** First part of `PREFIX-YYYY-NNNNNN`. */
  prefix: z
    .string()
    .regex(/^[A-Z0-9]{2,8}$/, { message: 'expected 2 to 8 uppercase letters or digits, such as NOC' })
    .default('NOC'),
  /**
   * Where incidents, silences, the outbox, users and alert states live: `sqlite` (the embedded database — the
   * store's own when `store.kind` is sqlite, else the file at `path`) or `postgres` (shared by several processes).
   */
  kind: z.enum(['sqlite', 'postgres'], { error: 'expected sqlite or postgres' }).default('sqlite'),
  /** The embedded database file when the series store is not the embedded one. */
  path: z.string().min(1).default('./data/incidents.db'),
  /** PostgreSQL connection URL, with `kind: postgres`. */
  url: PostgresUrl.optional(),
  /**
   * A monitoring incident resolved by recovery for this long is closed with category `auto-recovered`.
   * Absent or 0: never; closing files a category that feeds the reports, so by default a person does it.
   */
  auto_close_after: Duration.optional(),
  /**
   * After a target that others depend on recovers, their alerts wait this many evaluations before they may
   * open incidents of their own, so a recovery does not set off a storm of incidents.
   */
  dependency_hold: z.int({ error: 'expected a whole number' }).min(0, { message: 'must be 0 or more' }).default(3),
}).refine((incidents) => incidents.kind !== 'postgres' || incidents.url !== undefined, {
  message: 'kind postgres needs url (postgres://user:password@host:5432/database)',
  path: ['url'],
});
/** Incident numbering and storage. */
export type IncidentsConfig = DeepReadonly<z.infer<typeof IncidentsConfig>>;
