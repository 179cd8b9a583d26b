// Placeholder: the log-in form (HTTP Basic credentials, checked against GET /ui/api/session).
export function LoginPage({ onLoggedIn }: { onLoggedIn: () => void }) {
  return (
    <button type="button" onClick={onLoggedIn}>
      Log in
    </button>
  );
}
