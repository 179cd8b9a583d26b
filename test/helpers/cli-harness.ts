// Starts Tyr in-process on a free port with a throw-away data directory, and runs the real
// `tyr` CLI as a child process against it. The child runs asynchronously: the server lives in
// this process's event loop, so a synchronous exec would deadlock.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../core/config-load.js';
import { startServer, type RunningServer } from '../../core/server.js';
import { tyrLauncher } from './tyr-launcher.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliHarness {
  server: RunningServer;
  url: string;
  tyr(...args: string[]): Promise<CliResult>;
  /** The CLI with extra environment variables (credentials). */
  tyrWith(env: Record<string, string>, ...args: string[]): Promise<CliResult>;
  /** The CLI started by other Node arguments than tyrLauncher()'s (the bundle: [dist/cli/tyr.mjs]). */
  tyrFrom(launcher: string[], ...args: string[]): Promise<CliResult>;
  stop(): Promise<void>;
}

/** `api` adds API options (authentication). */
export async function startTyr(api: Record<string, unknown> = {}): Promise<CliHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-cli-'));
  const config = loadConfig({
    env: {},
    overrides: {
      api: { port: 0, host: '127.0.0.1', ...api },
      service: { data_dir: dataDir, log_level: 'warn' },
      boot: { http_port: 0, tftp_port: 0 },
    },
  });
  const server = await startServer(config);
  const url = `http://127.0.0.1:${server.apiPort}`;
  const run = (launcher: string[], extra: Record<string, string>, args: string[]) =>
    new Promise<CliResult>((resolve) => {
      // A clean environment: only what the CLI should read, so the test does not depend on the
      // caller's TYR_* variables.
      const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TYR_URL: url, ...extra };
      execFile(process.execPath, [...launcher, ...args], { cwd: ROOT, env, timeout: 120_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });
  const tyrWith = (extra: Record<string, string>, ...args: string[]) => run(tyrLauncher(), extra, args);
  const tyrFrom = (launcher: string[], ...args: string[]) => run(launcher, {}, args);
  const tyr = (...args: string[]) => tyrWith({}, ...args);
  return {
    server,
    url,
    tyr,
    tyrWith,
    tyrFrom,
    async stop() {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Fails with the CLI's own output when a command did not succeed. */
export function ok(r: CliResult): string {
  if (r.code !== 0) throw new Error(`tyr exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}
