import type { MonthlyReportsConfig, ReportFormat } from '../config/index.js';
import type { Clock, CronJob, CronScheduler, Logger, MailAttachment, MailMessage, MailSender } from '../core/index.js';
import type { MonthReports } from './monthly-reports.js';
import { monthContaining, previousMonth } from './period/report-month.js';
import { availabilityCsv, availabilityHtml, penaltiesCsv, slaCsv, slaHtml } from './render/index.js';

/** What the job needs. */
export interface MonthlyReportJobDeps {
  readonly reports: { both(month: string): Promise<MonthReports> };
  /** The job's config (absent: no job) and the contract's time zone, read at each run so a reload applies. */
  readonly settings: () => { readonly monthly?: MonthlyReportsConfig; readonly timeZone: string };
  /** A new sender for a named e-mail channel (closed after use), or undefined when there is none by that name. */
  readonly mailer: (channel: string) => MailSender | undefined;
  readonly scheduler: CronScheduler;
  readonly clock: Clock;
  readonly log: Logger;
  /** Between failed attempts (default: 5 attempts, 10 minutes apart). */
  readonly retry?: { readonly attempts: number; readonly delayMs: number };
  /** Waits `ms`; injected so tests need not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * A small durable key → value store (the embedded database's): it remembers the last month reported, so
   * a run missed while the process was down is made up when it starts again. Absent: no catch-up.
   */
  readonly state?: { get(key: string): Promise<unknown>; set(key: string, value: unknown): Promise<void> };
}

/** The state key holding the last month whose reports are done (mailed, or not owed: before the job existed). */
export const REPORTED_THROUGH_KEY = 'reports.monthly.reported-through';

const DEFAULT_RETRY = { attempts: 5, delayMs: 10 * 60_000 };

const percent = (value: number | null): string => (value === null ? 'not measured' : `${value.toFixed(4)} %`);

/** The files of the month's reports in the asked formats. */
export function reportAttachments(reports: MonthReports, formats: readonly ReportFormat[]): MailAttachment[] {
  const month = reports.availability.period.month;
  const files: MailAttachment[] = [];
  for (const format of formats) {
    if (format === 'json') {
      files.push({ filename: `noc-availability-${month}.json`, content: JSON.stringify(reports.availability, null, 2), contentType: 'application/json' });
      files.push({ filename: `noc-sla-${month}.json`, content: JSON.stringify(reports.sla, null, 2), contentType: 'application/json' });
    } else if (format === 'csv') {
      files.push({ filename: `noc-availability-${month}.csv`, content: availabilityCsv(reports.availability), contentType: 'text/csv' });
      files.push({ filename: `noc-sla-${month}.csv`, content: slaCsv(reports.sla), contentType: 'text/csv' });
      if (reports.sla.penalties !== null) {
        files.push({ filename: `noc-sla-penalties-${month}.csv`, content: penaltiesCsv(reports.sla), contentType: 'text/csv' });
      }
    } else {
      files.push({ filename: `noc-availability-${month}.html`, content: availabilityHtml(reports.availability), contentType: 'text/html' });
      files.push({ filename: `noc-sla-${month}.html`, content: slaHtml(reports.sla), contentType: 'text/html' });
    }
  }
  return files;
}

/** The mail of the month's reports: a summary in the body, the reports attached. */
export function reportMail(reports: MonthReports, config: MonthlyReportsConfig): MailMessage {
  const { availability, sla } = reports;
  const month = availability.period.month;
  const penalties = sla.penalties;
  const lines = [
    `NOC reports for ${month} (${availability.period.timeZone}).`,
    '',
    `Availability: ${percent(availability.totals.availabilityPercent)} (target ${availability.totals.targetPercent} %), ${availability.totals.outages} outage(s).`,
    ...availability.services.map((service) => `  ${service.service}: ${percent(service.availabilityPercent)}`),
    `SLA compliance: ${percent(sla.totals.compliancePercent)} (target ${sla.totals.targetPercent} %) over ${sla.totals.decided} decided incident(s), ${sla.totals.pending} pending.`,
    ...(penalties === null ? [] : [`Penalties: ${penalties.total.toFixed(2)} ${penalties.currency}.`]),
    '',
    'The attached files hold the details.',
  ];
  return {
    to: config.to,
    subject: `NOC availability and SLA report ${month}`,
    text: lines.join('\n'),
    attachments: reportAttachments(reports, config.formats),
    idempotencyKey: `report.${month}`,
  };
}

