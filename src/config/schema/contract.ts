import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { Name } from './names.js';

const PERCENT_HINT = 'must be between 0 and 100';
const Percent = z.number({ error: 'expected a percentage (a number)' }).min(0, { message: PERCENT_HINT }).max(100, { message: PERCENT_HINT });
const Amount = z.number({ error: 'expected an amount (a number)' }).min(0, { message: 'must be 0 or more' });

/** Below `below` percent, the site's invoice is discounted by `discount` percent of its monthly fee. */
export const PenaltyTier = z.strictObject({ below: Percent, discount: Percent });
/** One penalty tier. */
export type PenaltyTier = DeepReadonly<z.infer<typeof PenaltyTier>>;

/** Tiers ordered from the mildest: each lower threshold must discount at least as much as the one above it. */
const PenaltyTiers = z.array(PenaltyTier).superRefine((tiers, ctx) => {
  const sorted = [...tiers].sort((a, b) => b.below - a.below);
  for (let i = 1; i < sorted.length; i++) {
    const [milder, harsher] = [sorted[i - 1] as PenaltyTier, sorted[i] as PenaltyTier];
    if (milder.below === harsher.below) {
      ctx.addIssue({ code: 'custom', path: [tiers.indexOf(harsher), 'below'], message: `two tiers below ${harsher.below}%` });
    } else if (harsher.discount < milder.discount) {
      ctx.addIssue({
        code: 'custom',
        path: [tiers.indexOf(harsher), 'discount'],
        message: `below ${harsher.below}% must discount at least the ${milder.discount}% given below ${milder.below}%`,
      });
    }
  }
});

/** An amount per severity (a severity left out costs nothing). */
const PerSeverityAmount = z
  .strictObject({ S1: Amount.default(0), S2: Amount.default(0), S3: Amount.default(0), S4: Amount.default(0) })
  .prefault({});

/** One site of the contract: what it pays and which service's availability its invoice depends on. */
export const ContractSite = z.strictObject({
  monthly_fee: Amount,
  /** A name in `services`; absent: the availability of all the site's targets together. */
  service: Name.optional(),
});
/** One site of the contract. */
export type ContractSite = DeepReadonly<z.infer<typeof ContractSite>>;

/**
 * The service contract's money side: monthly fee per site, discounts for availability and SLA compliance
 * below target (the harshest tier reached applies), fixed amounts per incident that missed its attention
 * or solution time, and a cap on the month's total discount per site.
 */
export const ContractConfig = z.strictObject({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { message: 'expected an ISO 4217 code such as USD or MXN' })
    .default('USD'),
  sites: z.record(z.string().min(1), ContractSite).default({}),
  availability_penalties: PenaltyTiers.default([]),
  compliance_penalties: PenaltyTiers.default([]),
  incident_penalties: z
    .strictObject({ attention_missed: PerSeverityAmount, solution_missed: PerSeverityAmount })
    .prefault({}),
  /** Most a site's invoice can be discounted in one month, in percent of its monthly fee. */
  cap: Percent.default(100),
});
/** The service contract's money side. */
export type ContractConfig = DeepReadonly<z.infer<typeof ContractConfig>>;
