import { describe, expect, it } from 'vitest';
import { MonthlyReportsConfig } from '../config/index.js';
import { type CronScheduler, type MailMessage, ManualClock, MemoryProbeStateStore, silentLogger } from '../core/index.js';
import { MonthlyReportJob, REPORTED_THROUGH_KEY, reportMail } from './monthly-report-job.js';
import { availabilityFixture, slaFixture } from './render/testing/report-fixtures.js';

const at = (iso: string): number => Date.parse(iso);
const MONTHLY = MonthlyReportsConfig.parse({ channel: 'managers', to: ['managers@noc.test'], formats: ['csv'] });

interface Rig {
  readonly job: MonthlyReportJob;
  readonly clock: ManualClock;
  readonly state: MemoryProbeStateStore;
  readonly sent: MailMessage[];
  readonly built: string[];
  /** Makes the next `n` sends fail. */
  failNext(n: number): void;
}

/** A job on a scheduler that never fires by itself and whose next run is `nextRun`, with reports built from fixtures. */
function rig(now: string, nextRun: string, state = new MemoryProbeStateStore()): Rig {
  const clock = new ManualClock(at(now));
  const sent: MailMessage[] = [];
  const built: string[] = [];
  let failures = 0;
  const scheduler: CronScheduler = { start: () => ({ periodMs: 31 * 86_400_000, nextRun: () => at(nextRun), stop: () => undefined }) };
  const job = new MonthlyReportJob({
    reports: {
      both: async (month) => {
        built.push(month);
        return { availability: availabilityFixture(), sla: slaFixture() };
      },
    },
    settings: () => ({ monthly: MONTHLY, timeZone: 'America/Santiago' }),
    mailer: () => ({
      send: async (message) => {
        if (failures > 0) {
          failures--;
          throw new Error('451 try again later');
        }
        sent.push(message);
      },
      close: async () => undefined,
    }),
    scheduler,
    clock,
    log: silentLogger,
    retry: { attempts: 2, delayMs: 1 },
    sleep: async () => undefined,
    state,
  });
  return { job, clock, state, sent, built, failNext: (n) => (failures = n) };
}

describe('MonthlyReportJob', () => {
  it('owes nothing before it was first scheduled: the first start records last month as done without mailing', async () => {
    const { job, state, sent } = rig('2026-05-10T12:00:00Z', '2026-06-01T10:00:00Z');
    await job.apply();
    expect(sent).toEqual([]);
    expect(await state.get(REPORTED_THROUGH_KEY)).toBe('2026-04');
  });

  it('makes up last month when this month’s run passed while the process was down', async () => {
    const state = new MemoryProbeStateStore();
    await state.set(REPORTED_THROUGH_KEY, '2026-03');
    // Restarted on 3 May (Santiago): the run of 1 May 06:00 was missed; the next is in June.
    const { job, sent, built } = rig('2026-05-03T12:00:00Z', '2026-06-01T10:00:00Z', state);
    await job.apply();
    expect(built).toEqual(['2026-04']);
    expect(sent.map((mail) => mail.subject)).toEqual(['NOC availability and SLA report 2026-04']);
    expect(await state.get(REPORTED_THROUGH_KEY)).toBe('2026-04');
    await job.catchUp();
    expect(sent).toHaveLength(1);
  });

  it('leaves last month to the schedule when this month’s run is still ahead', async () => {
    const state = new MemoryProbeStateStore();
    await state.set(REPORTED_THROUGH_KEY, '2026-03');
    // 1 May 04:00 in Santiago, two hours before the 06:00 run.
    const { job, sent } = rig('2026-05-01T08:00:00Z', '2026-05-01T10:00:00Z', state);
    await job.apply();
    expect(sent).toEqual([]);
    expect(await state.get(REPORTED_THROUGH_KEY)).toBe('2026-03');
  });

  it('records a month as done only once its mail is accepted, after retries', async () => {
    const { job, sent, state, failNext } = rig('2026-05-01T10:00:00Z', '2026-06-01T10:00:00Z');
    await state.set(REPORTED_THROUGH_KEY, '2026-03');
    failNext(2);
    await job.runScheduled();
    expect(sent).toEqual([]);
    expect(await state.get(REPORTED_THROUGH_KEY)).toBe('2026-03');
    failNext(1);
    await job.runScheduled();
    expect(sent).toHaveLength(1);
    expect(await state.get(REPORTED_THROUGH_KEY)).toBe('2026-04');
  });

  it('summarises the month in the body and attaches the asked formats', () => {
    const mail = reportMail({ availability: availabilityFixture(), sla: slaFixture() }, MONTHLY);
    expect(mail.to).toEqual(['managers@noc.test']);
    expect(mail.idempotencyKey).toBe('report.2026-04');
    expect(mail.text).toMatch(/^NOC reports for 2026-04 \(America\/Santiago\)\./);
    expect(mail.attachments?.map((file) => file.filename)).toEqual(['noc-availability-2026-04.csv', 'noc-sla-2026-04.csv', 'noc-sla-penalties-2026-04.csv']);
  });
});
