// Debian's real `baremetal` CLI (python3-ironicclient) against a Tyr API, without auth. It runs
// asynchronously on purpose: tests often serve the API from their own event loop.
//
// Each command runs in a process forked from one warm Python (baremetal-forkserver.py), which calls
// the same ironicclient.shell.main as /usr/bin/baremetal with the same argv, environment and
// fresh state, but skips the ~2 s of interpreter start-up and imports per command.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { requireTool } from './tools.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const COMMAND_TIMEOUT_MS = 60_000;
const SERVER = fileURLToPath(new URL('./baremetal-forkserver.py', import.meta.url));

/** One warm Python that forks a `baremetal` run per request; answers come back by request id. */
class ForkServer {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, (run: CliRun) => void>();
  private nextId = 1;
  private buffered = '';
  private stderr = '';
  exited = false;

  constructor(tool: string) {
    // The interpreter /usr/bin/baremetal names on its #! line (not whichever python3 is first on PATH).
    const python = /^#!\s*(\S+)/.exec(fs.readFileSync(tool, 'utf8'))?.[1] ?? '/usr/bin/python3';
    this.proc = spawn(python, [SERVER], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } });
    this.proc.stdout.setEncoding('utf8').on('data', (chunk: string) => this.read(chunk));
    this.proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-4000)));
    this.proc.on('exit', (code, signal) => {
      this.exited = true;
      for (const done of this.pending.values())
        done({ code: 1, stdout: '', stderr: `baremetal fork server exited (${signal ?? code}): ${this.stderr}` });
      this.pending.clear();
    });
    // Never what keeps the test run alive.
    this.proc.unref();
    for (const s of [this.proc.stdin, this.proc.stdout, this.proc.stderr]) (s as unknown as { unref?: () => void }).unref?.();
  }

  run(argv: string[], env: Record<string, string>): Promise<CliRun> {
    const id = this.nextId++;
    return new Promise<CliRun>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ code: 1, stdout: '', stderr: `baremetal ${argv.join(' ')} did not finish within ${COMMAND_TIMEOUT_MS / 1000} s` });
      }, COMMAND_TIMEOUT_MS);
      this.pending.set(id, (run) => {
        clearTimeout(timer);
        resolve(run);
      });
      this.proc.stdin.write(JSON.stringify({ id, argv, env }) + '\n');
    });
  }

  stop(): void {
    if (!this.exited) this.proc.kill();
  }

  private read(chunk: string): void {
    this.buffered += chunk;
    for (let nl = this.buffered.indexOf('\n'); nl >= 0; nl = this.buffered.indexOf('\n')) {
      const answer = JSON.parse(this.buffered.slice(0, nl)) as CliRun & { id: number };
      this.buffered = this.buffered.slice(nl + 1);
      this.pending.get(answer.id)?.({ code: answer.code, stdout: answer.stdout, stderr: answer.stderr });
      this.pending.delete(answer.id);
    }
  }
}

let server: ForkServer | undefined;

/** Stops the fork server this process started, if any (mocha's root after-all hook). */
export function stopBaremetalCli(): void {
  server?.stop();
  server = undefined;
}

/** A runner for `baremetal <args>` against the URL `endpoint()` gives at call time. */
export function baremetalCli(endpoint: () => string): (...args: string[]) => Promise<CliRun> {
  return (...args) => {
    // Looked up per call, so that a missing CLI fails the test that needs it with the install hint.
    const tool = requireTool('baremetal', ['/usr/bin/baremetal']);
    if (!server || server.exited) server = new ForkServer(tool);
    return server.run(['--os-endpoint', endpoint(), '--os-auth-type', 'none', ...args], {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
    });
  };
}

/** `ok` runs `baremetal <args>` and throws with its output unless it exits 0; `json` adds `-f json` and parses. */
export function baremetalCliChecked(endpoint: () => string) {
  const bm = baremetalCli(endpoint);
  const ok = async (...args: string[]): Promise<string> => {
    const r = await bm(...args);
    if (r.code !== 0) throw new Error(`baremetal ${args.join(' ')} exited ${r.code}: ${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  const json = async (...args: string[]): Promise<any> => JSON.parse(await ok(...args, '-f', 'json'));
  return { bm, ok, json };
}
