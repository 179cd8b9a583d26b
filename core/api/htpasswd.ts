// The users of an htpasswd file of bcrypt hashes, and the one check of a password against it.
// A user that does not exist is checked against a dummy hash of the file's highest cost, so a
// failed login costs the same bcrypt work either way and its timing does not tell an attacker
// which usernames exist.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import bcrypt from 'bcryptjs';
import { ConfigError } from '../errors.js';

const BCRYPT = /^\$2[aby]\$(\d\d)\$/;
/** bcrypt's own default, for a file with no users yet. */
const DEFAULT_COST = 10;

/** Reads `user:hash` lines; only bcrypt hashes ($2a$/$2b$/$2y$) are accepted. `option` names the setting in errors. */
export function readHtpasswd(path: string, option = 'htpasswd file'): Map<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read ${option} ${path}: ${(err as Error).message}`);
  }
  const users = new Map<string, string>();
  text.split('\n').forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const at = trimmed.indexOf(':');
    const hash = trimmed.slice(at + 1);
    if (at <= 0 || !BCRYPT.test(hash)) {
      throw new ConfigError(`${path} line ${i + 1}: expected user:<bcrypt hash> (create it with htpasswd -B)`);
    }
    users.set(trimmed.slice(0, at), hash);
  });
  return users;
}

export class Htpasswd {
  private readonly dummy: string;

  constructor(private readonly users: Map<string, string>) {
    const costs = [...users.values()].map((h) => Number(BCRYPT.exec(h)![1]));
    this.dummy = bcrypt.hashSync(randomBytes(16).toString('hex'), costs.length ? Math.max(...costs) : DEFAULT_COST);
  }

  static fromFile(path: string, option?: string): Htpasswd {
    return new Htpasswd(readHtpasswd(path, option));
  }

  /** Whether `password` is `user`'s; always runs one bcrypt comparison. */
  async verify(user: string, password: string): Promise<boolean> {
    const hash = this.users.get(user);
    const ok = await bcrypt.compare(password, hash ?? this.dummy);
    return ok && hash !== undefined;
  }
}
