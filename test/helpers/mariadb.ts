// A throw-away MariaDB server for the test run (a nova baremetal database lived on MySQL): its own
// data directory under the OS temp dir, on a free loopback port, started on first use and
// stopped when mocha finishes (test/setup.ts). As root it runs as the `mysql` user.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { freeTcpPort } from './ports.js';
import { requireTool } from './tools.js';
import { until } from './until.js';

interface Server {
  dir: string;
  port: number;
  socket: string;
}

let server: Server | undefined;
let databases = 0;

const isRoot = () => process.getuid?.() === 0;
const asMysql = (bin: string, args: string[]): [string, string[]] =>
  isRoot() ? ['runuser', ['-u', 'mysql', '--', bin, ...args]] : [bin, args];

async function startServer(): Promise<Server> {
  const installDb = requireTool('mariadb-install-db');
  const mariadbd = requireTool('mariadbd', ['/usr/sbin/mariadbd']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-mariadb-'));
  if (isRoot()) execFileSync('chown', ['mysql:mysql', dir]);
  const data = path.join(dir, 'data');
  const [cmd, args] = asMysql(installDb, [
    '--no-defaults',
    `--datadir=${data}`,
    '--auth-root-authentication-method=socket',
    '--skip-test-db',
    '--skip-name-resolve',
  ]);
  execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await freeTcpPort();
  const socket = path.join(dir, 'mariadb.sock');
  const [dcmd, dargs] = asMysql(mariadbd, [
    '--no-defaults',
    `--datadir=${data}`,
    `--socket=${socket}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--pid-file=${path.join(dir, 'mariadb.pid')}`,
    '--skip-name-resolve',
    '--innodb-flush-log-at-trx-commit=0',
    `--log-error=${path.join(dir, 'error.log')}`,
  ]);
  const child = spawn(dcmd, dargs, { stdio: 'ignore', detached: false });
  child.unref();
  server = { dir, port, socket };
  await until(
    'mariadbd to accept connections',
    60_000,
    async () => {
      if (child.exitCode !== null) throw new Error(`mariadbd exited: ${fs.readFileSync(path.join(dir, 'error.log'), 'utf8').slice(-2000)}`);
      try {
        const c = await mysql.createConnection({ socketPath: socket, user: 'root' });
        await c.end();
        return true;
      } catch {
        return false;
      }
    },
    { intervalMs: 200 },
  );
  return server;
}

/**
 * A fresh database loaded with `script` (several statements), reachable as a password-protected
 * user over TCP on 127.0.0.1; returns its mysql:// URL.
 */
export async function createMariadbDatabase(script: string): Promise<string> {
  const s = server ?? (await startServer());
  const name = `nova_bm_${process.pid}_${++databases}`;
  const root = await mysql.createConnection({ socketPath: s.socket, user: 'root', multipleStatements: true });
  try {
    await root.query(
      `create database ${name}; create user if not exists 'nova'@'127.0.0.1' identified by 'nova-db-pass';` +
        ` grant all on ${name}.* to 'nova'@'127.0.0.1';`,
    );
    await root.query(`use ${name}; ${script}`);
  } finally {
    await root.end();
  }
  return `mysql://nova:nova-db-pass@127.0.0.1:${s.port}/${name}`;
}

export function stopMariadb(): void {
  if (!server) return;
  const pidFile = path.join(server.dir, 'mariadb.pid');
  const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').trim()) : undefined;
  if (pid) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        break;
      }
      spawnSync('sleep', ['0.1']);
    }
  }
  fs.rmSync(server.dir, { recursive: true, force: true });
  server = undefined;
}
