// A throw-away PostgreSQL server for the test run: its own data directory under the OS temp
// dir, on a free loopback port, started on first use and stopped when mocha finishes (see
// test/setup.ts). PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freeTcpPort } from './ports.js';
import { requireTool } from './tools.js';

interface Cluster {
  dir: string;
  port: number;
  bin: string;
}

let cluster: Cluster | undefined;
let databases = 0;

function pgBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (fs.existsSync(path.join(root, v, 'bin', 'initdb'))) return path.join(root, v, 'bin');
  return path.dirname(requireTool('initdb'));
}

function asOwner(bin: string, args: string[]): string[] {
  const isRoot = process.getuid?.() === 0;
  return isRoot ? ['runuser', '-u', 'postgres', '--', bin, ...args] : [bin, ...args];
}

function run(bin: string, args: string[]): string {
  const [cmd, ...rest] = asOwner(bin, args);
  return execFileSync(cmd!, rest, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function startCluster(): Promise<Cluster> {
  const bin = pgBinDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-pg-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  run(path.join(bin, 'initdb'), ['-D', dir, '-A', 'trust', '-U', 'tyr', '--no-sync', '-E', 'UTF8']);
  const port = await freeTcpPort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  run(path.join(bin, 'pg_ctl'), ['-D', dir, '-o', opts, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  return { dir, port, bin };
}

/** A fresh, empty database on the shared test cluster; returns its URL. */
export async function createPostgresDatabase(): Promise<string> {
  cluster ??= await startCluster();
  const name = `tyr_test_${process.pid}_${++databases}`;
  run(path.join(cluster.bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'tyr', name]);
  return `postgres://tyr@127.0.0.1:${cluster.port}/${name}`;
}

export function stopPostgres(): void {
  if (!cluster) return;
  const [cmd, ...rest] = asOwner(path.join(cluster.bin, 'pg_ctl'), ['-D', cluster.dir, '-m', 'immediate', '-w', 'stop']);
  spawnSync(cmd!, rest, { stdio: 'ignore' });
  fs.rmSync(cluster.dir, { recursive: true, force: true });
  cluster = undefined;
}
