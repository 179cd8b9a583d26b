// redfish_auth_type "auto" on a BMC without a SessionService: basic authentication on every
// request, no login attempted. The simulator always has sessions, so a minimal in-test BMC plays
// one that has none.
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../../core/config-load.js';
import type { Node } from '../../../core/db/types.js';
import { RedfishPower } from '../../../core/drivers/redfish/power.js';
import { RedfishResources } from '../../../core/drivers/redfish/resources.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { QUICK_REDFISH } from './helpers.js';

describe('Redfish auth_type auto without a SessionService', () => {
  it('falls back to basic authentication; the only system is found once without redfish_system_id', async () => {
    const seen: { method: string; url: string; authorization?: string }[] = [];
    const basic = `Basic ${Buffer.from('admin:sekrit-pass').toString('base64')}`;
    const server = http.createServer((req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/redfish/v1') return json(200, { Id: 'RootService', Systems: { '@odata.id': '/redfish/v1/Systems' } });
      if (req.headers.authorization !== basic) return json(401, { error: { message: 'authentication required' } });
      if (req.url === '/redfish/v1/Systems') return json(200, { Members: [{ '@odata.id': '/redfish/v1/Systems/only' }] });
      if (req.url === '/redfish/v1/Systems/only') return json(200, { Id: 'only', PowerState: 'On' });
      return json(404, { error: { message: 'not found' } });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const config = loadConfig({ env: {}, overrides: { redfish: QUICK_REDFISH.redfish } });
    const resources = new RedfishResources(config);
    try {
      const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const node = {
        uuid: 'rf-basic',
        driver_info: { redfish_address: address, redfish_username: 'admin', redfish_password: 'sekrit-pass' },
      };
      const power = new RedfishPower(config, resources);
      const ctx = { node: node as unknown as Node, log: captureLogger().log, config };
      expect(await power.getPowerState(ctx)).to.equal('power on');
      expect(await power.getPowerState(ctx)).to.equal('power on');
      // The only system is looked up once (no redfish_system_id), then remembered.
      expect(seen.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
        'GET /redfish/v1',
        'GET /redfish/v1/Systems',
        'GET /redfish/v1/Systems/only',
        'GET /redfish/v1/Systems/only',
      ]);
      expect(seen.slice(1).every((r) => r.authorization === basic)).to.equal(true);
    } finally {
      await resources.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
