import { useI18n } from '../../lib/i18n.js';
import { StatusIcon, type Tone } from '../../lib/status-icon.js';
import type { ClockOutcomeView } from '../../lib/types.js';
import { formatDuration, formatZoned } from './report-format.js';

const VERDICT_TONE = { met: 'met', missed: 'down', none: 'unknown' } as const satisfies Record<string, Tone>;

/** Met or missed against a target as colour, icon and word (readable without colour vision); null: nothing measured. */
export function Verdict({ met, testId }: { met: boolean | null; testId?: string }) {
  const { t } = useI18n();
  const verdict = met === null ? 'none' : met ? 'met' : 'missed';
  const word = verdict === 'none' ? t('reports.unmeasured') : verdict === 'met' ? t('reports.met') : t('reports.missed');
  return (
    <span class={`state verdict tone-${VERDICT_TONE[verdict]}`} data-verdict={verdict} data-testid={testId}>
      <StatusIcon tone={VERDICT_TONE[verdict]} /> {word}
    </span>
  );
}

const OUTCOME_TONE = { met: 'met', missed: 'down', pending: 'pending' } as const satisfies Record<ClockOutcomeView['state'], Tone>;

/** One SLA clock's outcome: met in how long, missed by how much, or pending until when (in the report's zone). */
export function ClockOutcome({ outcome, timeZone }: { outcome: ClockOutcomeView; timeZone: string }) {
  const { t } = useI18n();
  const detail =
    outcome.state === 'met'
      ? outcome.tookSeconds === null
        ? ''
        : `${t('outcome.in')} ${formatDuration(outcome.tookSeconds)}`
      : outcome.state === 'missed'
        ? outcome.lateSeconds === null
          ? ''
          : `${formatDuration(outcome.lateSeconds)} ${t('outcome.late')}`
        : `${t('outcome.due')} ${formatZoned(outcome.due, timeZone)}`;
  return (
    <span class={`state outcome tone-${OUTCOME_TONE[outcome.state]}`} data-state={outcome.state}>
      <StatusIcon tone={OUTCOME_TONE[outcome.state]} /> {t(`outcome.${outcome.state}`)}
      {detail === '' ? null : <span class="outcome-detail"> {detail}</span>}
    </span>
  );
}
