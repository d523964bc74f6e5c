import { z } from 'zod';

type KindSchema = z.ZodObject<{ kind: z.ZodLiteral<string> } & z.core.$ZodLooseShape, z.core.$ZodObjectConfig>;

/**
 * Builds the `kind`-discriminated union of a registry (kind → object schema), with an error that lists
 * the known kinds, so what varies stays a map and never a chain of `if kind ===`.
 */
export function discriminatedRegistry<R extends Record<string, KindSchema>>(what: string, registry: R) {
  const known = Object.keys(registry).join(', ');
  const options = Object.values(registry) as [R[keyof R], ...R[keyof R][]];
  return z.discriminatedUnion('kind', options, {
    error: (issue) => {
      if (issue.code !== 'invalid_union') return undefined;
      const input: unknown = issue.input;
      const kind = input !== null && typeof input === 'object' ? (input as { kind?: unknown }).kind : undefined;
      if (kind === undefined) return `missing required key "kind" (one of ${known})`;
      return `unknown ${what} kind ${JSON.stringify(kind)}; expected one of ${known}`;
    },
  });
}
