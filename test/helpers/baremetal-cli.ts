// Debian's real `baremetal` CLI (python3-ironicclient) against a Tyr API, without auth. It runs
// asynchronously on purpose: tests often serve the API from their own event loop.
import { execFile } from 'node:child_process';
import { requireTool } from './tools.js';

export interface CliRun { code: number; stdout: string; stderr: string }

/** A runner for `baremetal <args>` against the URL `endpoint()` gives at call time. */
export function baremetalCli(endpoint: () => string): (...args: string[]) => Promise<CliRun> {
  return (...args) => new Promise<CliRun>((resolve) => {
    // Looked up per call, so that a missing CLI fails the test that needs it with the install hint.
    execFile(requireTool('baremetal', ['/usr/bin/baremetal']), ['--os-endpoint', endpoint(), '--os-auth-type', 'none', ...args],
      { timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}
