// Runs one API call for a control: busy while it runs, the API's error kept for an ErrorBanner,
// and `done` (a reload of what the call changed) after it succeeds.
import { useState } from 'preact/hooks';

export interface Action {
  busy: boolean;
  error: unknown;
  clearError: () => void;
  run: (call: () => Promise<unknown>) => Promise<boolean>;
}

export function useAction(done?: () => void): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return {
    busy,
    error,
    clearError: () => setError(null),
    async run(call) {
      setBusy(true);
      setError(null);
      try {
        await call();
        done?.();
        return true;
      } catch (err) {
        setError(err);
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}
