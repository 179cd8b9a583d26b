// Who is logged in, from GET /ui/api/session, shared with every page through a context. A reader
// sees every page with each action control disabled (`canAct` is false); the API refuses their
// writes anyway.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { UiSession } from '../protocol/web-ui.js';
import { api, ApiError, setApiVersion } from './api.js';

export interface SessionState {
  session: UiSession;
  canAct: boolean;
  logOut: () => void;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the logged-in shell');
  return s;
}

/** The session, or null when the credentials are missing or wrong (show the log-in page). */
export async function loadSession(): Promise<UiSession | null> {
  try {
    const session = await api<UiSession>('GET', '/ui/api/session');
    setApiVersion(session.max_version);
    return session;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}
