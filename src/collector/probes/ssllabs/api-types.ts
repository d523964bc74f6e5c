import { z } from 'zod';

/** Where an assessment is: DNS resolution, running, done, or failed as a whole. */
export const HostStatus = z.enum(['DNS', 'IN_PROGRESS', 'READY', 'ERROR']);
/** Where an assessment is. */
export type HostStatus = z.infer<typeof HostStatus>;

/** One server (IP address) of an assessed host; only the summary fields the probe uses are checked. */
export const ApiEndpoint = z.object({
  ipAddress: z.string(),
  serverName: z.string().optional(),
  /** "Ready" when this endpoint was assessed, otherwise why it could not be. */
  statusMessage: z.string().optional(),
  grade: z.string().optional(),
  /** The grade had the certificate been trusted: differs from `grade` when that is T. */
  gradeTrustIgnored: z.string().optional(),
  hasWarnings: z.boolean().optional(),
  isExceptional: z.boolean().optional(),
  progress: z.number().optional(),
  eta: z.number().optional(),
});
/** One server of an assessed host. */
export type ApiEndpoint = z.infer<typeof ApiEndpoint>;

/** The answer of `analyze`: one assessment of one host. */
export const ApiHost = z.object({
  host: z.string(),
  port: z.number().optional(),
  protocol: z.string().optional(),
  status: HostStatus,
  statusMessage: z.string().optional(),
  /** Epoch ms. */
  startTime: z.number().optional(),
  /** Epoch ms when the assessment completed. */
  testTime: z.number().optional(),
  endpoints: z.array(ApiEndpoint).default([]),
});
/** One assessment of one host. */
export type ApiHost = z.infer<typeof ApiHost>;

/** The body of a refused call: `{"errors":[{"field":"host","message":"qp.mandatory"}]}`. */
export const ApiErrors = z.object({
  errors: z.array(z.object({ field: z.string().optional(), message: z.string() })).min(1),
});
/** The body of a refused call. */
export type ApiErrors = z.infer<typeof ApiErrors>;
