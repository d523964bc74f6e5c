import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { MailAddress } from './channels/email.js';
import { CronExpression } from './maintenance.js';
import { Name } from './names.js';

/** Formats a report can be rendered in. */
export const ReportFormat = z.enum(['json', 'csv', 'html'], { error: 'expected json, csv or html' });
/** A report format. */
export type ReportFormat = z.infer<typeof ReportFormat>;

/** Last month's availability and SLA reports, built and mailed on a schedule (read in `sla.timezone`). */
export const MonthlyReportsConfig = z.strictObject({
  /** Default: 06:00 on the 1st, when every deadline of the month before has passed or nearly. */
  schedule: CronExpression.default('0 6 1 * *'),
  /** An e-mail channel in `notifications.channels`: its SMTP server and sender are used. */
  channel: Name,
  to: z.array(MailAddress).min(1, { message: 'give at least one recipient' }),
  formats: z.array(ReportFormat).min(1, { message: 'give at least one format' }).default(['html', 'csv']),
});
/** The monthly report job. */
export type MonthlyReportsConfig = DeepReadonly<z.infer<typeof MonthlyReportsConfig>>;

/** Availability and SLA reports. */
export const ReportsConfig = z.strictObject({
  monthly: MonthlyReportsConfig.optional(),
});
/** Availability and SLA reports. */
export type ReportsConfig = DeepReadonly<z.infer<typeof ReportsConfig>>;
