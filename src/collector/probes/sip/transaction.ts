import type { Clock } from '../../../core/index.js';
import { buildOptions, newBranch, randomToken, type OptionsRequest } from './sip-message.js';
import type { SipResponse } from './sip-message.js';

/** What one OPTIONS transaction found. */
export interface TransactionOutcome {
  /** Milliseconds from the first send to the first response, provisional or final. */
  readonly rttMs?: number;
  readonly final?: SipResponse;
  /** The last provisional response, when no final one came. */
  readonly provisional?: SipResponse;
  /** Requests sent, retransmissions included. */
  readonly sent: number;
  /** Why it failed before any response (connect refused, socket error). */
  readonly error?: string;
}

/** The request settings every transaction of a probe shares. */
export interface RequestSettings {
  readonly requestUri: string;
  readonly fromUser: string;
  readonly fromHost: string;
  readonly userAgent: string;
}

/** A fresh OPTIONS request (new branch, tag and Call-ID) sent from `local`. */
export function freshRequest(
  settings: RequestSettings,
  viaTransport: OptionsRequest['viaTransport'],
  local: { ip: string; port: number },
): { branch: string; text: string } {
  const branch = newBranch();
  const text = buildOptions({
    ...settings,
    viaTransport,
    localHost: local.ip,
    localPort: local.port,
    branch,
    tag: randomToken(),
    callId: `${randomToken(12)}@${local.ip}`,
  });
  return { branch, text };
}

/** Milliseconds since `start` on `clock`'s monotonic time. */
export function elapsed(clock: Clock, start: number): number {
  return clock.monotonic() - start;
}
