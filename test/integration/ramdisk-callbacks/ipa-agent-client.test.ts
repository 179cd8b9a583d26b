// The conductor's AgentClient speaking to a stock IPA (tokenIn 'query'), over real HTTP against
// test/helpers/ipa-command-api.ts, which STANDS IN for IPA (not installable here: not in Debian
// 12, not on npm) with IPA's own answers and error bodies. What differs from Tyr's agent: the
// token travels only in the query (IPA reads no header), commands answer with bare names, and
// refusals come as {faultcode, faultstring}.
import { expect } from 'chai';
import { AgentClient } from '../../../core/drivers/ramdisk-agent/agent-client.js';
import { selfSignedCertificate } from '../../../agent/server/tls.js';
import { startIpaCommandApi, type IpaCommandApi } from '../../helpers/ipa-command-api.js';
import { hardwareRejection } from '../../helpers/rejection.js';

const NODE = '7a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d';
const TOKEN = 'ipa-token-Zq81xLw0pPq3';
const IMAGE_INFO = { id: 'img', urls: ['http://img/x.raw'], os_hash_algo: 'sha256', os_hash_value: 'ab'.repeat(32) };

describe('AgentClient against a stock IPA (IPA command API stand-in over HTTP)', () => {
  let ipa: IpaCommandApi;
  let client: AgentClient;
  before(async () => {
    ipa = await startIpaCommandApi();
    ipa.token = TOKEN;
    client = new AgentClient({ url: ipa.url, token: TOKEN, tokenIn: 'query', timeoutMs: 2000, node: NODE });
  });
  beforeEach(() => {
    ipa.restart();
    ipa.hold = false;
    ipa.requests.length = 0;
  });
  after(async () => ipa?.stop());

  it('sends the token in the query of every request and never in a header', async () => {
    await client.status();
    const started = await client.runCommand('standby.prepare_image', { image_info: IMAGE_INFO }, { wait: false });
    expect(started).to.include({ command_status: 'RUNNING', command_name: 'prepare_image' });
    const done = await client.getCommand(started.id, 'standby.prepare_image');
    expect(done.command_status).to.equal('SUCCEEDED');
    expect(done.command_result).to.deep.equal({ result: 'prepare_image: image (img) written to device /dev/vda root_uuid=0x8f3ce1d2' });
    await client.listCommands();
    expect(ipa.requests).to.have.length(4);
    for (const r of ipa.requests) {
      expect(r.query.agent_token, `${r.method} ${r.path}`).to.equal(TOKEN);
      expect(r.headers['x-agent-token']).to.equal(undefined);
    }
  });

  it("Tyr's dialect (the X-Agent-Token header) is refused by IPA, which reads no header: why the dialect matters", async () => {
    const tyrDialect = new AgentClient({ url: ipa.url, token: TOKEN, timeoutMs: 2000, node: NODE });
    const err = await hardwareRejection(tyrDialect.runCommand('standby.sync'));
    expect(err.message).to.contain('HTTP 401');
    expect(ipa.requests[0]!.headers['x-agent-token']).to.equal(TOKEN);
    expect(ipa.requests[0]!.query).to.deep.equal({ wait: 'true' });
  });

  it('a wrong token: a refusal that says to reboot into the ramdisk, without the token in it', async () => {
    const wrong = new AgentClient({ url: ipa.url, token: 'not-the-token-9f8e', tokenIn: 'query', timeoutMs: 2000, node: NODE });
    const err = await hardwareRejection(wrong.runCommand('standby.sync'));
    expect(err.message).to.contain('the agent token was not accepted (HTTP 401: 401 Unauthorized: Token invalid.)').and.contain(NODE);
    expect(err.message).not.to.contain('not-the-token-9f8e');
  });

  it("IPA's refusals come through with its faultstring: busy (409), unknown extension (404), invalid params (400)", async () => {
    ipa.hold = true;
    await client.runCommand('standby.prepare_image', { image_info: IMAGE_INFO }, { wait: false });
    const busy = await hardwareRejection(client.runCommand('standby.sync'));
    expect(busy.message).to.contain('with HTTP 409: Agent is busy: executing command prepare_image');
    ipa.restart();
    const unknown = await hardwareRejection(client.runCommand('vendorx.flash'));
    expect(unknown.message).to.contain('with HTTP 404: Not found: Extension with id vendorx not found.');
    const invalid = await hardwareRejection(
      client.runCommand('standby.prepare_image', { image_info: { id: 'img', urls: ['http://img'] } }),
    );
    expect(invalid.message).to.contain('HTTP 400: Invalid command parameters: Image checksum is not available');
    expect(ipa.requests.every((r) => !JSON.stringify(r.headers).includes(TOKEN))).to.equal(true);
  });

  it('a FAILED command names the full command (IPA answers the bare name) and gives message and details', async () => {
    ipa.failures.set('standby.prepare_image', {
      type: 'ImageDownloadError',
      code: 500,
      message: 'Error downloading image',
      details: 'Download of image img failed: URL: http://img/x.raw; Error: 404 Not Found',
    });
    try {
      const started = await client.runCommand('standby.prepare_image', { image_info: IMAGE_INFO }, { wait: false });
      const err = await hardwareRejection(client.getCommand(started.id, 'standby.prepare_image'));
      expect(err.message).to.equal(
        `Command standby.prepare_image failed on the agent of node ${NODE} at ${ipa.url}: Error downloading image (Download of image img failed: URL: http://img/x.raw; Error: 404 Not Found)`,
      );
    } finally {
      ipa.failures.clear();
    }
  });

  it("a clean step run against changed hardware managers (VERSION_MISMATCH) rejects with IPA's message", async () => {
    const started = await client.runCommand(
      'clean.execute_clean_step',
      {
        step: { step: 'erase_devices_metadata', interface: 'deploy' },
        node: {},
        ports: [],
        clean_version: { generic_hardware_manager: '1.1' },
      },
      { wait: false },
    );
    const err = await hardwareRejection(client.getCommand(started.id, 'clean.execute_clean_step'));
    expect(err.message)
      .to.contain('Command clean.execute_clean_step failed')
      .and.contain('Hardware managers version mismatch, reload agent with correct version');
  });
});

