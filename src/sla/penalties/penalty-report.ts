import type { ContractConfig } from '../../config/index.js';
import type { ComplianceFigures, PenaltyReport, SlaIncident } from '../report-model.js';
import { fromCents, toCents } from './money.js';
import { type SiteAvailability, sitePenalty } from './site-penalty.js';

/** What the contract's discounts are computed from. */
export interface PenaltyInputs {
  readonly contract: ContractConfig;
  /** The month's incidents, in report order; those of sites outside the contract cost nothing. */
  readonly incidents: readonly SlaIncident[];
  /** Compliance per site (sites without incidents absent). */
  readonly bySite: readonly ComplianceFigures[];
  readonly siteAvailability: ReadonlyMap<string, SiteAvailability>;
  readonly now: number;
}

/** The month's discounts for every contract site, sorted by site; the total is the sum of the capped site totals. */
export function buildPenaltyReport(inputs: PenaltyInputs): PenaltyReport {
  const { contract } = inputs;
  const sites = Object.entries(contract.sites)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([site, terms]) =>
      sitePenalty({
        site,
        terms,
        contract,
        availability: inputs.siteAvailability.get(site) ?? { percent: null, of: terms.service ?? null },
        compliance: inputs.bySite.find((figures) => figures.key === site),
        incidents: inputs.incidents.filter((incident) => incident.site === site),
        now: inputs.now,
      }),
    );
  const totalCents = sites.reduce((sum, site) => sum + toCents(site.total), 0);
  return { currency: contract.currency, capPercent: contract.cap, sites, total: fromCents(totalCents) };
}
