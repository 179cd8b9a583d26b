// The console supervisor with a stand-in console program: a small Node script instead of
// `ipmitool sol activate` (no BMC exists in a unit test). It is a real child process, so the
// restart, process-group kill, TCP port and writer/viewer rules are exercised for real.
import { expect } from 'chai';
import net from 'node:net';
import { createLogger } from '../../../core/log.js';
import { ConsoleSupervisor } from '../../../core/console/supervisor.js';
import type { ConsoleProgram } from '../../../core/console/supervised-child.js';
import type { ConsoleClient } from '../../../core/console/fanout.js';
import { freeTcpPort } from '../../helpers/ports.js';
import { sleep, until } from '../../helpers/until.js';

const log = createLogger('info', { write: () => undefined });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// Echoes input upper-cased, prints a banner; with EXIT_AFTER it exits after that many ms. It also
// starts a grandchild (sleep) in its process group, to prove that stop() reaches the whole group.
const SCRIPT = `
const { spawn } = require('node:child_process');
const g = spawn('sleep', ['300'], { stdio: 'ignore' });
process.stdout.write('banner ' + process.pid + ' ' + g.pid + '\\n');
process.stdin.on('data', (d) => process.stdout.write(d.toString().toUpperCase()));
if (process.env.EXIT_AFTER) setTimeout(() => process.exit(3), Number(process.env.EXIT_AFTER));
`;

function program(env: Record<string, string> = {}, counters = { prepared: 0, cleaned: 0 }): ConsoleProgram & { counters: typeof counters } {
  return {
    counters,
    async prepare() {
      counters.prepared++;
      return {
        command: { file: process.execPath, args: ['-e', SCRIPT], env: { ...process.env, ...env } },
        cleanup: async () => {
          counters.cleaned++;
        },
      };
    },
  };
}

function collector(): ConsoleClient & { out: string; notices: { message: string; writer?: boolean }[]; closed?: [string, boolean] } {
  const c = {
    out: '',
    notices: [] as { message: string; writer?: boolean }[],
    closed: undefined as [string, boolean] | undefined,
    send(d: Buffer) {
      c.out += d.toString();
    },
    notice(message: string, writer?: boolean) {
      c.notices.push({ message, writer });
    },
    close(reason: string, final: boolean) {
      c.closed = [reason, final];
    },
  };
  return c;
}

describe('console supervisor', function () {
  this.timeout(30_000);
  let sup: ConsoleSupervisor;
  let first: number;
  beforeEach(async () => {
    first = await freeTcpPort();
    sup = new ConsoleSupervisor(
      { console: { port_range: `${first}:${first + 1}`, host: '127.0.0.1', public_host: '', replay_bytes: 1024 } },
      { log, backoff: { initialMs: 100, maxMs: 400, stableMs: 10_000 } },
    );
  });
  afterEach(async () => sup.stopAll());

  it('runs the program, replays its output, lets only the first client write, and kills its process group on stop', async () => {
    const prog = program();
    const { port } = await sup.start('node-a', prog);
    expect(sup.info('node-a')).to.deep.equal({ type: 'socat', url: `tcp://127.0.0.1:${port}` });
    await until('program start', 5000, () => sup.pid('node-a') !== undefined);
    const writer = collector();
    await until('banner', 5000, () => {
      const c = collector();
      sup.attach('node-a', c).detach();
      return c.out.includes('banner');
    });
    const w = sup.attach('node-a', writer);
    const viewer = collector();
    const v = sup.attach('node-a', viewer);
    expect(w.writer).to.equal(true);
    expect(v.writer).to.equal(false);
    expect(writer.out).to.match(/^banner \d+ \d+\n/); // the replay
    expect(viewer.notices[0]).to.deep.include({ writer: false });
    expect(viewer.notices[0]!.message).to.match(/read-only/);
    w.input(Buffer.from('hello\n'));
    v.input(Buffer.from('ignored\n'));
    await until('echo', 5000, () => writer.out.includes('HELLO'));
    // The program echoes in order: once the writer's next line is back, the viewer's would be too.
    w.input(Buffer.from('after\n'));
    await until('echo of the next line', 5000, () => viewer.out.includes('AFTER'));
    expect(viewer.out).to.include('HELLO').and.not.include('IGNORED');
    expect(viewer.notices.map((n) => n.message).join()).to.match(/input ignored/);

    const [, pid, grandchild] = /banner (\d+) (\d+)/.exec(writer.out)!.map(Number);
    expect(alive(pid!) && alive(grandchild!)).to.equal(true);
    await sup.stop('node-a');
    expect(writer.closed).to.deep.equal(['console disabled', true]);
    await until('group gone', 5000, () => !alive(pid!) && !alive(grandchild!));
    expect(prog.counters.cleaned).to.equal(prog.counters.prepared);
    expect(sup.info('node-a')).to.equal(undefined);
    expect(() => sup.attach('node-a', collector())).to.throw(/no console session/);
  });

  it('restarts a program that exits, with backoff, and tells attached clients', async () => {
    const prog = program({ EXIT_AFTER: '150' });
    await sup.start('node-b', prog);
    const c = collector();
    sup.attach('node-b', c);
    await until('three runs', 10_000, () => prog.counters.prepared >= 3);
    expect(c.notices.map((n) => n.message).join('\n'))
      .to.match(/console program exited \(3\); restarting in 0\.1 s/)
      .and.match(/restarting in 0\.2 s/);
    await sup.stop('node-b');
    const after = prog.counters.prepared;
    await sleep(600); // longer than the next backoff (0.4 s): a restart would have happened by now
    expect(prog.counters.prepared, 'no restart after stop').to.equal(after);
  });

  it('serves the console on its TCP port, and answers 503 when the range is used up', async () => {
    const { port } = await sup.start('n1', program());
    await sup.start('n2', program());
    let err: (Error & { status?: number }) | undefined;
    try {
      await sup.start('n3', program());
    } catch (e) {
      err = e as Error;
    }
    expect(err?.status).to.equal(503);
    expect(err?.message).to.match(/console\.port_range/);

    const sock = net.connect(port, '127.0.0.1');
    let got = '';
    sock.on('data', (d) => {
      got += d.toString();
    });
    await until('banner over TCP', 5000, () => got.includes('banner'));
    expect(got).to.match(/attached with write access/);
    sock.write('tcp in\n');
    await until('echo over TCP', 5000, () => got.includes('TCP IN'));
    const closed = new Promise((r) => sock.on('close', r));
    await sup.stop('n1');
    await closed;
    expect(got).to.include('console disabled');
    await sup.start('n3', program()); // n1's port is free again
    sock.destroy();
  });

  it('skips a port of the range that another program holds', async () => {
    const squatter = net.createServer().listen(first, '127.0.0.1');
    await new Promise((r) => squatter.once('listening', r));
    try {
      const { port } = await sup.start('n1', program());
      expect(port).to.equal(first + 1);
    } finally {
      squatter.close();
    }
  });
});
