// The real `baremetal` CLI (python3-ironicclient 5.0.1) on the newer node actions: vendor
// passthru (list and call), boot mode and secure boot. ironicclient 5.0.1 has no indicator
// commands; indicators are covered through the API (ironic-extras.test.ts).
import { expect } from 'chai';
import { baremetalCli } from '../../helpers/baremetal-cli.js';
import { until } from '../../helpers/until.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

describe('API: the baremetal CLI on passthru and boot mode', function () {
  this.timeout(180_000);
  let api: ApiHarness;
  let uuid: string;
  const bm = baremetalCli(() => api.url);
  const ok = async (...args: string[]) => {
    const r = await bm(...args);
    if (r.code !== 0) throw new Error(`baremetal ${args.join(' ')} exited ${r.code}: ${r.stderr}${r.stdout}`);
    return r.stdout;
  };

  before(async () => {
    api = await startApi();
    uuid = (await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', name: 'cli-extras' }, { version: 'latest' })).body.uuid;
  });
  after(async () => {
    await api?.stop();
  });

  it('node passthru list and call', async () => {
    const methods = JSON.parse(await ok('node', 'passthru', 'list', 'cli-extras', '-f', 'json'));
    const first = methods.find((m: any) => m.Name === 'first_method');
    expect(first, JSON.stringify(methods)).to.include({ 'Supported HTTP methods': 'POST', Async: false });
    const out = await ok('node', 'passthru', 'call', 'cli-extras', 'first_method', '--arg', 'bar=baz');
    expect(out).to.include("'bar': 'baz'");
    const bad = await bm('node', 'passthru', 'call', 'cli-extras', 'nope');
    expect(bad.code).to.not.equal(0);
    expect(bad.stderr).to.match(/first_method/);
  });

  it('node boot mode set and secure boot on', async () => {
    await ok('node', 'boot', 'mode', 'set', 'cli-extras', 'uefi');
    await ok('node', 'secure', 'boot', 'on', 'cli-extras');
    await until('boot mode and secure boot', 15_000, async () => {
      const s = (await api.call('GET', `/v1/nodes/${uuid}/states`, undefined, { version: 'latest' })).body;
      return s.boot_mode === 'uefi' && s.secure_boot === true;
    });
    const node = JSON.parse(await ok('node', 'show', 'cli-extras', '--fields', 'boot_mode', 'secure_boot', '-f', 'json'));
    expect(node).to.deep.equal({ boot_mode: 'uefi', secure_boot: true });
  });
});
