import type { ProcessedMail, ProcessedMailLog } from '../../core/index.js';
import type { PgDatabase } from './pg-database.js';

interface MailRow {
  incident: string;
  event: ProcessedMail['event'];
  processed_at: number;
}

/** ProcessedMailLog on PostgreSQL: one row per Message-ID, committed before the SMTP answer. */
export class PgProcessedMailLog implements ProcessedMailLog {
  constructor(private readonly db: PgDatabase) {}

  /** What the message with this Message-ID became, if it was processed before. */
  async find(messageId: string): Promise<ProcessedMail | undefined> {
    const { rows } = await this.db.query<MailRow>(
      'SELECT incident, event, processed_at FROM inbound_mail WHERE message_id = $1',
      [messageId],
    );
    const row = rows[0];
    return row === undefined ? undefined : { number: row.incident, event: row.event, at: row.processed_at };
  }

  /** Records (or replaces) the outcome of a message. */
  async remember(messageId: string, outcome: ProcessedMail): Promise<void> {
    await this.db.query(
      `INSERT INTO inbound_mail (message_id, incident, event, processed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (message_id) DO UPDATE
       SET incident = excluded.incident, event = excluded.event, processed_at = excluded.processed_at`,
      [messageId, outcome.number, outcome.event, outcome.at],
    );
  }
}
