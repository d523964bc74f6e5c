import { formatDuration, type Clock, type Logger } from '../../../core/index.js';
import type { ApiHost } from './api-types.js';
import { backOffDelay } from './back-off.js';
import type { Sleep } from './sleep.js';
import type { AnalyzeRequest, ApiFailureKind, SslLabsClient } from './ssllabs-client.js';

/** Poll pacing as SSL Labs asks for it: 5 s until the assessment is under way, then 10 s until it completes. */
export interface PollTiming {
  readonly beforeStartMs: number;
  readonly inProgressMs: number;
  /** Give up on an assessment still running this long after it was accepted. */
  readonly maxPollMs: number;
}

/** The documented pacing, and a cap well above the few minutes an assessment of a handful of IPs takes. */
export const POLL_TIMING: PollTiming = { beforeStartMs: 5_000, inProgressMs: 10_000, maxPollMs: 30 * 60_000 };

/** A wait the assessment is in: the probe shows back-offs in its `error` until a result arrives. */
export interface AssessmentWait {
  readonly reason: 'poll' | 'back-off';
  readonly ms: number;
  readonly message: string;
}

/** What an assessment needs. */
export interface AssessmentDeps {
  readonly client: Pick<SslLabsClient, 'analyze'>;
  readonly clock: Clock;
  readonly sleep: Sleep;
  /** Uniform in [0, 1): jitter for back-offs. */
  readonly random: () => number;
  readonly log: Logger;
  readonly timing?: PollTiming;
  readonly onWait?: (wait: AssessmentWait) => void;
}

/** A finished assessment (READY, endpoints may still have failed), or why there is none. */
export type AssessmentOutcome = { readonly ok: true; readonly host: ApiHost } | { readonly ok: false; readonly error: string };

/**
 * Runs one assessment: `start` once (startNew or fromCache), then polls with only the host until READY or
 * ERROR, backing off on refusals. `start` is repeated until the service accepts it, since a refused call
 * started nothing. Rejects only when `signal` aborts.
 */
export async function runAssessment(start: AnalyzeRequest, deps: AssessmentDeps, signal: AbortSignal): Promise<AssessmentOutcome> {
  const timing = deps.timing ?? POLL_TIMING;
  const failures = new Map<ApiFailureKind, number>();
  const poll: AnalyzeRequest = { host: start.host };
  let acceptedAt: number | undefined;
  for (;;) {
    const answer = await deps.client.analyze(acceptedAt === undefined ? start : poll, signal);
    if (!answer.ok) {
      const { failure } = answer;
      const attempt = (failures.get(failure.kind) ?? 0) + 1;
      failures.set(failure.kind, attempt);
      const ms = backOffDelay(failure.kind, attempt, deps.random());
      if (ms === undefined) {
        return { ok: false, error: attempt > 1 ? `${failure.message} (gave up after ${attempt} tries)` : failure.message };
      }
      const message = `${failure.message}; retrying in ${roughly(ms)}`;
      deps.log.warn({ host: start.host, status: failure.status, retryInMs: ms }, message);
      deps.onWait?.({ reason: 'back-off', ms, message });
      await deps.sleep(ms, signal);
      continue;
    }
    const { host, slots } = answer;
    if (acceptedAt === undefined) {
      acceptedAt = deps.clock.monotonic();
      deps.log.debug({ host: start.host, status: host.status, slots }, 'assessment accepted');
    }
    if (host.status === 'READY') return { ok: true, host };
    if (host.status === 'ERROR') {
      return { ok: false, error: `SSL Labs could not assess ${start.host}: ${host.statusMessage ?? 'no reason given'}` };
    }
    if (deps.clock.monotonic() - acceptedAt >= timing.maxPollMs) {
      return { ok: false, error: `assessment of ${start.host} still ${host.status} after ${roughly(timing.maxPollMs)}; giving up` };
    }
    const ms = host.status === 'IN_PROGRESS' ? timing.inProgressMs : timing.beforeStartMs;
    deps.onWait?.({ reason: 'poll', ms, message: `assessment of ${start.host} ${host.status}` });
    await deps.sleep(ms, signal);
  }
}

function roughly(ms: number): string {
  return formatDuration(Math.max(1, Math.round(ms / 1000)) * 1000);
}
