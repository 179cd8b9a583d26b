// The exit policy for errors nobody caught: report once, flush, exit 1.
import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { FATAL_EXIT_CODE, installProcessGuards, lineReporter, loggerReporter, type FatalReporter } from '../../../core/process-guards.js';

/** A stand-in for `process`: emitting on it is safe, and exit only records the code. */
function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  return { emitter, exits, proc: Object.assign(emitter, { exit: (code: number) => void exits.push(code) }) };
}

describe('process guards', () => {
  it('reports an unhandled rejection and exits non-zero after the flush', () => {
    const { proc, exits } = fakeProcess();
    const seen: string[] = [];
    let flushed: (() => void) | undefined;
    const reporter: FatalReporter = {
      report: (event, err) => seen.push(`${event} ${(err as Error).message}`),
      flush: (done) => (flushed = done),
    };
    const remove = installProcessGuards(reporter, proc);
    proc.emit('unhandledRejection', new Error('db gone'));
    expect(seen).to.deep.equal(['unhandledRejection db gone']);
    expect(exits, 'waits for the flush').to.deep.equal([]);
    flushed!();
    expect(exits).to.deep.equal([FATAL_EXIT_CODE]);
    remove();
  });

  it('reports an uncaught exception, and a second error without a second exit', () => {
    const { proc, exits } = fakeProcess();
    const seen: string[] = [];
    const remove = installProcessGuards({ report: (event) => seen.push(event) }, proc);
    proc.emit('uncaughtException', new TypeError('x is undefined'));
    proc.emit('unhandledRejection', 'late');
    expect(seen).to.deep.equal(['uncaughtException', 'unhandledRejection']);
    expect(exits).to.deep.equal([FATAL_EXIT_CODE]);
    remove();
    expect(proc.listenerCount('uncaughtException')).to.equal(0);
    expect(proc.listenerCount('unhandledRejection')).to.equal(0);
  });

  it('logs one structured fatal line with the error for services', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write: (chunk: Buffer, _enc, cb) => (lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), cb()),
    });
    const { proc, exits } = fakeProcess();
    const remove = installProcessGuards(loggerReporter(pino(sink)), proc);
    proc.emit('unhandledRejection', new Error('socket hang up'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include({ level: 60, event: 'unhandledRejection' });
    expect((lines[0]!.err as { message: string }).message).to.equal('socket hang up');
    expect(exits).to.deep.equal([FATAL_EXIT_CODE]);
    remove();
  });

  it('prints one plain line for commands', () => {
    const written: string[] = [];
    lineReporter('tyr', (line) => written.push(line)).report('unhandledRejection', new Error('connection refused'));
    expect(written).to.deep.equal(['tyr: connection refused (unhandledRejection)\n']);
  });
});
