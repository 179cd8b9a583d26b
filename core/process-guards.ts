// What a process does with an error nobody caught. Policy: report it once, wait for the log to
// flush, exit non-zero. A service that carries on after an unhandled rejection runs with unknown
// state; exiting lets the supervisor (systemd, Kubernetes) restart it clean. The CLI prints the
// error instead of a stack trace. This file imports nothing at run time so the agent can use it.
import type { Logger } from 'pino';

export type FatalEvent = 'unhandledRejection' | 'uncaughtException';

export interface FatalReporter {
  /** Writes one line about the error. */
  report(event: FatalEvent, err: unknown): void;
  /** Calls `done` once buffered output is written; the exit waits at most FLUSH_LIMIT_MS for it. */
  flush?(done: () => void): void;
}

interface GuardedProcess {
  on(event: FatalEvent, listener: (err: unknown) => void): unknown;
  off(event: FatalEvent, listener: (err: unknown) => void): unknown;
  exit(code: number): void;
}

export const FATAL_EXIT_CODE = 1;
export const FLUSH_LIMIT_MS = 2000;

/** Installs the handlers; returns a function that removes them (for tests). */
export function installProcessGuards(reporter: FatalReporter, proc: GuardedProcess = process): () => void {
  let exiting = false;
  const handle = (event: FatalEvent) => (err: unknown) => {
    reporter.report(event, err);
    // A second error while flushing is reported too, but the first one already decided the exit.
    if (exiting) return;
    exiting = true;
    let exited = false;
    const exit = (): void => {
      if (exited) return;
      exited = true;
      clearTimeout(timer);
      proc.exit(FATAL_EXIT_CODE);
    };
    const timer = setTimeout(exit, FLUSH_LIMIT_MS);
    if (reporter.flush) reporter.flush(exit);
    else exit();
  };
  const onRejection = handle('unhandledRejection');
  const onException = handle('uncaughtException');
  proc.on('unhandledRejection', onRejection);
  proc.on('uncaughtException', onException);
  return () => {
    proc.off('unhandledRejection', onRejection);
    proc.off('uncaughtException', onException);
  };
}

/** Services: one structured fatal line with the error, then pino's flush. */
export function loggerReporter(logger: Logger): FatalReporter {
  return {
    report: (event, err) => logger.fatal({ err, event }, `${event}: exiting so that the supervisor restarts the service`),
    flush: (done) => logger.flush(() => done()),
  };
}

/** Commands and the agent: one plain line on a writer (stderr by default). */
export function lineReporter(prefix: string, write: (line: string) => void = (line) => process.stderr.write(line)): FatalReporter {
  return {
    report: (event, err) => {
      const message = err instanceof Error ? err.message : String(err);
      write(`${prefix}: ${message} (${event})\n`);
    },
  };
}
