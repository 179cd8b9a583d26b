// /v1/nodes/{node}/states/console: the console interface switched on and off through the API.
import { expect } from 'chai';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

const L = { version: 'latest' };

describe('node console states', function () {
  this.timeout(30_000);
  let api: ApiHarness;
  before(async () => {
    api = await startApi();
  });
  after(async () => api?.stop());

  it('enables, reports and disables the console of a fake-hardware node', async () => {
    const node = (await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', name: 'con1' }, L)).body as { uuid: string };
    expect((await api.call('GET', '/v1/nodes/con1/states/console', undefined, L)).body).to.deep.equal({
      console_enabled: false,
      console_info: null,
    });
    const put = await api.call('PUT', '/v1/nodes/con1/states/console', { enabled: true }, L);
    expect(put.status).to.equal(202);
    expect((await api.call('GET', '/v1/nodes/con1/states/console', undefined, L)).body).to.deep.equal({
      console_enabled: true,
      console_info: { type: 'fake', url: 'fake://console' },
    });
    expect(((await api.call('GET', `/v1/nodes/${node.uuid}`, undefined, L)).body as { console_enabled: boolean }).console_enabled).to.equal(
      true,
    );
    await api.call('PUT', '/v1/nodes/con1/states/console', { enabled: false }, L);
    expect((await api.call('GET', '/v1/nodes/con1/states/console', undefined, L)).body).to.deep.equal({
      console_enabled: false,
      console_info: null,
    });
  });

  it('refuses a missing or non-boolean "enabled", and an interface without console support', async () => {
    await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', name: 'con2', console_interface: 'no' }, L);
    for (const body of [{}, { enabled: 'yes' }]) {
      const r = await api.call('PUT', '/v1/nodes/con2/states/console', body, L);
      expect(r.status, JSON.stringify(body)).to.equal(400);
    }
    const r = await api.call('PUT', '/v1/nodes/con2/states/console', { enabled: true }, L);
    expect(r.status).to.equal(400);
    expect(r.message).to.match(/console/i);
  });
});
