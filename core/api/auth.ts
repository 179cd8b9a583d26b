// API authentication: `noauth` (everyone is admin; meant for loopback) or `http_basic` against an
// htpasswd file of bcrypt hashes. Users listed in api.reader_users may only read (GET/HEAD).
// bcrypt costs tens of milliseconds per check, so verified credentials are cached briefly.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import bcrypt from 'bcryptjs';
import type { RequestHandler } from 'express';
import type { Config } from '../config.js';
import { ConfigError, Forbidden, NotAuthorized } from '../errors.js';
import type { Logger } from '../log.js';

export type Role = 'admin' | 'reader';
const CACHE_MS = 60_000;
const REALM = 'Basic realm="Baremetal API"';
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** Reads `user:hash` lines; only bcrypt hashes ($2a$/$2b$/$2y$) are accepted. */
export function readHtpasswd(path: string): Map<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read api.htpasswd_file ${path}: ${(err as Error).message}`);
  }
  const users = new Map<string, string>();
  text.split('\n').forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const at = trimmed.indexOf(':');
    const hash = trimmed.slice(at + 1);
    if (at <= 0 || !/^\$2[aby]\$\d\d\$/.test(hash)) {
      throw new ConfigError(`${path} line ${i + 1}: expected user:<bcrypt hash> (create it with htpasswd -B)`);
    }
    users.set(trimmed.slice(0, at), hash);
  });
  return users;
}

function readOnly(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

export function apiAuth(config: Config, log: Logger): RequestHandler {
  const readers = new Set(config.api.reader_users.split(',').map((u) => u.trim()).filter(Boolean));
  if (config.api.auth_strategy === 'noauth') {
    if (!LOOPBACK.test(config.api.host)) {
      log.warn({ host: config.api.host }, `!!! The API listens on ${config.api.host} with auth_strategy=noauth: ANYONE who can reach this address can power, wipe and deploy your machines. Set api.auth_strategy=http_basic or bind to 127.0.0.1. !!!`);
    }
    return (_req, _res, next) => next();
  }
  const users = readHtpasswd(config.api.htpasswd_file);
  const cache = new Map<string, { user: string; expires: number }>();

  async function verify(header: string | undefined): Promise<string> {
    const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
    if (!m) throw new NotAuthorized('Authentication required: send HTTP Basic credentials.');
    const key = createHash('sha256').update(m[1]).digest('hex');
    const hit = cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.user;
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = decoded.slice(0, colon);
    const hash = users.get(user);
    if (colon < 0 || !hash || !(await bcrypt.compare(decoded.slice(colon + 1), hash))) {
      throw new NotAuthorized('Invalid credentials: unknown user or wrong password.');
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { user, expires: Date.now() + CACHE_MS });
    return user;
  }

  return async (req, res, next) => {
    try {
      const user = await verify(req.header('authorization'));
      const role: Role = readers.has(user) ? 'reader' : 'admin';
      res.locals.role = role; // the console WebSocket attaches readers read-only
      if (role === 'reader' && !readOnly(req.method)) {
        throw new Forbidden(`User ${user} has the reader role and may only read (GET); ${req.method} ${req.path} needs an admin.`);
      }
      next();
    } catch (err) {
      if (err instanceof NotAuthorized) res.setHeader('WWW-Authenticate', REALM);
      next(err);
    }
  };
}
