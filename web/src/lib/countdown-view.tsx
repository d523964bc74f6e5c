import { useEffect, useState } from 'preact/hooks';
import { countdown, type CountdownState } from './countdown.js';
import { formatSpan } from './format.js';
import { useI18n } from './i18n.js';
import { StatusIcon, type Tone } from './status-icon.js';
import type { IncidentView } from './types.js';

const TONE: Record<CountdownState, Tone> = { ok: 'up', warn: 'warn', breached: 'down', met: 'met' };

/** The current time, ticking every second while mounted. */
export function useNow(periodMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now;
}

/** One SLA clock of an incident: time left (amber under 25 %, red once breached) or "met" once stopped in time. */
export function SlaCountdown({ incident, clock, now }: { incident: IncidentView; clock: 'attention' | 'solution'; now: number }) {
  const { t } = useI18n();
  const due = Date.parse(clock === 'attention' ? incident.attentionDue : incident.solutionDue);
  const state = countdown(incident.sla[clock], Date.parse(incident.registeredAt), due, now);
  const label = t(clock === 'attention' ? 'sla.attention' : 'sla.solution');
  const text =
    state.state === 'met' ? t('sla.met') : state.state === 'breached' ? `${t('sla.breached')} +${formatSpan(state.leftMs)}` : `${formatSpan(state.leftMs)}`;
  return (
    <span class={`countdown cd-${state.state}`} data-testid={`countdown-${clock}`} data-state={state.state}>
      <StatusIcon tone={TONE[state.state]} />
      <span class="cd-label">{label}</span>
      <span class="cd-value">{text}</span>
    </span>
  );
}
