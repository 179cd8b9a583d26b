// The data directory and the SQLite database hold BMC passwords and agent tokens, so only Tyr's
// own user may read them: the directory is 0700, the database and its -wal/-shm 0600. Looser
// modes found at start-up (an older Tyr, a copied file, a umask of 0) are fixed, with a warning
// naming the path and the mode it had. SQLite creates -wal and -shm with the database's mode.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log.js';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
const SQLITE_COMPANIONS = ['-wal', '-shm', '-journal'];

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

function tighten(target: string, mode: number, log: Logger): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(target);
  } catch {
    return; // not there (yet)
  }
  if ((st.mode & 0o077) === 0) return;
  try {
    fs.chmodSync(target, mode);
  } catch (err) {
    throw new ConfigError(
      `${target} is readable by other users (mode ${octal(st.mode)}) and cannot be made ${octal(mode)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (fix its owner or permissions)`,
    );
  }
  log.warn(
    { path: target, old_mode: octal(st.mode), new_mode: octal(mode) },
    `${target} had mode ${octal(st.mode)}; set to ${octal(mode)} because it holds secrets`,
  );
}

/** A directory Tyr owns: created 0700 when missing (parents too), tightened when looser. */
export function privateDir(dir: string, log: Logger): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  } catch (err) {
    throw new ConfigError(
      `directory ${dir} is not writable: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (choose another --data-dir or --db, or fix its permissions)`,
    );
  }
  tighten(dir, DIR_MODE, log);
}

/** The SQLite file named by database.url, or undefined for PostgreSQL and :memory:. */
export function sqliteFile(url: string): string | undefined {
  if (!url.startsWith('sqlite:')) return undefined;
  const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
  return file && file !== ':memory:' ? path.resolve(file) : undefined;
}

/**
 * Before the database is opened: the data directory is private, and the SQLite file exists
 * with mode 0600 (created here, so SQLite never creates it with the umask's mode), as do the
 * -wal/-shm files left by the last run.
 */
export function securePrivateFiles(config: Config, log: Logger): void {
  privateDir(path.resolve(config.service.data_dir), log);
  const file = sqliteFile(config.database.url);
  if (!file) return;
  // A database elsewhere: its directory is created private, but an existing one (say /srv) is
  // left alone, since other programs may share it.
  if (!fs.existsSync(path.dirname(file))) privateDir(path.dirname(file), log);
  try {
    fs.closeSync(fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_RDWR, FILE_MODE));
  } catch (err) {
    throw new ConfigError(
      `cannot create SQLite database ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (choose another --db or --data-dir, or fix its permissions)`,
    );
  }
  for (const f of [file, ...SQLITE_COMPANIONS.map((s) => file + s)]) tighten(f, FILE_MODE, log);
}
