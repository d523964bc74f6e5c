import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { SlaCountdown, useNow } from '../lib/countdown-view.js';
import { formatTime } from '../lib/format.js';
import { type TextKey, useI18n } from '../lib/i18n.js';
import type { IncidentDetailView } from '../lib/types.js';
import { withoutSpecialNumbers } from './forensics/forensics-logic.js';
import { SnapshotPanel } from './forensics/snapshot-panel.js';
import { href } from './route.js';
import { useApi } from './use-api.js';

type ActionName = 'acknowledge' | 'escalate' | 'comment' | 'resolve' | 'reopen' | 'close';

/** Which actions the status allows (README "Incidents"); the server still decides. */
function allowed(incident: IncidentDetailView): ActionName[] {
  switch (incident.status) {
    case 'registered':
      return ['acknowledge', 'escalate', 'comment', 'resolve'];
    case 'diagnosing':
      return incident.acknowledgedAt === undefined ? ['acknowledge', 'escalate', 'comment', 'resolve'] : ['escalate', 'comment', 'resolve'];
    case 'resolved':
      return ['comment', 'reopen', 'close'];
    case 'closed':
      return ['comment'];
  }
}

/** Fields of each action's form: [body field, label, required]. */
const FIELDS: Record<ActionName, ReadonlyArray<readonly [string, TextKey, boolean]>> = {
  acknowledge: [['note', 'incident.note', false]],
  escalate: [['reason', 'incident.reason', false]],
  comment: [['text', 'incident.text', true]],
  resolve: [['resolution', 'incident.resolution', true]],
  reopen: [['reason', 'incident.reason', false]],
  close: [
    ['category', 'incident.category', true],
    ['note', 'incident.note', false],
  ],
};

/** One incident: SLA clocks, facts, lifecycle actions (operator) and its timeline. */
export function IncidentDetail({ number, canOperate }: { number: string; canOperate: boolean }) {
  const { t, locale } = useI18n();
  const { data: incident, error, reload } = useApi<IncidentDetailView>(`/incidents/${encodeURIComponent(number)}`, 15_000);
  const now = useNow();
  return (
    <section>
      <p>
        <a href={href('incidents')}>{t('incident.back')}</a>
      </p>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {incident === undefined ? (
        <p>{t('loading')}</p>
      ) : (
        <>
          <h1 class={`sev-${incident.severity}`}>
            <span class="sev-chip">{incident.severity}</span> {incident.number} — {incident.title}
          </h1>
          <div class="incident-facts">
            <span data-testid="incident-status">{incident.status}</span>
            <span>
              {t('col.level')} {incident.level}
            </span>
            <SlaCountdown incident={incident} clock="attention" now={now} />
            <SlaCountdown incident={incident} clock="solution" now={now} />
          </div>
          {incident.description ? <p class="description">{incident.description}</p> : null}
          <dl class="facts">
            <dt>{t('incident.channel')}</dt>
            <dd>{incident.channel}</dd>
            <dt>{t('incident.registeredBy')}</dt>
            <dd>{incident.registeredBy}</dd>
            <dt>{t('col.registered')}</dt>
            <dd>{formatTime(incident.registeredAt, locale)}</dd>
            <dt>{t('incident.affected')}</dt>
            <dd>
              {incident.affectedTargets.join(', ') || '—'} · {incident.affectedUsers} {t('incident.users')}
            </dd>
            {incident.category ? (
              <>
                <dt>{t('incident.category')}</dt>
                <dd>{incident.category}</dd>
              </>
            ) : null}
            {incident.resolution ? (
              <>
                <dt>{t('incident.resolution')}</dt>
                <dd>{incident.resolution}</dd>
              </>
            ) : null}
          </dl>
          <SnapshotPanel number={incident.number} snapshot={incident.forensics && withoutSpecialNumbers(incident.forensics)} />
          {canOperate ? <Actions incident={incident} onDone={reload} /> : null}
          <h2>{t('incident.timeline')}</h2>
          <ol class="timeline" data-testid="timeline">
            {incident.timeline.map((entry) => (
              <li key={entry.seq}>
                <time>{formatTime(entry.at, locale)}</time> <b>{entry.action}</b> · {entry.actor}
                {Object.keys(entry.details).length > 0 ? <code>{JSON.stringify(entry.details)}</code> : null}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function Actions({ incident, onDone }: { incident: IncidentDetailView; onDone: () => void }) {
  const { t } = useI18n();
  const actions = allowed(incident);
  const [open, setOpen] = useState<ActionName | undefined>(undefined);
  const [values, setValues] = useState<Record<string, string>>({});
  const [level, setLevel] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const run = async (action: ActionName, event: Event) => {
    event.preventDefault();
    setBusy(true);
    setMessage(undefined);
    const body: Record<string, unknown> = {};
    for (const [field] of FIELDS[action]) if ((values[field] ?? '').trim() !== '') body[field] = values[field];
    if (action === 'escalate' && level !== '') body.level = level;
    if (action !== 'comment') body.version = incident.version;
    try {
      await api(`/incidents/${encodeURIComponent(incident.number)}/${action}`, { method: 'POST', body });
      setOpen(undefined);
      setValues({});
      setMessage({ error: false, text: t('incident.done') });
      onDone();
    } catch (failure) {
      setMessage({ error: true, text: failure instanceof Error ? failure.message : String(failure) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="actions">
      <div class="action-buttons">
        {actions.map((action) => (
          <button key={action} type="button" class={open === action ? 'active' : ''} onClick={() => setOpen(open === action ? undefined : action)} data-testid={`action-${action}`}>
            {t(`incident.${action}`)}
          </button>
        ))}
      </div>
      {open === undefined ? null : (
        <form class="action-form" onSubmit={(e) => void run(open, e)} data-testid={`form-${open}`}>
          {open === 'escalate' ? (
            <label>
              {t('incident.level')}
              <select value={level} onChange={(e) => setLevel(e.currentTarget.value)}>
                <option value="">{t('incident.nextLevel')}</option>
                <option value="L2">L2</option>
                <option value="L3">L3</option>
              </select>
            </label>
          ) : null}
          {FIELDS[open].map(([field, label]) => (
            <label key={field}>
              {t(label)}
              <input name={field} value={values[field] ?? ''} onInput={(e) => setValues({ ...values, [field]: e.currentTarget.value })} />
            </label>
          ))}
          <button type="submit" disabled={busy} data-testid="action-submit">
            {t(`incident.${open}`)}
          </button>
        </form>
      )}
      {message === undefined ? null : (
        <p class={message.error ? 'error' : 'ok'} role={message.error ? 'alert' : 'status'} data-testid="action-message">
          {message.text}
        </p>
      )}
    </div>
  );
}
