// A real pino logger whose lines are kept in memory, so tests can assert what was logged.
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export function captureLogger(): { log: Logger; lines: () => Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      cb();
    },
  });
  return { log: pino({ level: 'debug' }, sink), lines: () => lines };
}
