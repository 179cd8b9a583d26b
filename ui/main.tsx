// The console's shell: log-in when needed, the top bar (pages, theme, who is logged in), and the
// page the hash route names. Pages live in pages/, one file each.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { UiSession } from '../protocol/web-ui.js';
import { setCredentials } from './api.js';
import { ErrorBanner } from './components/error-banner.js';
import { LiveIndicator } from './components/live-indicator.js';
import { ConsolePage } from './pages/console-page.js';
import { EnrollPage } from './pages/enroll-page.js';
import { LoginPage } from './pages/login.js';
import { NodeListPage } from './pages/node-list.js';
import { NodePage } from './pages/node-page.js';
import { OverviewPage } from './pages/overview.js';
import { useRoute, type Route } from './router.js';
import { loadSession, SessionContext } from './session.js';
import { applyTheme, initialTheme, type Theme } from './theme.js';

function Page({ route }: { route: Route }) {
  const [first, second, third] = route.parts;
  if (first === 'nodes' && second && third === 'console') return <ConsolePage ident={second} />;
  if (first === 'nodes' && second) return <NodePage ident={second} />;
  if (first === 'nodes') return <NodeListPage route={route} />;
  if (first === 'enroll') return <EnrollPage />;
  return <OverviewPage />;
}

function TopBar({ session, theme, onTheme, onLogOut }: { session: UiSession; theme: Theme; onTheme: () => void; onLogOut: () => void }) {
  return (
    <header class="top-bar">
      <a class="brand" href="#/">
        Tyr
      </a>
      <nav aria-label="Main">
        <a href="#/">Overview</a>
        <a href="#/nodes">Nodes</a>
        <a href="#/enroll">Enroll</a>
      </nav>
      <span class="spacer" />
      <LiveIndicator />
      <button type="button" onClick={onTheme} aria-label={`Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`}>
        {theme === 'dark' ? 'Light' : 'Dark'} theme
      </button>
      <span class="who" data-testid="who">
        {session.user ?? 'noauth'} ({session.role})
      </span>
      {session.auth_strategy === 'http_basic' && (
        <button type="button" onClick={onLogOut}>
          Log out
        </button>
      )}
    </header>
  );
}

/** Hash routes use the fragment, so the skip link moves focus itself instead of navigating. */
function skipToMain(e: Event): void {
  e.preventDefault();
  document.getElementById('main')?.focus();
}

function App() {
  const route = useRoute();
  const [session, setSession] = useState<UiSession | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => applyTheme(theme), [theme]);
  const refresh = () => void loadSession().then(setSession, setError);
  useEffect(refresh, []);

  if (error) return <ErrorBanner error={error} />;
  if (session === undefined) return <p class="loading">Loading…</p>;
  if (session === null) return <LoginPage onLoggedIn={refresh} />;
  const logOut = () => {
    setCredentials(null);
    setSession(null);
  };
  return (
    <SessionContext.Provider value={{ session, canAct: session.role === 'admin', logOut }}>
      <a class="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <TopBar session={session} theme={theme} onTheme={() => setTheme(theme === 'dark' ? 'light' : 'dark')} onLogOut={logOut} />
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </SessionContext.Provider>
  );
}

render(<App />, document.getElementById('app')!);
