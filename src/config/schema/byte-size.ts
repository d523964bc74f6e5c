import { z } from 'zod';

const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

const FORMAT = 'expected a size such as 512MiB, 2GB or a whole number of bytes';

/** A size in bytes: a whole number, or a number with a unit (B, KB, MB, GB, TB, KiB, MiB, GiB, TiB). */
export const ByteSize = z.union([z.number(), z.string()], { error: FORMAT }).transform((value, context) => {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0) return value;
    context.addIssue({ code: 'custom', message: `${FORMAT}, got ${value}` });
    return z.NEVER;
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  const factor = match ? UNITS[(match[2] || 'b').toLowerCase()] : undefined;
  if (!match || factor === undefined) {
    context.addIssue({ code: 'custom', message: `${FORMAT}, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return Math.round(Number(match[1]) * factor);
});
