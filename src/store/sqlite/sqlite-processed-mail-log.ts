import type { Statement } from 'better-sqlite3';
import type { ProcessedMail, ProcessedMailLog } from '../../core/index.js';
import type { SqliteDatabase } from './database.js';

interface MailRow {
  message_id: string;
  incident: string;
  event: ProcessedMail['event'];
  processed_at: number;
}

/** ProcessedMailLog on the embedded database: one row per Message-ID, written before the SMTP answer. */
export class SqliteProcessedMailLog implements ProcessedMailLog {
  private readonly select: Statement<[string], MailRow>;
  private readonly insert: Statement<[MailRow]>;

  constructor(db: SqliteDatabase) {
    this.select = db.prepare<[string], MailRow>('SELECT message_id, incident, event, processed_at FROM inbound_mail WHERE message_id = ?');
    this.insert = db.prepare<[MailRow]>(
      `INSERT OR REPLACE INTO inbound_mail (message_id, incident, event, processed_at) VALUES (@message_id, @incident, @event, @processed_at)`,
    );
  }

  async find(messageId: string): Promise<ProcessedMail | undefined> {
    const row = this.select.get(messageId);
    return row === undefined ? undefined : { number: row.incident, event: row.event, at: row.processed_at };
  }

  async remember(messageId: string, outcome: ProcessedMail): Promise<void> {
    this.insert.run({ message_id: messageId, incident: outcome.number, event: outcome.event, processed_at: outcome.at });
  }
}
