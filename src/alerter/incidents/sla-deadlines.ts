import { NocError, type Severity } from '../../core/index.js';
import type { SlaConfig } from '../../config/index.js';
import { addServiceTime } from './service-hours.js';

/** When an incident must be attended (first acknowledgement) and solved (resolution). */
export interface SlaDeadlines {
  readonly attentionDue: number;
  readonly solutionDue: number;
}

/**
 * Deadlines of a `severity` incident whose clocks start at `start`: the severity's attention and solution
 * times from `sla.severities`, counted 24x7, or only within the service hours of the severity's
 * `calendar` (in `sla.timezone`) when it names one.
 */
export function slaDeadlines(severity: Severity, start: number, sla: SlaConfig): SlaDeadlines {
  const times = sla.severities[severity];
  if (times.calendar === undefined) {
    return { attentionDue: start + times.attention, solutionDue: start + times.solution };
  }
  const hours = sla.calendars?.[times.calendar];
  // The schema refuses unknown calendars at load; this guards a config built by hand (tests, tools).
  if (hours === undefined) throw new NocError('invalid_config', `sla.severities.${severity}.calendar: unknown calendar "${times.calendar}"`);
  return {
    attentionDue: addServiceTime(start, times.attention, hours, sla.timezone),
    solutionDue: addServiceTime(start, times.solution, hours, sla.timezone),
  };
}
