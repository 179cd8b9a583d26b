// The in-process Tyr the power-sync benchmarks (ipmi and redfish) start: temp data dir, ports
// picked by the OS, quiet logs, no periodic sync (the benchmark runs the pass itself) and
// `workers` power-sync workers, talking IPMI through `ipmiClient`.
import { loadConfig } from '../../core/config-load.js';
import type { Config } from '../../core/config.js';
import type { IpmiClientKind } from '../../core/drivers/ipmitool/ipmi-client.js';

export function powerSyncBenchConfig(dataDir: string, workers: number, ipmiClient: IpmiClientKind = 'native'): Config {
  return loadConfig({
    env: {},
    overrides: {
      service: { data_dir: dataDir, log_level: 'warn' },
      api: { port: 0, host: '127.0.0.1' },
      boot: { http_port: 0, tftp_port: 0 },
      conductor: { sync_power_state_interval: 0, sync_power_state_workers: workers },
      ipmi: { client: ipmiClient },
    },
  });
}
