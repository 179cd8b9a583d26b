// Slow and greedy clients against a real `tyr server` (issue #18, item 15), over raw sockets:
// headers sent one byte per second used to hold a socket for 85 s, and one source could open any
// number of connections to the boot server and the agent's endpoints.
import { expect } from 'chai';
import { closedWithin, rawConnect, sendSlowly, type RawConnection } from '../../helpers/raw-http.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

const HEADERS_TIMEOUT = 2;
const REQUEST_TIMEOUT = 4;
const CAP = 3;
// Node checks its timeouts once a second (core/listen.ts); allow that and some scheduling.
const SLACK_MS = 1800;

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: tyr\r\n\r\n`;

describe('slow and greedy clients', function () {
  this.timeout(60_000);
  let api: ApiHarness;
  let apiPort: number;
  let bootPort: number;
  const open: RawConnection[] = [];
  const connect = async (port: number, source?: string) => {
    const conn = await rawConnect(port, source);
    open.push(conn);
    return conn;
  };

  before(async () => {
    api = await startApi({ http: { headers_timeout: HEADERS_TIMEOUT, request_timeout: REQUEST_TIMEOUT, max_connections_per_source: CAP } });
    apiPort = api.server.apiPort;
    bootPort = api.server.boot.httpPort;
  });
  afterEach(() => {
    for (const conn of open.splice(0)) conn.socket.destroy();
  });
  after(async () => {
    await api?.stop();
  });

  for (const [name, port, path] of [
    ['API', () => apiPort, '/v1/nodes'],
    ['boot HTTP server', () => bootPort, '/boot.ipxe'],
  ] as const) {
    it(`${name}: headers sent one byte per second are cut off after http.headers_timeout (before: 85 s)`, async () => {
      const conn = await connect(port());
      void sendSlowly(conn, `GET ${path} HTTP/1.1\r\nHost: tyr\r\nX-Slow: ${'a'.repeat(60)}`, 1000);
      const ms = await closedWithin(conn, HEADERS_TIMEOUT * 1000 + 3 * SLACK_MS);
      expect(ms, 'still open').to.be.greaterThan(0);
      expect(ms).to.be.within(HEADERS_TIMEOUT * 1000 - 500, HEADERS_TIMEOUT * 1000 + SLACK_MS);
    });
  }

  it('API: a body sent one byte per second is cut off after http.request_timeout', async () => {
    const conn = await connect(apiPort);
    conn.socket.write(
      'POST /v1/heartbeat/5c9dcd04-2073-49bc-9618-99ae634d8971 HTTP/1.1\r\nHost: tyr\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n',
    );
    void sendSlowly(conn, `{"callback_url": "${'a'.repeat(150)}"}`, 1000);
    const ms = await closedWithin(conn, REQUEST_TIMEOUT * 1000 + 3 * SLACK_MS);
    expect(ms, 'still open').to.be.greaterThan(0);
    expect(ms).to.be.within(REQUEST_TIMEOUT * 1000 - 500, REQUEST_TIMEOUT * 1000 + SLACK_MS);
  });

  it('API: one source gets at most http.max_connections_per_source connections to the agent endpoints', async () => {
    const held = [];
    for (let i = 0; i < CAP; i++) {
      const conn = await connect(apiPort);
      conn.socket.write(get('/v1/lookup?addresses=52:54:00:00:00:01'));
      expect(await conn.status(), `connection ${i + 1}`).to.not.equal(503);
      held.push(conn);
    }
    const extra = await connect(apiPort);
    extra.socket.write(get('/v1/lookup?addresses=52:54:00:00:00:01'));
    expect(await extra.status()).to.equal(503);
    expect(await closedWithin(extra, 2000)).to.be.greaterThan(-1);
    // Another source, and the rest of the API from the same source, still work.
    const other = await connect(apiPort, '127.0.0.2');
    other.socket.write(get('/v1/lookup?addresses=52:54:00:00:00:01'));
    expect(await other.status()).to.not.equal(503);
    expect((await api.call('GET', '/v1/nodes')).status).to.equal(200);
    // A closed connection frees its place.
    held[0]!.socket.destroy();
    await held[0]!.closed;
    const again = await connect(apiPort);
    again.socket.write(get('/v1/lookup?addresses=52:54:00:00:00:01'));
    expect(await again.status()).to.not.equal(503);
  });

  it('boot HTTP server: one source gets at most http.max_connections_per_source connections', async () => {
    for (let i = 0; i < CAP; i++) {
      const conn = await connect(bootPort);
      conn.socket.write(get('/boot.ipxe'));
      expect(await conn.status(), `connection ${i + 1}`).to.equal(200);
    }
    const extra = await connect(bootPort);
    extra.socket.write(get('/boot.ipxe'));
    expect(await extra.status()).to.equal(503);
    const other = await connect(bootPort, '127.0.0.2');
    other.socket.write(get('/boot.ipxe'));
    expect(await other.status()).to.equal(200);
  });
});
