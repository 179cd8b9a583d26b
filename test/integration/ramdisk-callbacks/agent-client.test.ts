// The conductor's client for the agent command API, over real HTTP against a stand-in agent
// (fake-agent.ts: the real agent is built separately, in agent/).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { AgentClient } from '../../../core/drivers/ramdisk-agent/agent-client.js';
import { HardwareError } from '../../../core/errors.js';
import { startFakeAgent, type FakeAgent } from './fake-agent.js';
import { selfSignedCertificate } from '../../../agent/server/tls.js';
import { startRealAgent, type RealAgent } from '../hw-ops/real-agent.js';
import { hardwareRejection } from '../../helpers/rejection.js';

const NODE = '11111111-2222-4333-8444-555555555555';

describe('AgentClient (against a stand-in agent over HTTP)', () => {
  let agent: FakeAgent;
  let client: AgentClient;
  before(async () => {
    agent = await startFakeAgent('s3cret-token');
    client = new AgentClient({ url: `${agent.url}/`, token: 's3cret-token', timeoutMs: 2000, node: NODE });
  });
  after(async () => agent?.stop());

  it('sends the token with every request and reads the status', async () => {
    const before = agent.seenTokens.length;
    const status = await client.status();
    expect(status).to.deep.equal({ started_at: 1700000000, version: '0.1.0' });
    expect(agent.seenTokens.slice(before)).to.deep.equal(['s3cret-token']);
  });

  it('runs a command with wait=true and returns its result', async () => {
    const r = await client.runCommand('standby.sync');
    expect(r.command_status).to.equal('SUCCEEDED');
    expect(r.command_result).to.deep.equal({ synced: true });
    expect(r.command_name).to.equal('standby.sync');
  });

  it('starts a command without waiting, then polls it and lists it', async () => {
    const started = await client.runCommand('test.slow', { seconds: 1 }, { wait: false });
    expect(started.command_status).to.equal('RUNNING');
    expect((await client.getCommand(started.id)).command_status).to.equal('RUNNING');
    const done = await client.getCommand(started.id);
    expect(done.command_status).to.equal('SUCCEEDED');
    expect(done.command_result).to.deep.equal({ slept: true });
    const all = await client.listCommands();
    expect(all.map((c) => c.id)).to.include(started.id);
  });

  it("rejects a FAILED command with the agent's error, naming the command, node and URL", async () => {
    const err = await hardwareRejection(client.runCommand('test.fail'));
    expect(err.message).to.contain('test.fail').and.contain('disk /dev/vda is on fire').and.contain(NODE).and.contain(agent.url);
  });

  it("reports an unknown command with the agent's message", async () => {
    const err = await hardwareRejection(client.runCommand('nope.nothing'));
    expect(err.message).to.contain('HTTP 404').and.contain('Unknown command: nope.nothing');
  });

  it('turns a refused token (401) into a clear error', async () => {
    const wrong = new AgentClient({ url: agent.url, token: 'wrong', node: NODE });
    const err = await hardwareRejection(wrong.runCommand('standby.sync'));
    expect(err.message).to.contain('token was not accepted').and.contain('HTTP 401').and.contain('standby.sync').and.contain(agent.url);
    expect(err.message).not.to.contain('s3cret-token');
  });

  it('turns a refused connection into a clear error', async () => {
    // A port that was just free: bind, read the port, close.
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));
    const dead = new AgentClient({ url: `http://127.0.0.1:${port}`, token: 't', node: NODE });
    const err = await hardwareRejection(dead.runCommand('standby.sync'));
    expect(err.message).to.contain('Cannot reach').and.contain('ECONNREFUSED').and.contain(`127.0.0.1:${port}`).and.contain('standby.sync');
  });

  it('times out an agent that does not answer', async () => {
    const silent = http.createServer(() => {
      /* never answers */
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const { port } = silent.address() as AddressInfo;
      const slow = new AgentClient({ url: `http://127.0.0.1:${port}`, token: 't', timeoutMs: 300, node: NODE });
      const err = await hardwareRejection(slow.status());
      expect(err.message).to.contain('did not answer status within 300 ms');
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('refuses to build a client for a node whose agent has not heartbeated', () => {
    expect(() => new AgentClient({ url: '', token: 't', node: NODE })).to.throw(HardwareError, /no agent URL/);
  });
});

describe('AgentClient against the real agent API over HTTPS (the certificate pinned from agent_verify_ca)', () => {
  let agent: RealAgent;
  const token = 'pinned-token';
  before(async () => {
    agent = await startRealAgent();
    agent.token.set(token);
  });
  after(async () => agent?.stop());

  it('trusts exactly the pinned certificate, with no host name check', async () => {
    // The certificate names 127.0.0.1; "localhost" would fail a host name check.
    const url = agent.url.replace('127.0.0.1', 'localhost');
    const client = new AgentClient({ url, token, verifyCa: agent.cert, node: NODE, timeoutMs: 5000 });
    expect((await client.status()).version).to.equal('0.1.0');
  });

  it('refuses an agent presenting another certificate than the one pinned', async () => {
    const other = selfSignedCertificate('127.0.0.1').cert;
    const client = new AgentClient({ url: agent.url, token, verifyCa: other, node: NODE, timeoutMs: 5000 });
    const err = await hardwareRejection(client.status());
    expect(err.message).to.contain(`Cannot reach the agent of node ${NODE}`);
  });

  it('never sends the token over plain HTTP once a certificate is pinned', () => {
    expect(() => new AgentClient({ url: agent.url.replace('https:', 'http:'), token, verifyCa: agent.cert, node: NODE })).to.throw(
      HardwareError,
      /pinned TLS certificate but a plain http URL/,
    );
  });

  it("without a pinned certificate, does not trust the agent's self-signed one", async () => {
    const client = new AgentClient({ url: agent.url, token, node: NODE, timeoutMs: 5000 });
    const err = await hardwareRejection(client.status());
    expect(err.message).to.match(/self.signed certificate|SELF_SIGNED/i);
  });
});
