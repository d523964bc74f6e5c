import { useState } from 'preact/hooks';
import { api, ApiError } from '../lib/api.js';
import { type Lang, useI18n } from '../lib/i18n.js';
import type { SessionView } from '../lib/types.js';

/** The sign-in form (`POST /api/v1/session`). */
export function LoginForm({ onSignedIn, initialError }: { onSignedIn: (session: SessionView) => void; initialError: string | undefined }) {
  const { t, lang, setLang } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(initialError);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const signed = await api<{ username: string; role: SessionView['role'] }>('/session', { method: 'POST', body: { username, password } });
      setPassword('');
      onSignedIn({ ...signed, kind: 'user' });
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) setError(t('login.bad'));
      else if (failure instanceof ApiError && failure.status === 429) setError(t('login.throttled'));
      else setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="login">
      <form onSubmit={(e) => void submit(e)} data-testid="login-form">
        <h1>{t('login.title')}</h1>
        <label>
          {t('login.username')}
          <input name="username" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error === undefined ? null : (
          <p class="error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
        <select class="login-lang" value={lang} onChange={(e) => setLang(e.currentTarget.value as Lang)} aria-label={t('language')}>
          <option value="es">Español</option>
          <option value="en">English</option>
        </select>
      </form>
    </div>
  );
}
