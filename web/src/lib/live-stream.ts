import type { StreamMessage } from './types.js';

/** What the stream asks the server for (dashboard stream contract: `subscribe`). */
export interface Subscription {
  readonly series: readonly string[];
  readonly targets: boolean;
  readonly alerts: boolean;
  readonly incidents: boolean;
}

/** The connection as the screen shows it. */
export interface StreamStatus {
  readonly connected: boolean;
  /** True when the stream is lost, or when nothing arrived for `staleAfterMs`. */
  readonly stale: boolean;
  readonly lastMessageAt?: number;
  /** Reconnection attempts since the last successful hello. */
  readonly attempt: number;
}

/** How the stream behaves; timings are parameters so tests and screens can tune them. */
export interface LiveStreamOptions {
  readonly url: string;
  readonly subscription: Subscription;
  readonly onMessage: (message: StreamMessage) => void;
  readonly onStatus: (status: StreamStatus) => void;
  /** Called after each hello: the caller re-reads what it may have missed while disconnected. */
  readonly onResync?: () => void;
  readonly staleAfterMs?: number;
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly now?: () => number;
}

/** The WebSocket URL of the stream on this page's own origin. */
export function streamUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/stream`;
}

/**
 * The live stream: subscribes on connect, reconnects by itself with exponential back-off and jitter after
 * any close (a server restart, a slow-consumer close), and reports "stale" when the socket is down or
 * silent for too long, so a wall never shows old numbers as if they were live.
 */
export class LiveStream {
  private socket: WebSocket | undefined;
  private attempt = 0;
  private connected = false;
  private everFailed = false;
  private lastMessageAt: number | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private watchTimer: ReturnType<typeof setInterval> | undefined;
  private stopped = true;
  private lastReported = '';
  private readonly staleAfterMs: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly now: () => number;

  constructor(private readonly options: LiveStreamOptions) {
    this.staleAfterMs = options.staleAfterMs ?? 30_000;
    this.initialBackoffMs = options.initialBackoffMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 15_000;
    this.now = options.now ?? (() => Date.now());
  }

  /** Opens the socket and starts watching for silence. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
    this.watchTimer = setInterval(() => this.report(), 1_000);
  }

  /** Closes the socket for good. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.watchTimer);
    this.socket?.close(1000, 'page closed');
    this.socket = undefined;
  }

  /** The status now. */
  status(): StreamStatus {
    const silent = this.lastMessageAt === undefined || this.now() - this.lastMessageAt > this.staleAfterMs;
    const stale = this.connected ? silent && this.lastMessageAt !== undefined : this.everFailed;
    return { connected: this.connected, stale, attempt: this.attempt, ...(this.lastMessageAt === undefined ? {} : { lastMessageAt: this.lastMessageAt }) };
  }

  private connect(): void {
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url);
    } catch {
      this.failed();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      socket.send(JSON.stringify({ type: 'subscribe', ...this.options.subscription }));
    };
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      let message: StreamMessage;
      try {
        message = JSON.parse(event.data) as StreamMessage;
      } catch {
        return;
      }
      this.lastMessageAt = this.now();
      if (message.type === 'hello') {
        this.connected = true;
        this.attempt = 0;
        this.options.onResync?.();
      }
      this.options.onMessage(message);
      this.report();
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.failed();
    };
  }

  private failed(): void {
    this.connected = false;
    this.everFailed = true;
    this.report();
    if (this.stopped) return;
    const delay = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** this.attempt) * (0.8 + Math.random() * 0.4);
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private report(): void {
    const status = this.status();
    // Only changes reach the screen: a status object per message would re-render the wall four times a second.
    const signature = `${status.connected}|${status.stale}|${status.attempt}`;
    if (signature === this.lastReported) return;
    this.lastReported = signature;
    this.options.onStatus(status);
  }
}
