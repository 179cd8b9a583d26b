// The conductor's periodic tasks and their intervals (from config).
import type { ConductorContext } from '../context.js';
import { heartbeat } from '../registration.js';
import { PowerSync } from './power-sync.js';
import type { PeriodicTask } from './runner.js';
import { checkWaitTimeouts } from './wait-timeouts.js';

export function periodicTasks(c: ConductorContext, powerSync = new PowerSync(c)): PeriodicTask[] {
  const cfg = c.config.conductor;
  return [
    { name: 'heartbeat', intervalSeconds: cfg.heartbeat_interval, run: () => heartbeat(c) },
    { name: 'sync_power_states', intervalSeconds: cfg.sync_power_state_interval, run: async (signal) => { await powerSync.run(signal); } },
    { name: 'check_wait_timeouts', intervalSeconds: cfg.check_provision_state_interval, run: async (signal) => { await checkWaitTimeouts(c, signal); } },
  ];
}
