import type { ContractConfig, ContractSite, PenaltyTier } from '../../config/index.js';
import type { ClockOutcome, ComplianceFigures, PenaltyItem, SitePenalty, SlaIncident } from '../report-model.js';
import { harshestTier } from './harshest-tier.js';
import { formatCents, fromCents, percentOfCents, toCents } from './money.js';
import { formatDurationWords, formatPercentBelow } from './penalty-text.js';

/** A site's availability as the contract measures it: percent (null when unmeasured) and over what. */
export interface SiteAvailability {
  readonly percent: number | null;
  /** The service it was computed over, or null for all the site's targets. */
  readonly of: string | null;
}

/** What one contract site's discounts are computed from. */
export interface SitePenaltyInputs {
  readonly site: string;
  readonly terms: ContractSite;
  readonly contract: ContractConfig;
  readonly availability: SiteAvailability;
  /** The site's compliance figures; undefined when it had no incidents. */
  readonly compliance: ComplianceFigures | undefined;
  /** The site's incidents, in report order. */
  readonly incidents: readonly SlaIncident[];
  /** Report time, named in the reason of a missed clock still running. */
  readonly now: number;
}

interface CentsItem {
  readonly kind: PenaltyItem['kind'];
  readonly reason: string;
  readonly cents: number;
  readonly incident: string | null;
}

function tierItem(
  kind: 'availability' | 'compliance',
  measured: string,
  percent: number | null,
  tiers: readonly PenaltyTier[],
  feeCents: number,
  currency: string,
  detail: string,
): CentsItem | undefined {
  const tier = harshestTier(percent, tiers);
  if (tier === undefined || percent === null) return undefined;
  const cents = percentOfCents(feeCents, tier.discount, `${kind}_penalties discount`);
  const reason =
    `${measured} ${formatPercentBelow(percent, tier.below)}% below ${String(tier.below)}% ` +
    `(${detail}tier: ${String(tier.discount)}% of ${formatCents(feeCents, currency)})`;
  return { kind, reason, cents, incident: null };
}

function clockItem(
  incident: SlaIncident,
  clock: 'attention' | 'solution',
  outcome: ClockOutcome,
  amount: number,
  now: number,
): CentsItem | undefined {
  if (outcome.state !== 'missed' || outcome.lateSeconds === null) return undefined;
  const cents = toCents(amount, `incident_penalties.${clock}_missed.${incident.severity}`);
  if (cents === 0) return undefined;
  const still = clock === 'attention' ? 'unacknowledged' : 'unresolved';
  const running = outcome.tookSeconds === null ? ` (still ${still} at ${new Date(now).toISOString()})` : '';
  return {
    kind: clock === 'attention' ? 'attention_missed' : 'solution_missed',
    reason: `${incident.number} ${incident.severity} ${clock} ${formatDurationWords(outcome.lateSeconds)} late${running}`,
    cents,
    incident: incident.number,
  };
}

/**
 * One contract site's discounts for the month, each item naming its cause: the harshest availability tier
 * reached, the harshest compliance tier reached, and a fixed amount per missed attention or solution clock;
 * the total is capped at `cap` % of the monthly fee.
 */
export function sitePenalty(inputs: SitePenaltyInputs): SitePenalty {
  const { site, terms, contract, availability, compliance, now } = inputs;
  const feeCents = toCents(terms.monthly_fee, `sla.contract.sites.${site}.monthly_fee`);
  const compliancePercent = compliance?.compliancePercent ?? null;
  const items: (CentsItem | undefined)[] = [
    tierItem(
      'availability',
      availability.of === null ? 'availability' : `availability of ${availability.of}`,
      availability.percent,
      contract.availability_penalties,
      feeCents,
      contract.currency,
      '',
    ),
    tierItem(
      'compliance',
      'compliance',
      compliancePercent,
      contract.compliance_penalties,
      feeCents,
      contract.currency,
      compliance === undefined ? '' : `${String(compliance.withinSla)} of ${String(compliance.decided)} decided incidents within SLA; `,
    ),
  ];
  for (const incident of inputs.incidents) {
    const amounts = contract.incident_penalties;
    items.push(clockItem(incident, 'attention', incident.attention, amounts.attention_missed[incident.severity], now));
    items.push(clockItem(incident, 'solution', incident.solution, amounts.solution_missed[incident.severity], now));
  }
  const charged = items.filter((item): item is CentsItem => item !== undefined);
  const beforeCap = charged.reduce((sum, item) => sum + item.cents, 0);
  const capCents = percentOfCents(feeCents, contract.cap, 'sla.contract.cap');
  const total = Math.min(beforeCap, capCents);
  return {
    site,
    monthlyFee: fromCents(feeCents),
    availabilityPercent: availability.percent,
    availabilityOf: availability.of,
    compliancePercent,
    items: charged.map(({ kind, reason, cents, incident }) => ({ kind, reason, amount: fromCents(cents), incident })),
    totalBeforeCap: fromCents(beforeCap),
    total: fromCents(total),
    capped: beforeCap > capCents,
  };
}
