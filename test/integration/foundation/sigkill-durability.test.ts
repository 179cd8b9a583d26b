// Killing the server with SIGKILL during a burst of writes loses no committed row: every node
// whose create was answered 201 is there after a restart on the same database.
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killAllStarted, startTyrServer, type TyrProcess } from '../../helpers/tyr-process.js';
import { until } from '../../helpers/until.js';

async function createNode(client: TyrClient, i: number): Promise<string | undefined> {
  try {
    return (await client.nodes.create({ driver: 'fake-hardware', name: `burst-${i}`, properties: { cpus: i } })).uuid;
  } catch {
    return undefined; // refused, or in flight when the process died: never acknowledged, so not promised
  }
}

describe('durability across SIGKILL', function () {
  this.timeout(120_000);
  let dataDir: string;
  let server: TyrProcess | undefined;

  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-kill-'));
  });
  after(async () => {
    await server?.kill('SIGKILL');
    killAllStarted();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged node after kill -9 and restart', async () => {
    server = await startTyrServer(['--data-dir', dataDir], { TYR_LOG_LEVEL: 'warn' });
    const acknowledged: string[] = [];
    let next = 0;
    let killed = false;
    const client = new TyrClient({ url: server.url, apiVersion: 'latest' });
    const writer = async () => {
      while (!killed) {
        const uuid = await createNode(client, next++);
        if (uuid) acknowledged.push(uuid);
        else if (killed) return;
      }
    };
    const writers = Array.from({ length: 8 }, writer);
    await until('300 acknowledged creates', 60_000, () => acknowledged.length >= 300, { intervalMs: 5 });
    killed = true;
    await server.kill('SIGKILL');
    await Promise.all(writers);
    expect(server.proc.signalCode).to.equal('SIGKILL');

    server = await startTyrServer(['--data-dir', dataDir], { TYR_LOG_LEVEL: 'warn' });
    const found = new Set<string>();
    for await (const n of new TyrClient({ url: server.url, apiVersion: 'latest' }).nodes.list({ limit: 1000 })) found.add(n.uuid);
    const lost = acknowledged.filter((u) => !found.has(u));
    expect(lost, `${lost.length} of ${acknowledged.length} acknowledged nodes lost`).to.deep.equal([]);
    expect(found.size).to.be.at.least(acknowledged.length);
  });
});
