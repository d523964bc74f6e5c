import type { RawData, WebSocket } from 'ws';
import { isNocError } from '../../core/index.js';
import { Subscription } from './subscription.js';
import { errorFrame } from './wire-format.js';

/** Bounds of one client's unsent data. */
export interface SessionLimits {
  /** Close the client when `bufferedAmount` exceeds this at flush time (bytes). */
  readonly maxBufferedBytes: number;
  /** How long a closed client may take to read its close frame before its socket is destroyed (ms). */
  readonly closeGraceMs: number;
}

/** WebSocket close code for "try again later", used for clients that cannot keep up. */
export const SLOW_CONSUMER = 1013;

/** What a session tells the stream server. */
export interface SessionEvents {
  /** The client asked for `subscription` (parsed and valid). */
  subscribed(session: ClientSession, subscription: Subscription): void;
  /** The client was closed as a slow consumer. */
  slow(session: ClientSession): void;
  /** The client's connection is gone, however it ended. */
  gone(session: ClientSession): void;
}

/**
 * One connected client: its WebSocket, keepalive state and send-buffer bound. What it receives is queued
 * by the subscription group it belongs to; the session only delivers the group's frames, or drops itself
 * when its unsent bytes pass the bound.
 */
export class ClientSession {
  private alive = true;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly limits: SessionLimits,
    private readonly events: SessionEvents,
  ) {
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('close', () => {
      this.closed = true;
      events.gone(this);
    });
  }

  /** True until the client is closed or dropped. */
  get open(): boolean {
    return !this.closed;
  }

  /** Sends a frame now, outside the flush cycle (hello). */
  sendNow(frame: string): void {
    if (!this.closed) this.ws.send(frame);
  }

  /** Sends a flush's frames (UTF-8 JSON, as text frames), unless the previous ones are still mostly unsent. */
  deliver(frames: readonly Buffer[]): void {
    if (this.closed) return;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.dropSlow();
      return;
    }
    for (const frame of frames) this.ws.send(frame, { binary: false });
  }

  /** Closes the client as a slow consumer (1013). */
  dropSlow(): void {
    if (this.closed) return;
    this.close(SLOW_CONSUMER, 'slow consumer');
    this.events.slow(this);
  }

  /** One keepalive round: a peer that did not answer the previous ping is cut off. Returns false then. */
  heartbeat(): boolean {
    if (this.closed) return false;
    if (!this.alive) {
      this.closed = true;
      this.ws.terminate();
      return false;
    }
    this.alive = false;
    this.ws.ping();
    return true;
  }

  /** Closes the client with `code`; its socket is destroyed if it has not finished closing within the grace. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.ws.close(code, reason);
    const timer = setTimeout(() => this.ws.terminate(), this.limits.closeGraceMs);
    timer.unref();
    this.ws.once('close', () => clearTimeout(timer));
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    if (isBinary) {
      this.ws.send(errorFrame('messages are JSON text frames'));
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      this.ws.send(errorFrame('a message must be a JSON object'));
      return;
    }
    try {
      this.events.subscribed(this, Subscription.parse(message));
    } catch (error) {
      if (!isNocError(error, 'bad_request')) throw error;
      this.ws.send(errorFrame(error.message));
    }
  }
}
