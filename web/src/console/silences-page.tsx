import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { formatTime } from '../lib/format.js';
import { useI18n } from '../lib/i18n.js';
import type { MaintenanceView, SilenceView } from '../lib/types.js';
import { useApi } from './use-api.js';

/** Silences and maintenance windows: lists, creation and early end (operator). */
export function SilencesPage({ canOperate }: { canOperate: boolean }) {
  const { t, locale } = useI18n();
  const [all, setAll] = useState(false);
  const silences = useApi<SilenceView[]>(all ? '/silences?all=true' : '/silences', 30_000);
  const maintenance = useApi<MaintenanceView[]>('/maintenance', 30_000);
  const [message, setMessage] = useState<{ error: boolean; text: string } | undefined>(undefined);

  const call = async (path: string, init: { method: string; body?: unknown }, after: () => void) => {
    setMessage(undefined);
    try {
      await api(path, init);
      after();
      return true;
    } catch (failure) {
      setMessage({ error: true, text: failure instanceof Error ? failure.message : String(failure) });
      return false;
    }
  };

  return (
    <section>
      <h1>{t('nav.silences')}</h1>
      {message ? (
        <p class={message.error ? 'error' : 'ok'} role="alert" data-testid="silence-message">
          {message.text}
        </p>
      ) : null}
      <h2>{t('silences.title')}</h2>
      <label class="inline">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} /> {t('silences.all')}
      </label>
      {silences.error ? <p class="error">{silences.error}</p> : null}
      {silences.data?.length === 0 ? <p class="muted">{t('silences.none')}</p> : null}
      {silences.data?.length ? (
        <table class="grid" data-testid="silences-table">
          <thead>
            <tr>
              <th>{t('col.status')}</th>
              <th>{t('col.matchers')}</th>
              <th>{t('col.starts')}</th>
              <th>{t('col.ends')}</th>
              <th>{t('col.createdBy')}</th>
              <th>{t('col.comment')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {silences.data.map((silence) => (
              <tr key={silence.id}>
                <td>{silence.status}</td>
                <td>
                  <code>{silence.selector}</code>
                </td>
                <td>{formatTime(silence.startsAt, locale)}</td>
                <td>{formatTime(silence.expiredAt ?? silence.endsAt, locale)}</td>
                <td>{silence.createdBy}</td>
                <td>{silence.comment}</td>
                <td>
                  {canOperate && silence.status !== 'expired' ? (
                    <button type="button" onClick={() => void call(`/silences/${encodeURIComponent(silence.id)}`, { method: 'DELETE' }, silences.reload)}>
                      {t('silences.expire')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {canOperate ? (
        <NewForm
          title={t('silences.new')}
          fields={[
            ['matchers', t('silences.matchers')],
            ['duration', t('silences.duration')],
            ['comment', t('col.comment')],
          ]}
          submit={t('silences.create')}
          onSubmit={(v) => call('/silences', { method: 'POST', body: { matchers: v.matchers, duration: v.duration, comment: v.comment } }, silences.reload)}
        />
      ) : null}

      <h2>{t('maint.title')}</h2>
      {maintenance.error ? <p class="error">{maintenance.error}</p> : null}
      {maintenance.data?.length === 0 ? <p class="muted">{t('maint.none')}</p> : null}
      {maintenance.data?.length ? (
        <table class="grid" data-testid="maintenance-table">
          <thead>
            <tr>
              <th>{t('col.status')}</th>
              <th>{t('col.name')}</th>
              <th>{t('col.targets')}</th>
              <th>{t('col.starts')}</th>
              <th>{t('col.ends')}</th>
              <th>{t('col.source')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {maintenance.data.map((window) => (
              <tr key={`${window.id ?? window.name}-${window.startsAt}`}>
                <td>{window.status}</td>
                <td>{window.name}</td>
                <td>{window.targets.join(', ')}</td>
                <td>{formatTime(window.startsAt, locale)}</td>
                <td>{formatTime(window.endsAt, locale)}</td>
                <td>{window.source}</td>
                <td>
                  {canOperate && window.source === 'api' && window.id !== undefined && (window.status === 'scheduled' || window.status === 'active') ? (
                    <button type="button" onClick={() => void call(`/maintenance/${encodeURIComponent(window.id as string)}`, { method: 'DELETE' }, maintenance.reload)}>
                      {t('maint.cancel')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {canOperate ? (
        <NewForm
          title={t('maint.new')}
          fields={[
            ['targets', t('maint.targets')],
            ['startsAt', t('maint.start'), 'datetime-local'],
            ['duration', t('silences.duration')],
            ['comment', t('col.comment')],
          ]}
          submit={t('maint.create')}
          onSubmit={(v) =>
            call(
              '/maintenance',
              {
                method: 'POST',
                body: {
                  targets: (v.targets ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''),
                  ...(v.startsAt ? { startsAt: new Date(v.startsAt).toISOString() } : {}),
                  duration: v.duration,
                  comment: v.comment,
                },
              },
              maintenance.reload,
            )
          }
        />
      ) : null}
    </section>
  );
}

function NewForm({
  title,
  fields,
  submit,
  onSubmit,
}: {
  title: string;
  fields: ReadonlyArray<readonly [string, string, ('text' | 'datetime-local')?]>;
  submit: string;
  onSubmit: (values: Record<string, string>) => Promise<boolean>;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  return (
    <form
      class="action-form"
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit(values).then((ok) => ok && setValues({}));
      }}
    >
      <h3>{title}</h3>
      {fields.map(([name, label, type]) => (
        <label key={name}>
          {label}
          {type === 'datetime-local' ? (
            <input name={name} type="datetime-local" value={values[name] ?? ''} onInput={(e) => setValues({ ...values, [name]: e.currentTarget.value })} />
          ) : (
            <input name={name} value={values[name] ?? ''} onInput={(e) => setValues({ ...values, [name]: e.currentTarget.value })} />
          )}
        </label>
      ))}
      <button type="submit">{submit}</button>
    </form>
  );
}
