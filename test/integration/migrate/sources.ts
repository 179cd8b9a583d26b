// Test sources and targets for the migration: a nova baremetal SQLite file loaded from one of
// the fixture scripts, and a fresh Tyr database (SQLite) to migrate into.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { loadConfig } from '../../../core/config-load.js';
import type { Config } from '../../../core/config.js';
import { openDatabase } from '../../../core/db/connect.js';
import { Store } from '../../../core/db/store.js';
import type { MigrateOptions } from '../../../migrate/run.js';

export const VARIANTS = ['grizzly', 'havana', 'icehouse'] as const;
export type Variant = (typeof VARIANTS)[number];

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export const fixtureScript = (variant: Variant): string => fs.readFileSync(path.join(FIXTURES, `${variant}.sql`), 'utf8');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tyr-migrate-${prefix}-`));
}

/** A nova baremetal SQLite file holding `script`. */
export function sqliteSource(script: string, dir = tempDir('src')): string {
  const file = path.join(dir, 'nova_bm.sqlite');
  const db = new BetterSqlite3(file);
  db.exec(script);
  db.close();
  return file;
}

export interface Target {
  url: string;
  dir: string;
  config: Config;
  open(): Promise<Store>;
}

/** A fresh Tyr SQLite database (not yet created: the migration creates its schema). */
export function tyrTarget(): Target {
  const dir = tempDir('tyr');
  const url = `sqlite:${path.join(dir, 'tyr.sqlite')}`;
  const config = loadConfig({ env: {}, overrides: { database: { url }, service: { data_dir: dir } } });
  return { url, dir, config, open: async () => new Store(await openDatabase(url, { sqliteSynchronous: 'normal' })) };
}

export const OPTIONS: Omit<MigrateOptions, 'source'> = {
  nodeArch: 'x86_64',
  deployKernel: 'http://127.0.0.1/deploy.kernel',
  deployRamdisk: 'http://127.0.0.1/deploy.initramfs',
  dryRun: false,
  provide: true,
};

/** Every password the fixtures hold: none may ever be printed or reported. */
export const FIXTURE_PASSWORDS = [
  's3cret-one',
  's3cret-two',
  's3cret-three',
  's3cret-five',
  's3cret-eight',
  'ssh-pass',
  'gone',
  'nova-db-pass',
];

export const uuid = (n: number) => `a0000000-0000-4000-8000-00000000000${n}`;
export const instance = (n: number) => `1e000000-0000-4000-8000-00000000000${n}`;
