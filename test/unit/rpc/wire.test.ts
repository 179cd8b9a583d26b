// The RPC layer over real HTTP: a real rpcRouter on a loopback listener, called by the real client
// transport. The conductor behind the router is a stand-in (not a mock of the code under test): it
// raises whichever error a test asks for, so every TyrError class can be sent across on demand.
import type http from 'node:http';
import axios from 'axios';
import { expect } from 'chai';
import express from 'express';
import type { ConductorApi } from '../../../core/conductor/conductor-api.js';
import * as errors from '../../../core/errors.js';
import { TyrError } from '../../../core/errors.js';
import { boundPort, closeServer, listen } from '../../../core/listen.js';
import { rpcRouter } from '../../../core/rpc/server.js';
import { callConductor, ConductorUnreachable } from '../../../core/rpc/transport.js';
import { captureLogger } from '../../helpers/capture-log.js';

const SECRET = 's3cret-for-tests';

/** Answers getBootDevice; every other method raises `raise` (set per test) or returns its args. */
class StandIn {
  readonly hostname = 'standin-conductor';
  raise: Error | undefined;
  calls: string[] = [];
  async getBootDevice(uuid: string) {
    this.calls.push(`getBootDevice ${uuid}`);
    if (this.raise) throw this.raise;
    return { boot_device: 'pxe', persistent: true };
  }
  async vifList(uuid: string) {
    this.calls.push(`vifList ${uuid}`);
    return [{ id: uuid }];
  }
}

/** One instance of every TyrError class in the hierarchy, some built by their own constructors. */
function errorInstances(): TyrError[] {
  const out: TyrError[] = [];
  for (const value of Object.values(errors) as unknown[]) {
    if (typeof value !== 'function' || !(value === TyrError || value.prototype instanceof TyrError)) continue;
    const cls = value as typeof TyrError;
    out.push(cls.fromWire(`a ${cls.name} raised in the conductor`, { retryAfterSeconds: 17, detail: `why the ${cls.name} was raised` }));
  }
  out.push(
    new errors.NodeLocked('node-1', 'conductor-b'),
    new errors.MigrationRowFailed('bm_nodes id=3', new Error('duplicate MAC')),
    new errors.RateLimited(17, 'Discovery already created 60 nodes in the last minute; retry in 17 s.'),
    new errors.NoFreeConsolePort('no console port is free in 10000:10001'),
  );
  return out;
}

