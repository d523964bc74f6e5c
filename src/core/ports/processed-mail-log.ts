/** What became of an inbound message: the incident it registered or was appended to. */
export interface ProcessedMail {
  readonly number: string;
  readonly event: 'received' | 'appended';
  /** When it was processed, ms since the epoch. */
  readonly at: number;
}

/**
 * Which inbound messages were already turned into incidents, by Message-ID, so that a message delivered
 * twice (an SMTP retry after a lost 250, a relay that re-sends) does not register a second incident.
 */
export interface ProcessedMailLog {
  /** What a message with this Message-ID became, if it was processed before. */
  find(messageId: string): Promise<ProcessedMail | undefined>;
  /** Records the outcome; must be durable when it resolves. */
  remember(messageId: string, outcome: ProcessedMail): Promise<void>;
}

/** A log kept in memory: for tests, and for setups that accept duplicates after a restart. */
export class MemoryProcessedMailLog implements ProcessedMailLog {
  private readonly entries = new Map<string, ProcessedMail>();

  find(messageId: string): Promise<ProcessedMail | undefined> {
    return Promise.resolve(this.entries.get(messageId));
  }

  remember(messageId: string, outcome: ProcessedMail): Promise<void> {
    this.entries.set(messageId, outcome);
    return Promise.resolve();
  }
}