describe("AgentClient against IPA's automatic TLS (IPA command API stand-in over HTTPS)", () => {
  let ipa: IpaCommandApi;
  // IPA's automatic TLS: a self-signed certificate for its address, sent as agent_verify_ca.
  let own: { key: string; cert: string };
  before(async () => {
    own = selfSignedCertificate('127.0.0.1');
    ipa = await startIpaCommandApi(own);
    ipa.token = TOKEN;
  });
  after(async () => ipa?.stop());

  it('pins the certificate IPA sent and carries the token in the query over HTTPS', async () => {
    const client = new AgentClient({ url: ipa.url, token: TOKEN, tokenIn: 'query', verifyCa: own.cert, timeoutMs: 5000, node: NODE });
    expect((await client.runCommand('standby.sync')).command_status).to.equal('SUCCEEDED');
    expect(ipa.requests.at(-1)!.query.agent_token).to.equal(TOKEN);
  });

  it('refuses an IPA presenting another certificate than the one pinned, before sending the token', async () => {
    const other = selfSignedCertificate('127.0.0.1').cert;
    const before = ipa.requests.length;
    const client = new AgentClient({ url: ipa.url, token: TOKEN, tokenIn: 'query', verifyCa: other, timeoutMs: 5000, node: NODE });
    const err = await hardwareRejection(client.runCommand('standby.sync'));
    expect(err.message).to.contain('Cannot reach').and.not.contain(TOKEN);
    expect(ipa.requests.length, 'no request reached IPA').to.equal(before);
  });
});
