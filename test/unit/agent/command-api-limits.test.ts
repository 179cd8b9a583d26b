// The agent's command API against hostile clients (issue #18, items 9 and 15): JSON nested
// thousands of levels deep, and a client that sends its headers one byte per second.
import './agent-env.js';
import { expect } from 'chai';
import type https from 'node:https';
import { CommandRunner, ExtensionRegistry } from '../../../agent/server/commands.js';
import { createApiServer, listen } from '../../../agent/server/http.js';
import { selfSignedCertificate } from '../../../agent/server/tls.js';
import { TokenGuard } from '../../../agent/server/token.js';
import { pinnedFetch } from '../../helpers/pinned-fetch.js';
import { closedWithin, rawConnect, sendSlowly } from '../../helpers/raw-http.js';

describe('agent command API: hostile clients', function () {
  this.timeout(20_000);
  let server: https.Server;
  let port: number;
  const tls = selfSignedCertificate('127.0.0.1');
  const fetch = pinnedFetch(tls.cert);

  before(async () => {
    const reg = new ExtensionRegistry();
    reg.register({
      name: 'test',
      commands: {
        echo: {
          async run(params) {
            return { result: params };
          },
        },
      },
    });
    const token = new TokenGuard();
    token.set('tok');
    server = createApiServer(
      { runner: new CommandRunner(reg), token, startedAt: 0, tls },
      { headersTimeoutMs: 2000, requestTimeoutMs: 4000 },
    );
    port = await listen(server, 0, '127.0.0.1');
  });
  after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  it('answers 400 naming the limit to a body nested 5,000 levels deep, and keeps answering', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const res = await fetch(`https://127.0.0.1:${port}/v1/commands/?wait=true`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Agent-Token': 'tok' },
      body: `{"name": "test.echo", "params": {"a": ${deep}}}`,
    });
    expect(res.status).to.equal(400);
    expect((await res.json()).faultstring).to.match(/more than 100 levels deep/);
    expect((await fetch(`https://127.0.0.1:${port}/v1/status`, { headers: { 'X-Agent-Token': 'tok' } })).status).to.equal(200);
  });

  it('disconnects a client that sends its headers one byte per second, after the headers timeout', async () => {
    const conn = await rawConnect(port, '127.0.0.1', { tls: true });
    void sendSlowly(conn, `GET /v1/status HTTP/1.1\r\nHost: agent\r\nX-Slow: ${'a'.repeat(30)}`, 1000);
    const ms = await closedWithin(conn, 8000);
    expect(ms, 'still open').to.be.greaterThan(0);
    expect(ms).to.be.within(1500, 3800);
  });
});
