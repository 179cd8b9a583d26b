// Killing the server with SIGKILL during a burst of writes loses no committed row: every node
// whose create was answered 201 is there after a restart on the same database.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killAllStarted, startTyrServer, type TyrProcess } from '../../helpers/tyr-process.js';
import { until } from '../../helpers/until.js';

async function createNode(url: string, i: number): Promise<string | undefined> {
  try {
    const res = await fetch(`${url}/v1/nodes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-OpenStack-Ironic-API-Version': 'latest' },
      body: JSON.stringify({ driver: 'fake-hardware', name: `burst-${i}`, properties: { cpus: i } }),
    });
    if (res.status !== 201) return undefined;
    return ((await res.json()) as { uuid: string }).uuid;
  } catch {
    return undefined; // in flight when the process died: never acknowledged, so not promised
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
    const writer = async () => {
      while (!killed) {
        const uuid = await createNode(server!.url, next++);
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
    let url: string | undefined = `${server.url}/v1/nodes?limit=1000`;
    while (url) {
      const res = await fetch(url, { headers: { 'X-OpenStack-Ironic-API-Version': 'latest' } });
      expect(res.status).to.equal(200);
      const body = (await res.json()) as { nodes: { uuid: string }[]; next?: string };
      for (const n of body.nodes) found.add(n.uuid);
      url = body.next;
    }
    const lost = acknowledged.filter((u) => !found.has(u));
    expect(lost, `${lost.length} of ${acknowledged.length} acknowledged nodes lost`).to.deep.equal([]);
    expect(found.size).to.be.at.least(acknowledged.length);
  });
});