describe('rpc: wire protocol, errors and authentication', () => {
  let server: http.Server;
  let url: string;
  const standIn = new StandIn();
  const captured = captureLogger();
  const call = (method: Parameters<typeof callConductor>[2], params: unknown[], secret = SECRET) =>
    callConductor(url, 'standin-conductor', method, params, { secret, timeoutMs: 5000 });
  const raw = (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${SECRET}` }) =>
    axios.post(`${url}/rpc`, body, { headers, validateStatus: () => true });

  before(async () => {
    const app = express();
    app.use(rpcRouter(standIn as unknown as ConductorApi, { secret: SECRET, log: captured.log }));
    server = await listen(app, '127.0.0.1', 0, 'RPC', 'rpc-port');
    url = `http://127.0.0.1:${boundPort(server)}`;
  });
  after(async () => {
    await closeServer(server);
  });
  beforeEach(() => {
    standIn.raise = undefined;
    standIn.calls = [];
  });

  it("a call returns the method's result", async () => {
    expect(await call('getBootDevice', ['n-1'])).to.deep.equal({ boot_device: 'pxe', persistent: true });
    expect(standIn.calls).to.deep.equal(['getBootDevice n-1']);
  });

  it('every TyrError class comes back as the same class, status and message', async () => {
    const instances = errorInstances();
    expect(instances.length).to.be.greaterThan(15);
    for (const sent of instances) {
      standIn.raise = sent;
      const got = await call('getBootDevice', ['n-1']).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(got, sent.name).to.be.instanceOf(sent.constructor);
      expect((got as TyrError).name, sent.name).to.equal(sent.name);
      expect((got as TyrError).status, sent.name).to.equal(sent.status);
      expect((got as TyrError).message, sent.name).to.equal(sent.message);
      expect((got as TyrError).wireFields(), sent.name).to.deep.equal(sent.wireFields());
    }
    // The API's Retry-After for a rate cap comes from the error itself.
    standIn.raise = new errors.RateLimited(17, 'Discovery already created 60 nodes in the last minute; retry in 17 s.');
    const limited = await call('getBootDevice', ['x']).catch((e: unknown) => e);
    expect((limited as errors.RateLimited).retryAfterSeconds).to.equal(17);
    // A refused inspection callback answers generically; its reason travels for the API's log.
    standIn.raise = new errors.CallbackRefused('node n-1 is in provision state "enroll"');
    const refused = (await call('getBootDevice', ['x']).catch((e: unknown) => e)) as errors.CallbackRefused;
    expect(refused).to.be.instanceOf(errors.CallbackRefused);
    expect(refused.status).to.equal(404);
    expect(refused.message).to.not.contain('n-1');
    expect(refused.detail).to.equal('node n-1 is in provision state "enroll"');
  });

  it("a non-TyrError is a 500 that names the conductor; its message and stack stay in the conductor's log", async () => {
    standIn.raise = new TypeError('cannot read properties of undefined (reading "secret_internal_detail")');
    const got = (await call('getBootDevice', ['n-1']).catch((e: unknown) => e)) as TyrError;
    expect(got).to.be.instanceOf(TyrError);
    expect(got.status).to.equal(500);
    expect(got.message).to.contain('standin-conductor').and.not.contain('secret_internal_detail');
    const logged = captured.lines().find((l) => l.msg === 'RPC call failed with an unexpected error');
    expect((logged?.err as { stack?: string })?.stack).to.contain('secret_internal_detail');
  });

  it('only ConductorApi methods are callable: anything else is "method not found" and nothing runs', async () => {
    for (const method of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'start', 'stop', 'calls', 'hostname', 'raise']) {
      const res = await raw({ jsonrpc: '2.0', id: 7, method, params: [] });
      expect(res.status, method).to.equal(200);
      expect(res.data.id).to.equal(7);
      expect(res.data.error.code, method).to.equal(-32601);
      expect(res.data.error.data.status).to.equal(400);
      expect(res.data.error.message).to.contain(`Unknown RPC method "${method}"`);
    }
    expect(standIn.calls).to.deep.equal([]);
  });

  it('a malformed envelope, too many params or a body that is not JSON are JSON-RPC errors', async () => {
    expect((await raw({ id: 1, method: 'vifList', params: ['a'] })).data.error.code).to.equal(-32600);
    expect((await raw([{ jsonrpc: '2.0', id: 1, method: 'vifList', params: ['a'] }])).data.error.code).to.equal(-32600);
    expect((await raw({ jsonrpc: '2.0', id: 1, method: 'vifList', params: ['a', 'b'] })).data.error.code).to.equal(-32602);
    expect((await raw({ jsonrpc: '2.0', id: 1, method: 'vifList', params: 'a' })).data.error.code).to.equal(-32602);
    const notJson = await axios.post(`${url}/rpc`, '{"jsonrpc":', {
      headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
      validateStatus: () => true,
      transformRequest: [(d: unknown) => d], // send the broken text as is
    });
    expect(notJson.data.error.code).to.equal(-32700);
    expect(standIn.calls).to.deep.equal([]);
    expect(await call('vifList', ['a'])).to.deep.equal([{ id: 'a' }]);
  });

  it('a missing or wrong secret is 401, logged with the source address, and nothing runs', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer wrong' },
      { authorization: `Basic ${SECRET}` },
      { authorization: `Bearer ${SECRET}x` },
    ]) {
      const res = await raw({ jsonrpc: '2.0', id: 1, method: 'vifList', params: ['a'] }, headers);
      expect(res.status, JSON.stringify(headers)).to.equal(401);
      expect(res.data.error.data.status).to.equal(401);
    }
    expect(standIn.calls).to.deep.equal([]);
    const refused = captured.lines().filter((l) => l.msg === 'RPC call refused: missing or wrong shared secret');
    expect(refused).to.have.length(4);
    expect(refused[0]!.source).to.match(/127\.0\.0\.1/);
    expect(JSON.stringify(refused)).not.to.contain('Bearer').and.not.contain(SECRET);
  });

  it("the client turns a 401 into a 503 telling the operator to align rpc.secret (not the caller's fault)", async () => {
    const err = (await call('vifList', ['a'], 'not-the-secret').catch((e: unknown) => e)) as TyrError;
    expect(err).to.be.instanceOf(errors.ServiceUnavailable);
    expect(err.message).to.contain('rpc.secret').and.contain('standin-conductor');
  });

  it('GET /rpc/health needs no secret and names the conductor', async () => {
    const res = await axios.get(`${url}/rpc/health`);
    expect(res.data).to.deep.equal({ hostname: 'standin-conductor' });
  });

  it('a router without a secret refuses to start', () => {
    expect(() => rpcRouter(standIn as unknown as ConductorApi, { secret: '', log: captured.log })).to.throw(
      errors.ConfigError,
      /rpc\.secret/,
    );
  });
});

describe('rpc: transport failures are told apart from conductor errors', () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    if (server) await closeServer(server);
    server = undefined;
  });

  it("connection refused, a proxy's 502/503 and a timeout are ConductorUnreachable", async () => {
    // A port that was just free: bind, note it, close.
    const probe = await listen((_q, s) => s.end(), '127.0.0.1', 0, 'probe', 'x');
    const freePort = boundPort(probe);
    await closeServer(probe);
    const refused = await callConductor(`http://127.0.0.1:${freePort}`, 'c', 'vifList', ['a'], { secret: SECRET, timeoutMs: 2000 }).catch(
      (e: unknown) => e,
    );
    expect(refused).to.be.instanceOf(ConductorUnreachable);
    expect((refused as ConductorUnreachable).reason).to.contain('ECONNREFUSED');
    expect((refused as ConductorUnreachable).mayHaveRun, 'a refused call never ran').to.equal(false);

    for (const status of [502, 503]) {
      server = await listen(
        (_q, s) => {
          s.writeHead(status).end('bad gateway');
        },
        '127.0.0.1',
        0,
        'proxy',
        'x',
      );
      const got = await callConductor(`http://127.0.0.1:${boundPort(server)}/`, 'c', 'vifList', ['a'], {
        secret: SECRET,
        timeoutMs: 2000,
      }).catch((e: unknown) => e);
      expect(got).to.be.instanceOf(ConductorUnreachable);
      expect((got as ConductorUnreachable).reason).to.contain(`HTTP ${status}`);
      await closeServer(server);
    }

    server = await listen(
      () => {
        /* never answers */
      },
      '127.0.0.1',
      0,
      'silent',
      'x',
    );
    const started = Date.now();
    const slow = await callConductor(`http://127.0.0.1:${boundPort(server)}`, 'c', 'vifList', ['a'], {
      secret: SECRET,
      timeoutMs: 300,
    }).catch((e: unknown) => e);
    expect(slow).to.be.instanceOf(ConductorUnreachable);
    expect((slow as ConductorUnreachable).reason).to.contain('no answer within 300 ms');
    expect((slow as ConductorUnreachable).mayHaveRun, 'a timed-out call may be running').to.equal(true);
    expect(Date.now() - started).to.be.lessThan(2000);
  });
});
