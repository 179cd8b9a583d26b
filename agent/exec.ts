// Runs a ramdisk tool with a timeout that kills it, never through a shell (arguments stay
// arguments). The one place the agent starts child processes.
import { execFile } from 'node:child_process';

export interface ExecResult {
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], timeoutMs = 30_000): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const detail = String(stderr).trim();
        reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}${detail ? `: ${detail}` : ''}`));
      } else {
        resolve({ stdout: String(stdout), stderr: String(stderr) });
      }
    });
  });
}

/** Like run(), but a missing tool or a failure yields null: for optional inventory sources. */
export async function tryRun(cmd: string, args: string[], timeoutMs = 30_000): Promise<string | null> {
  try {
    return (await run(cmd, args, timeoutMs)).stdout;
  } catch {
    return null;
  }
}
