// Request authentication, shared by the core API, the Nova shim and os-baremetal-nodes: `noauth`
// (everyone is admin; meant for loopback) or `http_basic` against an htpasswd file of bcrypt
// hashes. Users listed as readers may only read (GET/HEAD). It runs before any body is parsed.
// bcrypt costs tens of milliseconds per check, so verified credentials are cached briefly, and
// failed logins are throttled per source (login-throttle.ts) before bcrypt runs.
import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { BASIC_SUBPROTOCOL_PREFIX, UI_REQUEST_HEADER } from '../../protocol/web-ui.js';
import type { Config } from '../config.js';
import { ConfigError, Forbidden, NotAuthorized, TooManyRequests } from '../errors.js';
import type { Logger } from '../log.js';
import { isLoopback } from '../loopback.js';
import { Htpasswd } from './htpasswd.js';
import { LoginThrottle, sourceKey } from './login-throttle.js';

export type Role = 'admin' | 'reader';
const CACHE_MS = 60_000;

export interface AuthSettings {
  strategy: 'noauth' | 'http_basic';
  htpasswdFile: string;
  /** The setting that named htpasswdFile, for error messages (e.g. api.htpasswd_file). */
  htpasswdOption?: string;
  /** Comma-separated users of the htpasswd file that get the reader role. */
  readerUsers: string;
  /** Failed logins a source may make per minute before it gets 429. */
  failuresPerMinute: number;
  /** The realm of the WWW-Authenticate challenge. */
  realm: string;
}

/** The core API's authentication, from the [api] options. */
export function apiAuth(config: Config, log: Logger): RequestHandler {
  if (config.api.auth_strategy === 'noauth' && !isLoopback(config.api.host)) {
    log.warn(
      { host: config.api.host },
      `!!! The API listens on ${config.api.host} with auth_strategy=noauth: ANYONE who can reach this address can power, wipe and deploy your machines. Set api.auth_strategy=http_basic or bind to 127.0.0.1. !!!`,
    );
  }
  return requestAuth(
    {
      strategy: config.api.auth_strategy,
      htpasswdFile: config.api.htpasswd_file,
      htpasswdOption: 'api.htpasswd_file',
      readerUsers: config.api.reader_users,
      failuresPerMinute: config.api.login_failures_per_minute,
      realm: 'Baremetal API',
    },
    log,
  );
}

function readOnly(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

/**
 * The request's Basic credentials: its Authorization header or, on a WebSocket upgrade (browsers
 * cannot set headers there), the subprotocol `tyr.basic.<base64url(user:password)>`.
 */
function basicCredentials(req: Request): string | undefined {
  const header = req.header('authorization');
  if (header || req.header('upgrade')?.toLowerCase() !== 'websocket') return header;
  const offered = (req.header('sec-websocket-protocol') ?? '').split(',').map((p) => p.trim());
  const token = offered.find((p) => p.startsWith(BASIC_SUBPROTOCOL_PREFIX))?.slice(BASIC_SUBPROTOCOL_PREFIX.length);
  return token ? `Basic ${Buffer.from(token, 'base64url').toString('base64')}` : undefined;
}

/** Authenticates every request; sets res.locals.role ('admin' or 'reader') and res.locals.user (http_basic). */
export function requestAuth(settings: AuthSettings, log: Logger): RequestHandler {
  if (settings.strategy === 'noauth') {
    return (_req, res, next) => {
      res.locals.role = 'admin';
      next();
    };
  }
  const readers = new Set(
    settings.readerUsers
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean),
  );
  const htpasswd = Htpasswd.fromFile(settings.htpasswdFile, settings.htpasswdOption);
  const throttle = new LoginThrottle(settings.failuresPerMinute);
  const cache = new Map<string, { user: string; expires: number }>();
  const challenge = `Basic realm="${settings.realm}"`;

  async function verify(header: string | undefined, source: string): Promise<string> {
    const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
    if (!m) throw new NotAuthorized('Authentication required: send HTTP Basic credentials.');
    const key = createHash('sha256').update(m[1]!).digest('hex');
    const hit = cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.user;
    const wait = throttle.retryAfter(source);
    if (wait > 0) {
      throw Object.assign(new TooManyRequests(`Too many failed logins from ${source}: try again in ${wait} s.`), { retryAfter: wait });
    }
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    if (!(await htpasswd.verify(user, colon < 0 ? '' : decoded.slice(colon + 1)))) {
      throttle.fail(source);
      log.info({ source, user }, 'failed login');
      throw new NotAuthorized('Invalid credentials: unknown user or wrong password.');
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { user, expires: Date.now() + CACHE_MS });
    return user;
  }

  return async (req, res, next) => {
    try {
      const user = await verify(basicCredentials(req), sourceKey(req.socket.remoteAddress));
      const role: Role = readers.has(user) ? 'reader' : 'admin';
      res.locals.user = user;
      res.locals.role = role; // the console WebSocket attaches readers read-only
      if (role === 'reader' && !readOnly(req.method)) {
        throw new Forbidden(`User ${user} has the reader role and may only read (GET); ${req.method} ${req.path} needs an admin.`);
      }
      next();
    } catch (err) {
      // The console shows its own log-in form: a challenge would make the browser prompt instead.
      if (err instanceof NotAuthorized && !req.header(UI_REQUEST_HEADER)) res.setHeader('WWW-Authenticate', challenge);
      const retryAfter = (err as { retryAfter?: number }).retryAfter;
      if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
      next(err);
    }
  };
}

/** noauth for a service with no credentials of its own, e.g. the Nova shim on loopback. */
export const NOAUTH: AuthSettings = { strategy: 'noauth', htpasswdFile: '', readerUsers: '', failuresPerMinute: 10, realm: 'Tyr' };

/**
 * The Nova shim and os-baremetal-nodes, which have no compatibility to keep, refuse noauth
 * beyond loopback outright (the core only warns, as it always did).
 */
export function refuseNoauthBeyondLoopback(service: string, host: string, settings: AuthSettings): void {
  if (settings.strategy === 'noauth' && !isLoopback(host)) {
    throw new ConfigError(
      `${service} would listen on ${host} with --auth-strategy noauth, and anyone who can reach it could create and deploy nodes: ` +
        'use --auth-strategy http_basic --htpasswd-file <file>, or --host 127.0.0.1.',
    );
  }
}
