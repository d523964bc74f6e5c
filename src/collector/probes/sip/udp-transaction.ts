import type { Clock } from '../../../core/index.js';
import type { SipResponse } from './sip-message.js';
import { elapsed, freshRequest, type RequestSettings, type TransactionOutcome } from './transaction.js';
import type { SipUdpTransport, UdpEndpoint } from './udp-transport.js';

/** RFC 3261 timers, in milliseconds. */
export interface SipTimers {
  /** RTT estimate: the first retransmission interval, doubled each time. */
  readonly t1: number;
  /** The longest retransmission interval. */
  readonly t2: number;
}

/** The RFC 3261 defaults: T1 500 ms, T2 4 s. */
export const DEFAULT_TIMERS: SipTimers = { t1: 500, t2: 4_000 };

/**
 * One non-INVITE client transaction over UDP: sends, retransmits at T1, 2·T1, 4·T1… (capped at T2, and at T2
 * once a provisional response came) until a final response or `signal` aborts. Never rejects.
 */
export async function udpTransaction(
  transport: SipUdpTransport,
  peer: UdpEndpoint,
  settings: RequestSettings,
  options: { clock: Clock; signal: AbortSignal; timers?: SipTimers },
): Promise<TransactionOutcome> {
  const { clock, signal } = options;
  const timers = options.timers ?? DEFAULT_TIMERS;
  let local: UdpEndpoint;
  try {
    local = await transport.localEndpoint(peer);
  } catch (error) {
    return { sent: 0, error: (error as Error).message };
  }
  const { branch, text } = freshRequest(settings, 'UDP', local);
  const start = clock.monotonic();
  let sent = 0;
  let rttMs: number | undefined;
  let provisional: SipResponse | undefined;
  let sendError: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let interval = timers.t1;

  const final = await new Promise<SipResponse | undefined>((resolve) => {
    const finish = (response: SipResponse | undefined): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      unlisten();
      resolve(response);
    };
    const onAbort = (): void => finish(undefined);
    const unlisten = transport.listen(branch, (response) => {
      rttMs ??= elapsed(clock, start);
      if (response.status >= 200) finish(response);
      else {
        provisional = response;
        interval = timers.t2;
      }
    });
    const transmit = (): void => {
      sent++;
      transport.send(peer, text).catch((error: unknown) => {
        sendError = (error as Error).message;
      });
      timer = setTimeout(transmit, interval);
      interval = Math.min(interval * 2, timers.t2);
    };
    if (signal.aborted) return finish(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    transmit();
  });
  return {
    sent,
    ...(rttMs === undefined ? {} : { rttMs }),
    ...(final === undefined ? {} : { final }),
    ...(provisional === undefined ? {} : { provisional }),
    ...(sendError === undefined ? {} : { error: sendError }),
  };
}
