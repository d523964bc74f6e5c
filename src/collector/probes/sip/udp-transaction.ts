import type { Clock } from '../../../core/index.js';
import type { ReceivedResponse } from './datagram-response.js';
import { BRANCH_COOKIE, type SipResponse } from './sip-message.js';
import type { RequestSettings, TransactionOutcome } from './transaction.js';
import type { SipUdpTransport, UdpEndpoint, UdpRoute } from './udp-transport.js';

/** RFC 3261 timers, in milliseconds. */
export interface SipTimers {
  /** RTT estimate: the first retransmission interval, doubled each time. */
  readonly t1: number;
  /** The longest retransmission interval. */
  readonly t2: number;
}

/** The RFC 3261 defaults: T1 500 ms, T2 4 s. */
export const DEFAULT_TIMERS: SipTimers = { t1: 500, t2: 4_000 };

/** The method this client sends; a response is for it only if its CSeq names it (RFC 3261 §17.1.3). */
const METHOD = 'OPTIONS';

/**
 * One non-INVITE client transaction over UDP: sends, retransmits at T1, 2·T1, 4·T1… (capped at T2, and at T2
 * once a provisional response came) until a final response or `signal` aborts. Never rejects.
 */
export function udpTransaction(
  transport: SipUdpTransport,
  peer: UdpEndpoint,
  settings: RequestSettings,
  options: { clock: Clock; signal: AbortSignal; timers?: SipTimers },
): Promise<TransactionOutcome> {
  // Once the route to a peer is open it is used synchronously: a run in the steady state awaits nothing
  // but the response.
  const route = transport.readyRoute(peer);
  if (route !== undefined) return new Promise((resolve) => runTransaction(transport, route, peer, settings, options, resolve));
  return transport.route(peer).then(
    (opened) => new Promise((resolve) => runTransaction(transport, opened, peer, settings, options, resolve)),
    (error: unknown): TransactionOutcome => ({ sent: 0, error: (error as Error).message }),
  );
}

function runTransaction(
  transport: SipUdpTransport,
  route: UdpRoute,
  peer: UdpEndpoint,
  settings: RequestSettings,
  options: { clock: Clock; signal: AbortSignal; timers?: SipTimers },
  resolve: (outcome: TransactionOutcome) => void,
): void {
  const { clock, signal } = options;
  const timers = options.timers ?? DEFAULT_TIMERS;
  const { tokens } = transport;
  const branch = BRANCH_COOKIE + tokens.next(8);
  // The bytes are kept for the retransmissions and never written again, so sends in flight may share them.
  const data = Buffer.from(route.template(settings).render(branch, tokens.next(8), tokens.next(12) + route.callIdSuffix));
  const outcome: { sent: number; rttMs?: number; final?: SipResponse; provisional?: SipResponse; error?: string } = { sent: 0 };
  let start = 0;
  let timer: NodeJS.Timeout | undefined;
  let interval = timers.t1;
  let finished = false;

  const finish = (): void => {
    finished = true;
    clearTimeout(timer);
    signal.removeEventListener('abort', finish);
    transport.unlisten(branch, receive);
    resolve(outcome);
  };
  const receive = (response: ReceivedResponse): void => {
    if (response.cseqMethod !== undefined && response.cseqMethod !== METHOD) return;
    outcome.rttMs ??= clock.monotonic() - start;
    if (response.status >= 200) {
      outcome.final = response;
      finish();
    } else {
      outcome.provisional = response;
      interval = timers.t2;
    }
  };
  // A send reports back on a later tick: once the outcome is handed over, it stays as it was.
  const sent = (error: Error | null): void => {
    if (error !== null && !finished) outcome.error = error.message;
  };
  const transmit = (): void => {
    outcome.sent++;
    transport.send(route, peer, data, sent);
    timer = setTimeout(transmit, interval);
    interval = Math.min(interval * 2, timers.t2);
  };

  if (signal.aborted) return resolve(outcome);
  signal.addEventListener('abort', finish, { once: true });
  transport.listen(branch, receive);
  start = clock.monotonic();
  transmit();
}
