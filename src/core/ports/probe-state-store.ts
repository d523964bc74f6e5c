/** Small durable key → JSON value store for probes that must remember results across restarts (SSL Labs). */
export interface ProbeStateStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/** An in-memory ProbeStateStore, for tests and for running without persistence. */
export class MemoryProbeStateStore implements ProbeStateStore {
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<unknown> {
    const text = this.values.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  async set(key: string, value: unknown): Promise<void> {
    this.values.set(key, JSON.stringify(value));
  }
}
