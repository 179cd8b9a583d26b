// Runs Python test suites (Debian's /usr/bin/python3, which has python3-nova) for the mocha
// wrappers of the Nova suites, and turns unittest's output into a short, readable failure list.
import { execFile } from 'node:child_process';

/** Debian's interpreter: python3-nova, -placement and -ironicclient live in its dist-packages. */
export const PYTHON = '/usr/bin/python3';

export interface PythonRun {
  code: number;
  out: string;
}

export function runPython(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<PythonRun> {
  return new Promise((resolve) => {
    execFile(PYTHON, args, { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

/** Each failed test with the last lines of its traceback, long values (a config drive) cut short. */
export function unittestFailures(out: string): string {
  const blocks = out.split(/^={70}$/m).slice(1);
  return (
    blocks
      .map((b) => {
        const lines = b.trim().split('\n');
        const tail = lines
          .slice(1)
          .filter((l) => /^(?!testtools\.testresult)\S.*(Error|Exception)|^(reference|actual) +=/.test(l))
          .slice(-4);
        return [lines[0]!, ...tail].map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l)).join('\n  ');
      })
      .join('\n') || out.slice(-4000)
  );
}

/** The names of the tests `python -m unittest -v` ran from one module (`test_x (module.Class...)`). */
export function testsRan(out: string, module: string): string[] {
  const escaped = module.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...out.matchAll(new RegExp(`^(test_\\w+) \\(${escaped}\\.`, 'gm'))].map((m) => m[1]!);
}