/**
 * On its schedule (read in the contract's time zone; default 06:00 on the 1st), builds last month's reports
 * and mails them through the configured e-mail channel, retrying when the SMTP server fails.
 */
export class MonthlyReportJob {
  private job: CronJob | undefined;
  private scheduled: string | undefined;

  constructor(private readonly deps: MonthlyReportJobDeps) {}

  /**
   * Schedules (or reschedules after a reload) the job as configured, no config no job; then makes up a run
   * missed while stopped. The promise settles when that is done and never rejects.
   */
  async apply(): Promise<void> {
    const { monthly, timeZone } = this.deps.settings();
    const signature = monthly === undefined ? undefined : `${monthly.schedule}|${timeZone}`;
    if (signature === this.scheduled) return;
    this.stop();
    if (monthly === undefined) return;
    this.job = this.deps.scheduler.start(monthly.schedule, () => void this.runScheduled(), { timeZone });
    this.scheduled = signature;
    this.deps.log.info({ schedule: monthly.schedule, timeZone, channel: monthly.channel }, 'monthly reports scheduled');
    await this.catchUp().catch((error: unknown) => this.deps.log.error({ err: error }, 'monthly reports: catch-up failed'));
  }

  /**
   * Makes up a run missed while the process was down: when last month is not reported yet and this month's
   * scheduled run is already past. The first time the job is ever scheduled, nothing before is owed.
   */
  async catchUp(): Promise<void> {
    const { state } = this.deps;
    const job = this.job;
    if (state === undefined || job === undefined) return;
    const { timeZone } = this.deps.settings();
    const now = this.deps.clock.now();
    const due = previousMonth(now, timeZone).month;
    const through = await state.get(REPORTED_THROUGH_KEY);
    if (typeof through !== 'string') {
      await state.set(REPORTED_THROUGH_KEY, due);
      return;
    }
    if (through >= due) return;
    const next = job.nextRun?.();
    const thisMonth = monthContaining(now, timeZone).month;
    if (next === undefined || monthContaining(next, timeZone).month === thisMonth) return;
    this.deps.log.info({ month: due, reportedThrough: through }, 'monthly reports: making up a run missed while stopped');
    await this.runScheduled();
  }

  stop(): void {
    this.job?.stop();
    this.job = undefined;
    this.scheduled = undefined;
  }

  /** Builds and mails the reports of `month` now; throws when it cannot (no job config, unknown channel, SMTP). */
  async send(month: string): Promise<void> {
    const { monthly } = this.deps.settings();
    if (monthly === undefined) throw new Error('sla.reports.monthly is not configured');
    const mailer = this.deps.mailer(monthly.channel);
    if (mailer === undefined) throw new Error(`no e-mail channel "${monthly.channel}"`);
    try {
      const reports = await this.deps.reports.both(month);
      await mailer.send(reportMail(reports, monthly));
    } finally {
      await mailer.close();
    }
    this.deps.log.info({ month, to: monthly.to.length }, 'monthly reports mailed');
  }

  /** The scheduled run: last month's reports, with retries; failures are logged, never thrown. */
  async runScheduled(): Promise<void> {
    const { attempts, delayMs } = this.deps.retry ?? DEFAULT_RETRY;
    const sleep = this.deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
    const month = previousMonth(this.deps.clock.now(), this.deps.settings().timeZone).month;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await this.send(month);
        await this.deps.state?.set(REPORTED_THROUGH_KEY, month);
        return;
      } catch (error) {
        const last = attempt === attempts;
        this.deps.log[last ? 'error' : 'warn']({ err: error, month, attempt, attempts }, last ? 'monthly reports not mailed: giving up' : 'monthly reports not mailed: will retry');
        if (!last) await sleep(delayMs);
      }
    }
  }
}
