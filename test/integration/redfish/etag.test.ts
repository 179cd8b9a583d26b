// PATCH with If-Match: the ETag the BMC sent is carried, and when the resource changed in between
// (412 Precondition Failed) it is read again and the PATCH repeated once with the fresh ETag.
import { expect } from 'chai';
import { loadConfig } from '../../../core/config-load.js';
import type { Node } from '../../../core/db/types.js';
import { RedfishResources } from '../../../core/drivers/redfish/resources.js';
import { startRedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { QUICK_REDFISH } from './helpers.js';
import { startRecordingProxy } from './recording-proxy.js';

describe('Redfish ETags (tyr-redfish-sim)', () => {
  it('retries a PATCH refused with 412 once, with the ETag of a fresh read', async () => {
    const config = loadConfig({ env: {}, overrides: { redfish: QUICK_REDFISH.redfish } });
    const sim = await startRedfishSim({ tls: false });
    const proxy = await startRecordingProxy(sim.url);
    const resources = new RedfishResources(config);
    try {
      const ctx = {
        node: { uuid: 'rf-etag', driver_info: { ...sim.driverInfo(), redfish_address: proxy.url } } as unknown as Node,
        log: captureLogger().log,
        config,
      };
      const sys = await resources.forNode(ctx);
      expect(sys.etag).to.be.a('string');
      // The system changes after it was read: the ETag Tyr holds is stale now.
      sim.state.indicatorLed = sim.state.indicatorLed === 'Lit' ? 'Off' : 'Lit';
      const res = await sys.conn.patch(
        sys.systemPath,
        { Boot: { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once' } },
        sys.etag,
      );
      expect(res.status).to.be.within(200, 299);
      expect(sim.state.bootOverride).to.deep.include({ target: 'Pxe', enabled: 'Once' });
      const tail = proxy.requests.slice(-3).map((r) => `${r.method} ${r.path}`);
      expect(tail).to.deep.equal(['PATCH /redfish/v1/Systems/1', 'GET /redfish/v1/Systems/1', 'PATCH /redfish/v1/Systems/1']);
    } finally {
      await resources.close();
      await proxy.stop();
      await sim.stop();
    }
  });
});
