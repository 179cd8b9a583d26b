// Bounded concurrency on the wire: many nodes on one BMC, all asking at once, never have more than
// redfish.max_in_flight_per_bmc requests in flight there (counted by a tap in front of the sim).
import { expect } from 'chai';
import { loadConfig } from '../../../core/config-load.js';
import type { Node } from '../../../core/db/types.js';
import { RedfishPower } from '../../../core/drivers/redfish/power.js';
import { RedfishResources } from '../../../core/drivers/redfish/resources.js';
import { startRedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { QUICK_REDFISH } from './helpers.js';
import { startRecordingProxy } from './recording-proxy.js';

describe('Redfish concurrency per BMC (tyr-redfish-sim)', function () {
  this.timeout(30000);

  for (const perBmc of [1, 2]) {
    it(`keeps at most ${perBmc} request(s) in flight to one BMC for 30 nodes asking at once`, async () => {
      const config = loadConfig({ env: {}, overrides: { redfish: { ...QUICK_REDFISH.redfish, max_in_flight_per_bmc: perBmc } } });
      const sim = await startRedfishSim({ tls: false });
      const proxy = await startRecordingProxy(sim.url);
      const resources = new RedfishResources(config);
      try {
        const power = new RedfishPower(config, resources);
        const { log } = captureLogger();
        const info = { ...sim.driverInfo(), redfish_address: proxy.url };
        const states = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            power.getPowerState({ node: { uuid: `rf-${i}`, driver_info: info } as unknown as Node, log, config }),
          ),
        );
        expect(new Set(states)).to.have.lengthOf(1);
        expect(proxy.requests.filter((r) => r.path === '/redfish/v1/Systems/1')).to.have.lengthOf(30);
        expect(proxy.maxInFlight).to.be.within(1, perBmc);
      } finally {
        await resources.close();
        await proxy.stop();
        await sim.stop();
      }
    });
  }
});
