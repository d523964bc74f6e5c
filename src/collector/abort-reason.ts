import { formatDuration } from '../core/index.js';
import type { ProbeRunContext } from './probe.js';

/**
 * Why a run's signal fired, in words: `timed out after 10s` when its timeout passed, or `cancelled` (or
 * the given wording) when the collector stopped it.
 */
export function abortReason(context: ProbeRunContext, cancelled = 'cancelled'): string {
  const reason: unknown = context.signal.reason;
  const timedOut = reason instanceof DOMException && reason.name === 'TimeoutError';
  return timedOut ? `timed out after ${formatDuration(context.timeoutMs)}` : cancelled;
}
