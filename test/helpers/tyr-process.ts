// Runs `tyr server` (or `tyr api` / `tyr conductor`) as a child process, the way an operator would, for tests that need a real
// process: start-up errors, SIGKILL and restart. Only the PIDs started here are ever killed.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeTcpPort } from './ports.js';
import { until } from './until.js';
import { tyrLauncher } from './tyr-launcher.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const started = new Set<ChildProcess>();

export interface TyrProcess extends TyrService {
  apiPort: number;
  url: string;
}

export interface ExitResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function spawnTyr(args: string[], env: NodeJS.ProcessEnv, launcher = tyrLauncher(env)): ChildProcess {
  const proc = spawn(process.execPath, [...launcher, ...args], {
    cwd: ROOT,
    env: { ...process.env, TYR_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(proc);
  proc.once('exit', () => started.delete(proc));
  return proc;
}

/** Runs `tyr <args>` to completion (for commands expected to exit). */
export function runTyr(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Promise<ExitResult> {
  return new Promise((resolve, reject) => {
    const proc = spawnTyr(args, env);
    let stdout = '';
    let stderr = '';
    proc.stdout!.on('data', (d) => (stdout += d));
    proc.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`tyr ${args.join(' ')} did not exit within ${timeoutMs} ms; output: ${stdout}${stderr}`));
    }, timeoutMs);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts `tyr server` on a free port and resolves once the API listens. */
export async function startTyrServer(args: string[] = [], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Promise<TyrProcess> {
  // A caller that must know the port up front (to build TYR_API_PUBLIC_URL) passes --api-port.
  const given = args.indexOf('--api-port');
  const apiPort = given >= 0 ? Number(args[given + 1]) : await freeTcpPort();
  // Boot servers on an ephemeral port and no TFTP unless the test asks: tests may run side by side.
  const bootDefaults = [
    ...(args.includes('--boot-http-port') ? [] : ['--boot-http-port', '0']),
    ...(args.includes('--tftp-port') ? [] : ['--tftp-port', '0']),
  ];
  const fullArgs = ['server', ...(given >= 0 ? [] : ['--api-port', String(apiPort)]), ...bootDefaults, ...args];
  return {
    ...(await startTyrService(fullArgs, env, `http://127.0.0.1:${apiPort}/`, { timeoutMs })),
    apiPort,
    url: `http://127.0.0.1:${apiPort}`,
  };
}

export interface TyrService {
  proc: ChildProcess;
  output(): string;
  /** Sends `signal` and resolves when the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface ServiceOptions {
  timeoutMs?: number;
  /** Node arguments before tyr's own (default: tyrLauncher(), dist/ when fresh). */
  launcher?: string[];
}

/** Starts a long-running `tyr <args>` and resolves once `readyUrl` answers 2xx. */
export async function startTyrService(
  args: string[],
  env: NodeJS.ProcessEnv,
  readyUrl: string,
  opts: ServiceOptions = {},
): Promise<TyrService> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const proc = spawnTyr(args, env, opts.launcher);
  let out = '';
  // Only the tail is kept: a long benchmark run logs far more than a failure message needs.
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 1 << 20) out = out.slice(-(1 << 19));
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  // Ready when the URL answers, whatever the log level.
  const exited = () => proc.exitCode !== null || proc.signalCode !== null;
  await until(
    `tyr ${args[0]} to be ready`,
    timeoutMs,
    async () => {
      if (exited()) throw new Error(`tyr ${args[0]} exited with ${proc.exitCode ?? proc.signalCode} before it was ready:\n${out}`);
      return fetch(readyUrl).then(
        (r) => r.ok,
        () => false,
      );
    },
    { diagnostics: () => out },
  ).catch((err: unknown) => {
    if (!exited()) proc.kill('SIGKILL');
    throw err;
  });
  return {
    proc,
    output: () => out,
    kill: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill(signal);
      }),
  };
}

/** Kills whatever this helper started and is still running (for after() hooks). */
export function killAllStarted(): void {
  for (const proc of started) proc.kill('SIGKILL');
}
