import type { Labels, TargetStatus } from '../../core/index.js';

/** One sample as the stream carries it: the series key with its metric and labels spelled out. */
export interface LiveSample {
  readonly series: string;
  readonly metric: string;
  readonly labels: Labels;
  readonly t: number;
  readonly v: number;
}

/** An alert as one item of `GET /api/v1/alerts` data, plus what just happened to it. */
export type LiveAlert = Readonly<Record<string, unknown>> & { readonly change: string };

/** An incident as one item of `GET /api/v1/incidents` data; `number` is its tracking number. */
export type LiveIncident = Readonly<Record<string, unknown>> & { readonly number: string };

/** Receives what the process publishes; called synchronously, so it must only queue, never do I/O. */
export interface LiveFeedListener {
  samples(batch: readonly LiveSample[]): void;
  target(status: TargetStatus): void;
  alert(view: LiveAlert): void;
  incident(view: LiveIncident): void;
}

/**
 * The in-process hub between the producers (store appender, collector, rule engine, incidents) and the
 * live stream. Publishing costs one size check while nobody listens, since the collector calls it on
 * every append; a listener that throws is isolated from the producer and from the other listeners.
 */
export class LiveFeed {
  private readonly listeners = new Set<LiveFeedListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  /** True while at least one listener is attached: producers may skip building batches otherwise. */
  get active(): boolean {
    return this.listeners.size > 0;
  }

  /** Attaches a listener; the returned function detaches it. */
  listen(listener: LiveFeedListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Publishes freshly appended samples. */
  samples(batch: readonly LiveSample[]): void {
    if (this.listeners.size === 0 || batch.length === 0) return;
    for (const listener of this.listeners) this.deliver(() => listener.samples(batch));
  }

  /** Publishes a target's new status. */
  target(status: TargetStatus): void {
    if (this.listeners.size === 0) return;
    for (const listener of this.listeners) this.deliver(() => listener.target(status));
  }

  /** Publishes an alert change. */
  alert(view: LiveAlert): void {
    if (this.listeners.size === 0) return;
    for (const listener of this.listeners) this.deliver(() => listener.alert(view));
  }

  /** Publishes an incident's new state. */
  incident(view: LiveIncident): void {
    if (this.listeners.size === 0) return;
    for (const listener of this.listeners) this.deliver(() => listener.incident(view));
  }

  private deliver(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.onListenerError(error);
    }
  }
}
