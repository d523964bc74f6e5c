import { useI18n } from '../lib/i18n.js';
import { StatusIcon, type Tone } from '../lib/status-icon.js';

/** A state as icon + word + colour (readable without colour vision). */
export function StateBadge({ state }: { state: 'up' | 'down' | 'unknown' | 'warn' }) {
  const { t } = useI18n();
  const tone: Tone = state;
  return (
    <span class={`state tone-${tone}`} data-state={state}>
      <StatusIcon tone={tone} /> {t(`state.${state}`)}
    </span>
  );
}
