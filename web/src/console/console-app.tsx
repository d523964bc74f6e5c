import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError } from '../lib/api.js';
import { I18nContext, initialLang, type Lang, makeI18n, saveLang, type TextKey, useI18n } from '../lib/i18n.js';
import type { SessionView } from '../lib/types.js';
import { AlertsPage } from './alerts-page.js';
import { ForensicsPage } from './forensics-page.js';
import { IncidentDetail } from './incident-detail.js';
import { IncidentsPage } from './incidents-page.js';
import { LoginForm } from './login-form.js';
import { ReportsPage } from './reports-page.js';
import { href, parseRoute, type Route } from './route.js';
import { SilencesPage } from './silences-page.js';
import { TargetDetail } from './target-detail.js';
import { TargetsPage } from './targets-page.js';

/** The console with its language (browser default, remembered once chosen). */
export function ConsoleRoot() {
  const [lang, setLang] = useState<Lang>(() => initialLang(localStorage, navigator.languages ?? [navigator.language]));
  const i18n = useMemo(() => makeI18n(lang, (next) => (saveLang(localStorage, next), setLang(next))), [lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = i18n.t('app.title');
  }, [lang, i18n]);
  return (
    <I18nContext.Provider value={i18n}>
      <ConsoleApp />
    </I18nContext.Provider>
  );
}

type SessionState = { readonly kind: 'checking' } | { readonly kind: 'signed-out' } | { readonly kind: 'signed-in'; readonly session: SessionView };

/** Who is signed in: the session endpoint, or, on a server without sessions, whatever the API lets in anonymously. */
async function currentSession(): Promise<SessionState> {
  try {
    return { kind: 'signed-in', session: await api<SessionView>('/session') };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      await api('/targets');
      return { kind: 'signed-in', session: { username: 'anonymous', role: 'viewer', kind: 'anonymous' } };
    }
    if (error instanceof ApiError && error.status === 401) return { kind: 'signed-out' };
    throw error;
  }
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

const NAV: ReadonlyArray<{ page: string; text: TextKey }> = [
  { page: 'targets', text: 'nav.targets' },
  { page: 'alerts', text: 'nav.alerts' },
  { page: 'incidents', text: 'nav.incidents' },
  { page: 'silences', text: 'nav.silences' },
  { page: 'forensics', text: 'nav.forensics' },
  { page: 'reports', text: 'nav.reports' },
];

function ConsoleApp() {
  const i18n = useI18n();
  const route = useRoute();
  const [state, setState] = useState<SessionState>({ kind: 'checking' });
  const [error, setError] = useState<string | undefined>(undefined);

  const check = () =>
    currentSession().then(setState, (failure: unknown) => {
      setState({ kind: 'signed-out' });
      setError(failure instanceof Error ? failure.message : String(failure));
    });
  useEffect(() => void check(), []);

  if (state.kind === 'checking') return <p class="loading">{i18n.t('loading')}</p>;
  if (state.kind === 'signed-out') return <LoginForm onSignedIn={(session) => setState({ kind: 'signed-in', session })} initialError={error} />;

  const logout = async () => {
    try {
      await api('/session', { method: 'DELETE' });
    } finally {
      setState({ kind: 'signed-out' });
      setError(undefined);
    }
  };
  const active = route.page === 'target' ? 'targets' : route.page === 'incident' ? 'incidents' : route.page;
  const session = state.session;
  return (
    <div class="console">
      <header class="topbar">
        <span class="brand">NOC</span>
        <nav>
          {NAV.map((item) => (
            <a key={item.page} href={href(item.page)} class={active === item.page ? 'active' : ''} data-testid={`nav-${item.page}`}>
              {i18n.t(item.text)}
            </a>
          ))}
          <a href="/wall" target="_blank" rel="noopener">
            {i18n.t('nav.wall')} ↗
          </a>
        </nav>
        <div class="who">
          <label>
            <span class="sr-only">{i18n.t('language')}</span>
            <select value={i18n.lang} onChange={(e) => i18n.setLang((e.currentTarget as HTMLSelectElement).value as Lang)} data-testid="lang">
              <option value="es">Español</option>
              <option value="en">English</option>
            </select>
          </label>
          <span data-testid="whoami">
            {session.username} <small>({i18n.t('role.you')} {session.role})</small>
          </span>
          {session.kind === 'anonymous' ? null : (
            <button type="button" onClick={() => void logout()} data-testid="logout">
              {i18n.t('logout')}
            </button>
          )}
        </div>
      </header>
      <main class="page">
        <Page route={route} canOperate={session.role !== 'viewer'} />
      </main>
    </div>
  );
}

function Page({ route, canOperate }: { route: Route; canOperate: boolean }) {
  switch (route.page) {
    case 'targets':
      return <TargetsPage />;
    case 'target':
      return <TargetDetail id={route.id} />;
    case 'alerts':
      return <AlertsPage />;
    case 'incidents':
      return <IncidentsPage />;
    case 'incident':
      return <IncidentDetail number={route.number} canOperate={canOperate} />;
    case 'silences':
      return <SilencesPage canOperate={canOperate} />;
    case 'forensics':
      return <ForensicsPage query={route} />;
    case 'reports':
      return <ReportsPage {...(route.month === undefined ? {} : { month: route.month })} />;
  }
}
