import { z } from 'zod';
import type { ApiHost } from './api-types.js';

/** One endpoint of a completed assessment, as kept across restarts. */
export const SavedEndpoint = z.object({
  ip: z.string(),
  /** "Ready", or why this endpoint could not be assessed. */
  status: z.string(),
  grade: z.string().optional(),
  gradeTrustIgnored: z.string().optional(),
  hasWarnings: z.boolean(),
  isExceptional: z.boolean(),
});
/** One endpoint of a completed assessment. */
export type SavedEndpoint = z.infer<typeof SavedEndpoint>;

/** A completed (READY) assessment. */
export const SavedAssessment = z.object({
  host: z.string(),
  /** Epoch ms when SSL Labs finished it (older than the fetch with `from_cache`). */
  testTime: z.number(),
  endpoints: z.array(SavedEndpoint),
});
/** A completed assessment. */
export type SavedAssessment = z.infer<typeof SavedAssessment>;

/** What an SSL Labs probe keeps in the ProbeStateStore. */
export const SslLabsState = z.object({
  version: z.literal(1),
  result: SavedAssessment.optional(),
  /** The latest attempt, when it failed after `result` was taken. */
  failure: z.object({ at: z.number(), message: z.string() }).optional(),
});
/** What an SSL Labs probe keeps. */
export type SslLabsState = z.infer<typeof SslLabsState>;

/** The empty state of a probe that never completed an assessment. */
export const EMPTY_STATE: SslLabsState = { version: 1 };

/** A stored value as state; anything unreadable (an older format, another host) counts as no state. */
export function stateOf(value: unknown, host: string): SslLabsState {
  const parsed = SslLabsState.safeParse(value);
  if (!parsed.success) return EMPTY_STATE;
  const { result, failure } = parsed.data;
  if (result !== undefined && result.host !== host) return EMPTY_STATE;
  return { version: 1, ...(result === undefined ? {} : { result }), ...(failure === undefined ? {} : { failure }) };
}

/** The part of a READY answer worth keeping, filed under the host as configured. */
export function savedAssessment(host: ApiHost, configuredHost: string, fetchedAt: number): SavedAssessment {
  return {
    host: configuredHost,
    testTime: host.testTime ?? fetchedAt,
    endpoints: host.endpoints.map((endpoint) => ({
      ip: endpoint.ipAddress,
      status: endpoint.statusMessage ?? 'no status',
      ...(endpoint.grade === undefined ? {} : { grade: endpoint.grade }),
      ...(endpoint.gradeTrustIgnored === undefined ? {} : { gradeTrustIgnored: endpoint.gradeTrustIgnored }),
      hasWarnings: endpoint.hasWarnings ?? false,
      isExceptional: endpoint.isExceptional ?? false,
    })),
  };
}
