import { z } from 'zod';
import type { DeepReadonly } from '../../deep-readonly.js';
import { ProbeCommon } from '../probe-common.js';

/** How a probe speaks TLS to its peer. */
export const ProbeTls = z.strictObject({
  /** Check the certificate chain and name; off only for lab or self-signed peers. */
  verify: z.boolean().default(true),
  /** The name sent as SNI and checked against the certificate; defaults to the host when it is a name. */
  server_name: z.string().min(1).optional(),
  /** Trusted CA certificates, PEM (usually through `ca_file`): a carrier's private CA; replaces the system roots. */
  ca: z.string().min(1).optional(),
});
/** How a probe speaks TLS to its peer. */
export type ProbeTls = DeepReadonly<z.infer<typeof ProbeTls>>;

/** A TCP port number. */
export const Port = z
  .int({ error: 'expected a whole number' })
  .min(1, { message: 'must be at least 1' })
  .max(65535, { message: 'must be at most 65535' });

// Plain YAML scalars keep backslashes, so `QUIT\r\n` is taken as the protocol line it stands for.
const ESCAPES: Readonly<Record<string, string>> = { r: '\r', n: '\n', t: '\t', '\\': '\\' };

/** Replaces `\r`, `\n`, `\t` and `\\` by the characters they stand for; other backslashes stay. */
export function unescapeSend(text: string): string {
  return text.replace(/\\([rnt\\])/g, (_, c: string) => ESCAPES[c] ?? c);
}

// V8's message repeats the pattern before the reason; the reason is what helps.
/** Why `new RegExp` refused a pattern. */
export function regexReason(error: unknown): string {
  return (error as Error).message.split(': ').at(-1) ?? 'invalid';
}

/** A compiled regular expression with its source kept, so config fingerprints still tell two apart. */
export interface CompiledPattern {
  readonly source: string;
  readonly regex: RegExp;
}

/** A regular expression, compiled at load (with `m`: `^` and `$` match at every line of a response). */
export const ResponsePattern = z.string().transform((source, ctx): CompiledPattern => {
  try {
    return { source, regex: new RegExp(source, 'm') };
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${regexReason(error)}` });
    return z.NEVER;
  }
});

/** A `tcp` probe: connect (optionally with TLS), optionally send a line and match the answer. */
export const TcpProbeConfig = ProbeCommon.extend({
  kind: z.literal('tcp'),
  host: z.string().min(1),
  port: Port,
  tls: ProbeTls.optional(),
  /** Written once connected; `\r`, `\n`, `\t` escapes are understood. */
  send: z.string().min(1).transform(unescapeSend).optional(),
  /** What the banner or the answer to `send` must match for the probe to be up. */
  expect: ResponsePattern.optional(),
});
/** A `tcp` probe. */
export type TcpProbeConfig = DeepReadonly<z.infer<typeof TcpProbeConfig>>;
