// kill -9 of `tyr server` while a node is deploying, then a restart: the node must end in
// "deploy failed" with a last_error naming the restart, and hold no reservation. Real process,
// real SQLite file, real HTTP API; fake hardware with a long artificial delay keeps the node in
// "deploying" long enough to kill the server there.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { tyrLauncher } from '../../helpers/tyr-launcher.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const HOST = 'restart-test-conductor';

interface Server {
  proc: ChildProcess;
  url: string;
}

function startServer(dataDir: string): Promise<Server> {
  const proc = spawn(process.execPath, [...tyrLauncher(), 'server'], {
    cwd: ROOT,
    env: {
      ...process.env,
      TYR_DATA_DIR: dataDir,
      TYR_DATABASE_URL: `sqlite:${path.join(dataDir, 'tyr.sqlite')}`,
      TYR_SERVICE_HOST: HOST,
      TYR_API_PORT: '0',
      TYR_BOOT_HTTP_PORT: '0',
      TYR_BOOT_TFTP_PORT: '0',
      TYR_CONDUCTOR_FAKE_ACTION_DELAY_MS: '600000',
      TYR_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s:\n${out}`)), 20000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /"port":(\d+)[^\n]*Tyr API listening/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: `http://127.0.0.1:${m[1]}` });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

function killHard(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

describe('conductor restart after kill -9 (integration)', function () {
  this.timeout(60000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-restart-'));
  const started: ChildProcess[] = [];

  after(async () => {
    for (const p of started) await killHard(p);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a node caught deploying ends in "deploy failed" with a clear last_error and no reservation', async () => {
    const first = await startServer(dataDir);
    started.push(first.proc);
    // API 1.10 still creates nodes as "available", which saves a slow (delayed) provide.
    const created = await new TyrClient({ url: first.url, apiVersion: '1.10' }).nodes.create({ driver: 'fake-hardware', name: 'victim' });
    expect(created.provision_state).to.equal('available');
    const uuid = created.uuid;

    const before = new TyrClient({ url: first.url, apiVersion: 'latest' });
    await before.nodes.setProvisionState(uuid, 'active');
    expect(await before.nodes.get(uuid)).to.include({ provision_state: 'deploying', target_provision_state: 'active', reservation: HOST });

    await killHard(first.proc);

    const second = await startServer(dataDir);
    started.push(second.proc);
    const after = new TyrClient({ url: second.url, apiVersion: 'latest' });
    const node = await after.nodes.get(uuid);
    expect(node).to.include({ provision_state: 'deploy failed', reservation: null });
    expect(node.last_error).to.equal(
      `Conductor ${HOST} restarted while the node was deploying; the operation was aborted. Retry the deploy.`,
    );

    // The node is usable again: the lock is really gone (a refusal would throw).
    await after.nodes.setProvisionState(uuid, 'deleted');
  });
});
