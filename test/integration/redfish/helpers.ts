// What the Redfish integration tests share: service options that keep simulator tests quick, and
// the simulator + API pair most of them start.
import { TyrClient } from '../../../client/index.js';
import { startRedfishSim, type RedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

/** startApi() overrides: fast power polling, quick retries, no periodic power sync (tests run passes). */
export const QUICK_REDFISH = {
  redfish: { power_poll_interval_ms: 20, retry_base_delay_ms: 10, retry_max_delay_seconds: 2 },
  conductor: { sync_power_state_interval: 0, power_state_change_timeout: 10, power_failure_maintenance_threshold: 2 },
};

/** A simulator and an in-process API for one describe block (QUICK_REDFISH), stopped after it. */
export interface SimAndApi {
  sim: RedfishSim;
  api: ApiHarness;
  client: TyrClient;
}

/** Registers the block's before/after hooks; the fields are set once `before` has run. */
export function useSimAndApi(): SimAndApi {
  const env = {} as SimAndApi;
  before(async () => {
    env.sim = await startRedfishSim();
    env.api = await startApi(QUICK_REDFISH);
    env.client = new TyrClient({ url: env.api.url, apiVersion: 'latest' });
  });
  after(async () => {
    await env.api?.stop();
    await env.sim?.stop();
  });
  return env;
}
