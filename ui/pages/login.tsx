// The log-in form: HTTP Basic credentials checked against GET /ui/api/session. The password
// lives only in sessionStorage (ui/api.ts), so it ends with the tab.
import { useState } from 'preact/hooks';
import type { UiSession } from '../../protocol/web-ui.js';
import { api, setCredentials } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { LabelledInput } from '../components/form-field.js';

export function LoginPage({ onLoggedIn }: { onLoggedIn: () => void }) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setCredentials(`${user}:${password}`);
    try {
      // Called directly (not loadSession) so a refusal keeps the API's own message.
      await api<UiSession>('GET', '/ui/api/session');
      onLoggedIn();
    } catch (err) {
      setCredentials(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="login">
      <form class="panel login-form" onSubmit={(e) => void submit(e)}>
        <h1>Log in to Tyr</h1>
        <LabelledInput
          id="login-user"
          label="User"
          name="username"
          autocomplete="username"
          value={user}
          required
          onInput={(e) => setUser(e.currentTarget.value)}
        />
        <LabelledInput
          id="login-password"
          label="Password"
          name="password"
          type="password"
          autocomplete="current-password"
          value={password}
          required
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <ErrorBanner error={error} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
