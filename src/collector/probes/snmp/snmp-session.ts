import { isIP } from 'node:net';
import { AuthProtocols, createSession, createV3Session, PrivProtocols, SecurityLevel, type Session, type User, type Varbind, Version2c } from 'net-snmp';
import { snmpLevel, type SnmpProbeConfig } from '../../../config/schema/probes/snmp.js';

/** Varbinds asked for in one GET: small enough for any agent's PDU size. */
export const GET_BATCH = 32;
/** Rows asked for per GETBULK while walking. */
export const MAX_REPETITIONS = 25;

/** One run's session with an agent; every request ends when the signal aborts. */
export class SnmpSession {
  private readonly session: Session;
  private closed = false;
  private readonly abort = () => this.close(new Error('aborted'));

  constructor(
    config: SnmpProbeConfig,
    timeoutMs: number,
    private readonly signal: AbortSignal,
  ) {
    const options = {
      port: config.port,
      retries: config.retries,
      // Each attempt gets its share of the run's time; the signal still ends the run at the timeout.
      timeout: Math.max(50, Math.floor(timeoutMs / (config.retries + 1))),
      transport: isIP(config.host) === 6 ? ('udp6' as const) : ('udp4' as const),
    };
    this.session =
      config.version === '2c'
        ? createSession(config.host, config.community ?? '', { ...options, version: Version2c })
        : createV3Session(config.host, v3User(config), options);
    // Socket errors reach the pending request's callback; this keeps a stray one from crashing the process.
    this.session.on('error', () => undefined);
    signal.addEventListener('abort', this.abort, { once: true });
  }

  /** GETs `oids` in batches; the varbinds come back in the order asked. */
  async get(oids: readonly string[]): Promise<Varbind[]> {
    const varbinds: Varbind[] = [];
    for (let i = 0; i < oids.length; i += GET_BATCH) {
      const batch = oids.slice(i, i + GET_BATCH);
      varbinds.push(
        ...(await this.request<Varbind[]>((done) => this.session.get(batch, (error, result) => done(error, result ?? [])))),
      );
    }
    return varbinds;
  }

  /** Every varbind under `oid` (a table column), in agent order. */
  async walk(oid: string): Promise<Varbind[]> {
    const varbinds: Varbind[] = [];
    await this.request<undefined>((done) =>
      this.session.subtree(
        oid,
        MAX_REPETITIONS,
        (batch) => {
          varbinds.push(...batch);
          return false;
        },
        (error) => done(error, undefined),
      ),
    );
    return varbinds;
  }

  /** Cancels what is pending and releases the socket; safe to call twice. */
  close(reason: Error = new Error('session closed')): void {
    if (this.closed) return;
    this.closed = true;
    this.signal.removeEventListener('abort', this.abort);
    this.session.cancelRequests(reason);
    this.session.close();
  }

  private request<T>(start: (done: (error: Error | null, result: T) => void) => void): Promise<T> {
    if (this.closed) return Promise.reject(new Error('session closed'));
    return new Promise<T>((resolve, reject) => {
      start((error, result) => (error === null ? resolve(result) : reject(error)));
    });
  }
}

function v3User(config: SnmpProbeConfig): User {
  const user: User = { name: config.user ?? '', level: SecurityLevel[config.level ?? snmpLevel(config)] };
  if (config.auth !== undefined) {
    user.authProtocol = AuthProtocols[config.auth.protocol];
    user.authKey = config.auth.password;
  }
  if (config.priv !== undefined) {
    user.privProtocol = PrivProtocols[config.priv.protocol];
    user.privKey = config.priv.password;
  }
  return user;
}
