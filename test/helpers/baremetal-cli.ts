// Debian's real `baremetal` CLI (python3-ironicclient) against a Tyr API, without auth. It runs
// asynchronously on purpose: tests often serve the API from their own event loop.
import { execFile } from 'node:child_process';
import { requireTool } from './tools.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A runner for `baremetal <args>` against the URL `endpoint()` gives at call time. */
export function baremetalCli(endpoint: () => string): (...args: string[]) => Promise<CliRun> {
  return (...args) =>
    new Promise<CliRun>((resolve) => {
      // Looked up per call, so that a missing CLI fails the test that needs it with the install hint.
      execFile(
        requireTool('baremetal', ['/usr/bin/baremetal']),
        ['--os-endpoint', endpoint(), '--os-auth-type', 'none', ...args],
        { timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } },
        (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });
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
