// Tyr's TFTP server with real clients: curl's TFTP client and the `tftp` package's client.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import tftp from 'tftp';
import { startTftpServer, type RunningTftp } from '../../../core/boot/tftp-server.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { freeUdpPort } from '../../helpers/ports.js';
import { requireTool } from '../../helpers/tools.js';

const run = promisify(execFile);

describe('TFTP server', function () {
  this.timeout(30_000);
  let root: string;
  let outside: string;
  let server: RunningTftp;
  let logs: ReturnType<typeof captureLogger>;
  let curl: string;
  const payload = crypto.randomBytes(300_000);
  const served: string[] = [];

  before(async () => {
    curl = requireTool('curl');
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-tftp-'));
    root = path.join(base, 'root');
    outside = path.join(base, 'secret.txt');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'undionly.kpxe'), payload);
    fs.writeFileSync(outside, 'not for PXE clients');
    fs.symlinkSync(outside, path.join(root, 'escape.kpxe'));
    logs = captureLogger();
    server = (await startTftpServer({
      root,
      host: '127.0.0.1',
      port: await freeUdpPort(),
      log: logs.log,
      onRead: (client, file) => served.push(`${client} ${file}`),
    }))!;
    expect(server).to.not.equal(undefined);
  });
  after(async () => {
    await server?.close();
    fs.rmSync(path.dirname(root), { recursive: true, force: true });
  });

  const url = (p: string) => `tftp://127.0.0.1:${server.port}/${p}`;
  const refusals = () => logs.lines().filter((l) => /refused/.test(String(l.msg)));

  it('serves a file byte for byte to curl, with a negotiated block size', async () => {
    const { stdout } = await run(curl, ['-s', '--tftp-blksize', '1428', url('undionly.kpxe')], { encoding: 'buffer', maxBuffer: 10e6 });
    expect(Buffer.compare(stdout, payload)).to.equal(0);
  });

  it('serves a file to a client that negotiates windowsize and tsize', async () => {
    const local = path.join(path.dirname(root), 'fetched');
    const client = tftp.createClient({ host: '127.0.0.1', port: server.port, windowSize: 8, blockSize: 1024 });
    await new Promise<void>((resolve, reject) => client.get('undionly.kpxe', local, (err) => (err ? reject(err) : resolve())));
    expect(Buffer.compare(fs.readFileSync(local), payload)).to.equal(0);
  });

  it('reports each served read to its onRead hook, and no refusal', () => {
    expect(served.length).to.be.at.least(2);
    expect(new Set(served)).to.deep.equal(new Set(['127.0.0.1 undionly.kpxe']));
  });

  it('refuses "../" traversal and logs it', async () => {
    const before = refusals().length;
    const r = await run(curl, ['-s', '--path-as-is', url('../secret.txt')]).catch((e) => e);
    expect(r.code, 'curl must fail').to.be.a('number').and.not.equal(0);
    expect(String(r.stdout)).to.not.contain('not for PXE');
    expect(refusals().length).to.be.greaterThan(before);
  });

  it('refuses absolute paths', async () => {
    const r = await run(curl, ['-s', `tftp://127.0.0.1:${server.port}//${outside.slice(1)}`]).catch((e) => e);
    expect(r.code).to.be.a('number').and.not.equal(0);
    expect(refusals().at(-1)).to.include({ reason: 'absolute path' });
  });

  it('refuses a symlink that points outside the root', async () => {
    const r = await run(curl, ['-s', url('escape.kpxe')]).catch((e) => e);
    expect(r.code).to.be.a('number').and.not.equal(0);
    expect(refusals().at(-1)).to.include({ reason: 'resolves outside the root (symlink)', file: 'escape.kpxe' });
  });

  it('answers a read whose stat fails with an error, and keeps serving', async () => {
    // Failed before the fix: the rejected stat was unhandled and could end the process.
    fs.writeFileSync(path.join(root, 'flaky.kpxe'), 'x');
    const realStat = fsp.stat;
    fsp.stat = (async (p: Parameters<typeof fsp.stat>[0], o?: Parameters<typeof fsp.stat>[1]) => {
      if (String(p).endsWith('flaky.kpxe')) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
      return realStat(p, o);
    }) as typeof fsp.stat;
    try {
      const r = await run(curl, ['-s', url('flaky.kpxe')]).catch((e) => e);
      expect(r.code, 'curl must fail').to.be.a('number').and.not.equal(0);
    } finally {
      fsp.stat = realStat;
    }
    expect(logs.lines().some((l) => l.msg === 'TFTP read failed' && l.file === 'flaky.kpxe')).to.equal(true);
    const { stdout } = await run(curl, ['-s', url('undionly.kpxe')], { encoding: 'buffer', maxBuffer: 10e6 });
    expect(Buffer.compare(stdout, payload)).to.equal(0);
  });

  it('refuses writes and creates no file', async () => {
    const local = path.join(path.dirname(root), 'upload.bin');
    fs.writeFileSync(local, 'evil');
    const client = tftp.createClient({ host: '127.0.0.1', port: server.port });
    const err = await new Promise<Error | undefined>((resolve) => client.put(local, 'evil.kpxe', resolve));
    expect(err, 'the put must fail').to.be.instanceOf(Error);
    expect(fs.existsSync(path.join(root, 'evil.kpxe'))).to.equal(false);
    expect(logs.lines().some((l) => String(l.msg).includes('TFTP write refused'))).to.equal(true);
  });

  it('carries on without TFTP, with one warning, when the port cannot be bound', async () => {
    const second = captureLogger();
    const result = await startTftpServer({ root, host: '127.0.0.1', port: server.port, log: second.log });
    expect(result).to.equal(undefined);
    const warnings = second.lines().filter((l) => l.level === 40);
    expect(warnings).to.have.length(1);
    expect(String(warnings[0]!.msg)).to.match(/TFTP disabled: UDP port \d+ is in use.*--tftp-port.*HTTP boot still works/);
  });
});
