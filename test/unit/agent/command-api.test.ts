// The command registry, runner and token guard, and the HTTPS API over them, in process.
import './agent-env.js';
import { expect } from 'chai';
import type https from 'node:https';
import type { AddressInfo } from 'node:net';
import { GenericHardwareManager } from '../../../agent/hardware/generic.js';
import { HardwareSupport, type HardwareManager } from '../../../agent/hardware/manager.js';
import { HardwareManagerRegistry } from '../../../agent/hardware/registry.js';
import { CommandRunner, ExtensionRegistry, InvalidParamsError, type Extension } from '../../../agent/server/commands.js';
import { createApiServer, listen } from '../../../agent/server/http.js';
import { selfSignedCertificate } from '../../../agent/server/tls.js';
import { TokenGuard } from '../../../agent/server/token.js';
import { pinnedFetch } from '../../helpers/pinned-fetch.js';
import { backoffDelay } from '../../../agent/backoff.js';
import { heartbeatIntervalMs } from '../../../agent/heartbeat.js';

function testExtension(): Extension & { release: () => void } {
  let release = (): void => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    name: 'test',
    release: () => release(),
    commands: {
      echo: {
        validate(params) {
          if (typeof params.text !== 'string') throw new InvalidParamsError('params.text must be a string');
        },
        async run(params) {
          return { result: { echo: params.text } };
        },
      },
      slow: {
        async run() {
          await gate;
          return { result: { done: true } };
        },
      },
      boom: {
        async run() {
          throw new TypeError('disk on fire');
        },
      },
      peek: {
        readOnly: true,
        async run() {
          return { result: { peeked: true } };
        },
      },
    },
  };
}

describe('agent command registry and runner', () => {
  it('finds commands by extension.command and refuses unknown ones with the known list', () => {
    const reg = new ExtensionRegistry();
    reg.register(testExtension());
    expect(reg.find('test.echo')).to.have.property('run');
    for (const bad of ['test.nope', 'nope.echo', 'test', 'test.echo.x', 'test.constructor']) {
      expect(() => reg.find(bad), bad).to.throw(/unknown command.*known commands are test.boom, test.echo, test.peek, test.slow/);
    }
    expect(() => reg.register(testExtension())).to.throw(/twice/);
  });

  it('records success, failure, and refuses a second command while one runs (read-only ones excepted)', async () => {
    const reg = new ExtensionRegistry();
    const ext = testExtension();
    reg.register(ext);
    const runner = new CommandRunner(reg);
    const ok = runner.start('test.echo', { text: 'hi' });
    await ok.done;
    expect(ok.record).to.include({ command_status: 'SUCCEEDED', command_name: 'test.echo' });
    expect(ok.record.command_result).to.deep.equal({ echo: 'hi' });
    const bad = runner.start('test.boom', {});
    await bad.done;
    expect(bad.record.command_status).to.equal('FAILED');
    expect(bad.record.command_error).to.include({ type: 'TypeError', message: 'disk on fire', code: 500 });
    expect(() => runner.start('test.echo', { text: 1 })).to.throw(InvalidParamsError);
    const slow = runner.start('test.slow', {});
    expect(() => runner.start('test.echo', { text: 'x' })).to.throw(/busy with test.slow/);
    const peek = runner.start('test.peek', {});
    await peek.done;
    expect(peek.record.command_result, 'a read-only command runs while another is busy').to.deep.equal({ peeked: true });
    ext.release();
    await slow.done;
    expect(runner.list().map((r) => r.command_status)).to.deep.equal(['SUCCEEDED', 'FAILED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(runner.get(slow.record.id)).to.equal(slow.record);
  });
});

describe('agent token guard', () => {
  it('refuses everything before lookup, then only the exact token', () => {
    const guard = new TokenGuard();
    expect(guard.check('anything')).to.equal(false);
    guard.set('s3cret-token');
    expect(guard.check('s3cret-token')).to.equal(true);
    expect(guard.check('s3cret-tokeN')).to.equal(false);
    expect(guard.check('s3cret-token-longer')).to.equal(false);
    expect(guard.check('')).to.equal(false);
    expect(guard.check(undefined)).to.equal(false);
  });
});

describe('agent hardware manager registry', () => {
  const vendor: HardwareManager = {
    name: 'VendorHardwareManager',
    version: '2.0',
    evaluateHardwareSupport: async () => HardwareSupport.MAINLINE,
    getCleanSteps: () => [{ step: 'update_firmware', priority: 0, interface: 'management', reboot_requested: true }],
  };
  const absent: HardwareManager = {
    name: 'OtherVendor',
    version: '1',
    evaluateHardwareSupport: async () => HardwareSupport.NONE,
    getCleanSteps: () => [],
  };

  it('orders managers by support, drops unsupported ones, and dispatches to the most specific', async () => {
    const reg = new HardwareManagerRegistry([new GenericHardwareManager(), vendor, absent]);
    await reg.evaluate();
    expect(reg.managers().map((m) => m.name)).to.deep.equal(['VendorHardwareManager', 'GenericHardwareManager']);
    expect(reg.dispatch('getCleanSteps').name).to.equal('VendorHardwareManager');
    // The vendor manager has no inventory of its own: the generic one answers.
    expect(reg.dispatch('collectInventory').name).to.equal('GenericHardwareManager');
    const steps = reg.collectSteps('getCleanSteps');
    expect(Object.keys(steps)).to.deep.equal(['VendorHardwareManager', 'GenericHardwareManager']);
    expect(steps.GenericHardwareManager!.find((s) => s.step === 'erase_devices_metadata')?.priority).to.equal(99);
    expect(reg.versions()).to.deep.equal({ VendorHardwareManager: '2.0', GenericHardwareManager: '1.0' });
  });
});

describe('agent backoff and heartbeat interval', () => {
  it('grows exponentially, is capped, and jitters within ±25 %', () => {
    const opts = { initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.25 };
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, opts, () => 0.5))).to.deep.equal([1000, 2000, 4000, 8000]);
    expect(backoffDelay(10, opts, () => 0.5)).to.equal(30_000);
    expect(backoffDelay(10, opts, () => 1)).to.equal(30_000);
    expect(backoffDelay(0, opts, () => 0)).to.equal(750);
    expect(backoffDelay(0, opts, () => 1)).to.equal(1250);
  });

  it('heartbeats three times per timeout, between 1 and 30 s', () => {
    expect(heartbeatIntervalMs(3600)).to.equal(30_000);
    expect(heartbeatIntervalMs(30)).to.equal(10_000);
    expect(heartbeatIntervalMs(1)).to.equal(1000);
  });
});

