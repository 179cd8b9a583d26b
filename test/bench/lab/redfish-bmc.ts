// A lab node's Redfish BMC: tyr-redfish-sim in qemu mode, run as its own process (redfish-sim/
// cli.ts under tsx) so that it can outlive the lab CLI like ipmi_sim does. The password reaches it
// through the environment, never argv. Only the PID started here is ever signalled.
import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { processAlive, stopPid } from './pids.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(HERE, 'redfish-sim', 'cli.ts');
const TSX = path.resolve(HERE, '../../../node_modules/.bin/tsx');
/** What the lab looks for in a PID's command line before signalling it. */
export const REDFISH_SIM_MARK = 'redfish-sim/cli.ts';

export interface RedfishBmcOptions {
  /** The node directory (qemu.conf); the sim's cwd and log (redfish-sim.log) are there. */
  dir: string;
  certDir: string;
  detached?: boolean;
  readyTimeoutMs?: number;
}

export interface RedfishBmc {
  pid: number;
  port: number;
  url: string;
  caFile?: string;
  systemId: string;
  username: string;
  password: string;
  stop(): Promise<void>;
}

interface ReadyLine {
  url: string;
  caFile?: string;
  username: string;
  systemId: string;
}

async function readyLine(child: ChildProcess, log: string, timeoutMs: number): Promise<ReadyLine> {
  return new Promise((resolve, reject) => {
    let out = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`tyr-redfish-sim ${why}; see ${log}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(line) as ReadyLine);
        } catch {
          fail(`printed something else than its ready line: ${line.slice(0, 200)}`);
        }
      }
    });
    child.once('exit', (code) => fail(`exited (${code}) before it was ready`));
  });
}

export async function startRedfishBmc(opts: RedfishBmcOptions): Promise<RedfishBmc> {
  const password = crypto.randomBytes(12).toString('base64url');
  const log = path.join(opts.dir, 'redfish-sim.log');
  const logFd = fs.openSync(log, 'a');
  const child = spawn(TSX, [CLI, '--dir', opts.dir, '--cert-dir', opts.certDir], {
    cwd: opts.dir,
    stdio: ['ignore', 'pipe', logFd],
    detached: opts.detached ?? false,
    env: { ...process.env, TYR_REDFISH_SIM_PASSWORD: password },
  });
  fs.closeSync(logFd);
  let ready: ReadyLine;
  try {
    ready = await readyLine(child, log, opts.readyTimeoutMs ?? 30_000);
  } catch (err) {
    if (child.pid && processAlive(child.pid)) await stopPid(child.pid);
    throw err;
  }
  // Nothing more is read from its stdout; a detached sim must not die of a closed pipe later.
  child.stdout?.destroy();
  if (opts.detached) child.unref();
  const pid = child.pid!;
  return {
    pid,
    port: Number(new URL(ready.url).port),
    url: ready.url,
    caFile: ready.caFile,
    systemId: ready.systemId,
    username: ready.username,
    password,
    stop: () => stopPid(pid),
  };
}
