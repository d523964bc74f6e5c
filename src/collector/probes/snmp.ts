import type { Varbind } from 'net-snmp';
import { snmpGets, type SnmpGet, type SnmpProbeConfig, type SnmpWalk } from '../../config/schema/probes/snmp.js';
import { formatDuration } from '../../core/index.js';
import type { Measurement, ProbeFactory, ProbeResult, ProbeRunContext } from '../probe.js';
import { SnmpSession } from './snmp/snmp-session.js';
import { varbindLabel, varbindNumber } from './snmp/varbind-value.js';

/** Per-OID problems quoted in `error`; the rest are counted, so one broken table cannot flood it. */
export const MAX_REPORTED_PROBLEMS = 5;

/**
 * GETs scalars and walks table columns over SNMP v2c or v3, one session per run; values keep their
 * configured names (`_total` added to counters), walk series carry the row in `index_label`. Up when the
 * agent answers, even if some OIDs have nothing: those are named in `error`.
 */
export const snmpProbe: ProbeFactory<'snmp'> = (config) => ({
  run: (context) => new SnmpRun(config, context).run(),
});

/** One run: its session, what it measured and what it could not read. */
class SnmpRun {
  private readonly measurements: Measurement[] = [];
  private readonly problems: string[] = [];

  constructor(
    private readonly config: SnmpProbeConfig,
    private readonly context: ProbeRunContext,
  ) {}

  async run(): Promise<ProbeResult> {
    const session = new SnmpSession(this.config, this.context.timeoutMs, this.context.signal);
    try {
      const scalars = snmpGets(this.config);
      if (scalars.length > 0) await this.readScalars(session, scalars);
      for (const walk of this.config.walk) await this.readColumn(session, walk);
      const error = this.summary();
      return { up: true, measurements: this.measurements, ...(error === undefined ? {} : { error }) };
    } catch (error) {
      return { up: false, measurements: this.measurements, error: this.failure(error) };
    } finally {
      session.close();
    }
  }

  private async readScalars(session: SnmpSession, scalars: readonly SnmpGet[]): Promise<void> {
    const varbinds = await session.get(scalars.map((entry) => entry.oid));
    scalars.forEach((entry, i) => {
      const varbind = varbinds[i];
      const reading = varbind === undefined ? { error: 'missing from the answer' } : varbindNumber(varbind);
      if ('value' in reading) this.measurements.push({ metric: entry.metric, value: reading.value });
      else this.problems.push(`${entry.name} (${entry.oid}): ${reading.error}`);
    });
  }

  private async readColumn(session: SnmpSession, walk: SnmpWalk): Promise<void> {
    const rows = byIndex(walk.oid, await session.walk(walk.oid));
    if (rows.size === 0) {
      this.problems.push(`${walk.name} (${walk.oid}): no rows`);
      return;
    }
    const labels = walk.label_oid === undefined ? undefined : byIndex(walk.label_oid, await session.walk(walk.label_oid));
    const used = new Map<string, string>();
    for (const [index, varbind] of rows) {
      const labelVarbind = labels?.get(index);
      // An empty or missing label (ifDescr can be blank) would merge rows: the index names them instead.
      const label = (labelVarbind === undefined ? undefined : varbindLabel(labelVarbind)) || index;
      const clash = used.get(label);
      if (clash !== undefined) {
        this.problems.push(`${walk.name} (${walk.oid}): rows ${clash} and ${index} share the label ${JSON.stringify(label)}; kept ${clash}`);
        continue;
      }
      used.set(label, index);
      const reading = varbindNumber(varbind);
      if ('value' in reading) this.measurements.push({ metric: walk.metric, labels: { [walk.index_label]: label }, value: reading.value });
      else this.problems.push(`${walk.name} (${varbind.oid}): ${reading.error}`);
    }
  }

  private summary(): string | undefined {
    if (this.problems.length === 0) return undefined;
    const shown = this.problems.slice(0, MAX_REPORTED_PROBLEMS).join('; ');
    const more = this.problems.length - MAX_REPORTED_PROBLEMS;
    return more > 0 ? `${shown}; and ${more} more` : shown;
  }

  private failure(error: unknown): string {
    const { signal, timeoutMs } = this.context;
    const where = `${this.config.host}:${this.config.port}`;
    if (signal.aborted) {
      const reason: unknown = signal.reason;
      const timedOut = reason instanceof DOMException && reason.name === 'TimeoutError';
      return timedOut ? noAnswer(where, `within ${formatDuration(timeoutMs)}`, this.config.version) : 'cancelled';
    }
    const { name, message } = error as Error;
    if (name === 'RequestTimedOutError') return noAnswer(where, `after ${this.config.retries + 1} attempts`, this.config.version);
    if (name === 'RequestFailedError') return `${where}: the agent refused the request: ${message}`;
    return `${where}: ${message}`;
  }
}

// A v2c agent drops requests with a wrong community silently: a timeout is all the manager ever sees.
function noAnswer(where: string, when: string, version: '2c' | '3'): string {
  // v3 agents answer a wrong auth password with a report, but silently drop what they cannot decrypt.
  const causes = version === '2c' ? 'agent down, port closed or wrong community' : 'agent down, port closed or wrong priv password';
  return `no answer from ${where} ${when} (${causes})`;
}

/** Varbinds under `column` keyed by their row index (the OID suffix after the column). */
function byIndex(column: string, varbinds: readonly Varbind[]): Map<string, Varbind> {
  const prefix = `${column}.`;
  const rows = new Map<string, Varbind>();
  for (const varbind of varbinds) if (varbind.oid.startsWith(prefix)) rows.set(varbind.oid.slice(prefix.length), varbind);
  return rows;
}
