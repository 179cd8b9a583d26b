// GET /ui/api/stream on a real Tyr: hello first, a created, changed and deleted node arrive as
// events (also a deletion made behind the API's back, found by polling), the subscriber limit
// answers 503 and a disconnect frees its place, and stopping Tyr ends open streams; keep-alive
// comments while nothing changes.
import { expect } from 'chai';
import express from 'express';
import { once } from 'node:events';
import type http from 'node:http';
import type { Store } from '../../../core/db/store.js';
import { closeServer } from '../../../core/listen.js';
import { NodeEventBus } from '../../../core/web/node-events.js';
import { NodeStream } from '../../../core/web/stream.js';
import { freshStore } from '../../helpers/databases.js';
import { testLogger } from '../../helpers/test-logger.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { openSse, type SseClient } from '../../helpers/sse.js';
import { until } from '../../helpers/until.js';

const V = { version: 'latest' };

describe('console change stream (/ui/api/stream)', function () {
  this.timeout(60_000);
  let api: ApiHarness | undefined;
  let client: SseClient;
  const url = () => `${api!.url}/ui/api/stream`;
  const eventFor = (event: string, match: (data: any) => boolean) => () => client.events.find((e) => e.event === event && match(e.data));

  before(async () => {
    api = await startApi({ api: { ui_stream_max_clients: 1 } });
  });
  after(async () => {
    client?.close();
    await api?.stop();
  });

  it('sends hello, then created, changed and deleted nodes within seconds', async () => {
    client = await openSse(url());
    expect(client.status).to.equal(200);
    await until('hello', 5_000, () => client.events[0]?.event === 'hello');
    expect(Number.isNaN(Date.parse(client.events[0]!.data.at))).to.equal(false);

    const created = await api!.call('POST', '/v1/nodes', { driver: 'fake-hardware', name: 'live-1' }, V);
    expect(created.status).to.equal(201);
    const uuid = created.body.uuid as string;
    await until(
      'the new node',
      10_000,
      eventFor('node', (d) => d.uuid === uuid && d.name === 'live-1'),
    );

    expect((await api!.call('PATCH', `/v1/nodes/${uuid}`, [{ op: 'add', path: '/owner', value: 'team-live' }], V)).status).to.equal(200);
    const changed = await until(
      'the change',
      10_000,
      eventFor('node', (d) => d.uuid === uuid && d.owner === 'team-live'),
    );
    expect(changed.data).to.include({ provision_state: 'enroll', driver: 'fake-hardware' });
    expect(changed.data).to.not.have.property('driver_info');
    // Timestamps written as the API's JSON writes them.
    expect(changed.data.updated_at).to.match(/\+00:00$/);

    expect((await api!.call('DELETE', `/v1/nodes/${uuid}`, undefined, V)).status).to.equal(204);
    await until(
      'the deletion',
      10_000,
      eventFor('node-deleted', (d) => d.uuid === uuid),
    );
  });

  it('notices a node deleted behind the API (another process) by polling', async () => {
    const node = await api!.server.store.nodes.create({ driver: 'fake-hardware', name: 'live-2' });
    await until(
      'the new node',
      10_000,
      eventFor('node', (d) => d.uuid === node.uuid),
    );
    await api!.server.store.nodes.delete(node.id);
    await until(
      'the deletion',
      20_000,
      eventFor('node-deleted', (d) => d.uuid === node.uuid),
    );
  });

  it('refuses a subscriber over the limit with 503, and frees the place when a client leaves', async () => {
    const over = await openSse(url());
    expect(over.status).to.equal(503);
    expect(over.body).to.include('already streams to 1 clients (api.ui_stream_max_clients)');
    client.close();
    await client.ended;
    client = await until('a place for a new client', 10_000, async () => {
      const next = await openSse(url());
      return next.status === 200 ? next : undefined;
    });
    await until('hello', 5_000, () => client.events[0]?.event === 'hello');
  });

  it('reports no user under noauth (everyone is admin)', async () => {
    const session = await api!.call('GET', '/ui/api/session');
    expect(session.body).to.deep.include({ user: null, role: 'admin', auth_strategy: 'noauth' });
  });

  it('ends open streams when Tyr stops', async () => {
    const stopping = api!.stop();
    api = undefined;
    await stopping;
    await until('the stream to end', 10_000, () => client.isEnded());
  });
});

describe('console change stream keep-alives', () => {
  let store: Store;
  let server: http.Server;
  let stream: NodeStream;

  before(async () => {
    store = await freshStore('sqlite');
    stream = new NodeStream(store, new NodeEventBus(), testLogger(), { maxClients: 5, keepAliveMs: 50 });
    const app = express();
    app.use(stream.router());
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  after(async () => {
    await stream.stop();
    await closeServer(server);
    await store.close();
  });

  it('sends a keep-alive comment while nobody changes anything, and forgets a client that left', async () => {
    const client = await openSse(`http://127.0.0.1:${(server.address() as { port: number }).port}/ui/api/stream`);
    await until('a keep-alive comment', 5_000, () => client.comments.includes('keep-alive'));
    expect(stream.subscribers).to.equal(1);
    client.close();
    await until('the subscriber to be released', 5_000, () => stream.subscribers === 0);
  });
});
