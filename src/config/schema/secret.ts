import { z } from 'zod';

/** Shortest accepted API token: long enough that guessing is not an option. */
export const MIN_TOKEN_LENGTH = 16;

// Messages here never echo the input: it is a secret.
/** A secret string (password, key); usually given as `${ENV}` or through a `*_file` key. */
export const Secret = z.string({ error: 'expected a secret string (use ${ENV_VAR} or a *_file key)' });
/** A secret string. */
export type Secret = z.infer<typeof Secret>;

/** A bearer token: a secret of at least {@link MIN_TOKEN_LENGTH} characters. */
export const Token = Secret.refine((value) => value.length >= MIN_TOKEN_LENGTH, {
  message: `too short: a token needs at least ${MIN_TOKEN_LENGTH} characters`,
});
/** A bearer token. */
export type Token = z.infer<typeof Token>;