describe('agent command API over HTTPS', () => {
  let server: https.Server;
  let base: string;
  const guard = new TokenGuard();
  const tls = selfSignedCertificate('127.0.0.1');
  const fetch = pinnedFetch(tls.cert);
  const tok = { 'X-Agent-Token': 'tok' };

  before(async () => {
    const reg = new ExtensionRegistry();
    reg.register(testExtension());
    server = createApiServer({ runner: new CommandRunner(reg), token: guard, startedAt: 1700000000, tls });
    const port = await listen(server, 0, '127.0.0.1');
    base = `https://127.0.0.1:${port}`;
    expect((server.address() as AddressInfo).port).to.equal(port);
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses every request before the agent has a token', async () => {
    const res = await fetch(`${base}/v1/status`, { headers: { 'X-Agent-Token': 'x' } });
    expect(res.status).to.equal(401);
    expect((await res.json()).faultstring).to.match(/no token yet/);
  });

  it('checks the token in the X-Agent-Token header only (a token in the URL is refused)', async () => {
    guard.set('tok');
    expect((await fetch(`${base}/v1/status`)).status).to.equal(401);
    expect((await fetch(`${base}/v1/status`, { headers: { 'X-Agent-Token': 'nope' } })).status).to.equal(401);
    // Accepted before: IPA's ?agent_token= puts the token where logs and proxies see it.
    expect((await fetch(`${base}/v1/status?agent_token=tok`)).status).to.equal(401);
    const res = await fetch(`${base}/v1/status`, { headers: { 'X-Agent-Token': 'tok' } });
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ started_at: 1700000000, version: '0.1.0' });
  });

  it('runs commands synchronously and asynchronously, and lists them', async () => {
    const post = (body: unknown, wait: boolean) =>
      fetch(`${base}/v1/commands/?wait=${wait}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'Content-Type': 'application/json', ...tok },
      });
    const sync = await (await post({ name: 'test.echo', params: { text: 'a' } }, true)).json();
    expect(sync).to.include({ command_status: 'SUCCEEDED' });
    const async_ = await (await post({ name: 'test.slow', params: {} }, false)).json();
    expect(async_.command_status).to.equal('RUNNING');
    const busy = await post({ name: 'test.echo', params: { text: 'b' } }, true);
    expect(busy.status).to.equal(409);
    const unknown = await post({ name: 'test.nope' }, true);
    expect(unknown.status).to.equal(404);
    expect((await unknown.json()).command_error).to.include({ type: 'UnknownCommandError', code: 404 });
    const badParams = await post({ name: 'test.echo', params: { text: 5 } }, true);
    expect(badParams.status).to.equal(400);
    const badJson = await fetch(`${base}/v1/commands/`, { method: 'POST', body: '{nope', headers: tok });
    expect(badJson.status).to.equal(400);
    const one = await (await fetch(`${base}/v1/commands/${async_.id}`, { headers: tok })).json();
    expect(one.id).to.equal(async_.id);
    const list = await (await fetch(`${base}/v1/commands/`, { headers: tok })).json();
    expect(list.commands.map((c: { command_name: string }) => c.command_name)).to.deep.equal(['test.echo', 'test.slow']);
    expect((await fetch(`${base}/v1/commands/nope`, { headers: tok })).status).to.equal(404);
    expect((await fetch(`${base}/v1/other`, { headers: tok })).status).to.equal(404);
  });

  it('answers a malformed percent-escape in a command id with 400, not 500', async () => {
    // Failed before the fix: decodeURIComponent threw a URIError, answered as a 500.
    const res = await fetch(`${base}/v1/commands/%E0%A4%A`, { headers: tok });
    expect(res.status).to.equal(400);
    expect((await res.json()).faultstring).to.match(/not valid percent-encoded/);
    expect((await fetch(`${base}/v1/commands/%ZZ`, { headers: tok })).status).to.equal(400);
  });

  it('speaks only TLS, with the certificate it was given', async () => {
    const plain = await globalThis.fetch(base.replace('https:', 'http:') + '/v1/status', { headers: tok }).then(
      (r) => r.status,
      (e: Error) => e,
    );
    expect(plain, 'a plain HTTP request gets no answer').not.to.equal(200);
    const other = pinnedFetch(selfSignedCertificate('127.0.0.1').cert);
    let refused: unknown;
    await other(`${base}/v1/status`, { headers: tok }).catch((e: unknown) => {
      refused = e;
    });
    expect(String(refused), 'a client pinning another certificate refuses the agent').to.match(/certificate|self.signed/i);
  });
});
