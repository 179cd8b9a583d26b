// Who may call the sim: a session token (X-Auth-Token) from SessionService, or HTTP basic auth.
// Sessions never expire on a timer (many sims in one process must not each hold timers); they end
// when the client deletes them or a test calls faults.dropSessions().
import crypto from 'node:crypto';
import type { SimStats } from './types.js';

export interface SimSession {
  id: string;
  token: string;
  username: string;
  created: string;
}

function sameSecret(a: string, b: string): boolean {
  // Hash first so that lengths match and the comparison time says nothing about the secret.
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

export class SimAuth {
  private readonly sessions = new Map<string, SimSession>();
  private readonly byToken = new Map<string, SimSession>();
  private nextId = 1;

  constructor(
    readonly username: string,
    readonly password: string,
    private readonly stats: SimStats,
    readonly maxSessions: number,
  ) {}

  get full(): boolean {
    return this.sessions.size >= this.maxSessions;
  }

  checkCredentials(username: unknown, password: unknown): boolean {
    return (
      typeof username === 'string' && typeof password === 'string' && username === this.username && sameSecret(password, this.password)
    );
  }

  /** True when the request's X-Auth-Token or basic credentials are valid. */
  authorised(headers: Record<string, string | string[] | undefined>): boolean {
    const token = headers['x-auth-token'];
    if (typeof token === 'string' && token) return this.sessionByToken(token) !== undefined;
    const auth = headers.authorization;
    if (typeof auth === 'string' && auth.toLowerCase().startsWith('basic ')) {
      const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon > 0 && this.checkCredentials(decoded.slice(0, colon), decoded.slice(colon + 1));
    }
    return false;
  }

  open(username: string): SimSession {
    const session: SimSession = {
      id: String(this.nextId++),
      token: crypto.randomBytes(24).toString('hex'),
      username,
      created: new Date().toISOString(),
    };
    this.sessions.set(session.id, session);
    this.byToken.set(session.token, session);
    this.stats.sessionsOpened++;
    return session;
  }

  close(id: string): boolean {
    const session = this.sessions.get(id);
    if (!session) return false;
    this.sessions.delete(id);
    this.byToken.delete(session.token);
    this.stats.sessionsClosed++;
    return true;
  }

  get(id: string): SimSession | undefined {
    return this.sessions.get(id);
  }

  list(): SimSession[] {
    return [...this.sessions.values()];
  }

  /** Forgets every session without counting them closed: the client did not close them. */
  dropAll(): void {
    this.sessions.clear();
    this.byToken.clear();
  }

  // Tokens are 192 random bits: a map lookup reveals nothing useful through timing.
  private sessionByToken(token: string): SimSession | undefined {
    return this.byToken.get(token);
  }
}
