// The conductor's periodic tasks and their intervals (from config).
import type { ConductorContext } from '../context.js';
import { heartbeat } from '../registration.js';
import { PowerSync } from './power-sync.js';
import type { PeriodicTask } from './runner.js';
import { takeOverDeadConductors } from './takeover.js';
import { checkWaitTimeouts } from './wait-timeouts.js';

export function periodicTasks(c: ConductorContext, powerSync = new PowerSync(c)): PeriodicTask[] {
  const cfg = c.config.conductor;
  return [
    { name: 'heartbeat', intervalSeconds: cfg.heartbeat_interval, run: () => heartbeat(c) },
    {
      name: 'sync_power_states',
      intervalSeconds: cfg.sync_power_state_interval,
      run: async (signal) => {
        // One line a pass: how many nodes and how long, which tells an operator how far the
        // conductor is from its limit (a pass longer than the interval means nodes wait longer).
        const started = Date.now();
        const nodes = await powerSync.run(signal);
        c.log.info({ nodes, ms: Date.now() - started }, 'power sync pass finished');
      },
    },
    // Scale-out only (without a ring there is no one else to take over from).
    {
      name: 'take_over_dead_conductors',
      intervalSeconds: c.ring ? cfg.heartbeat_interval : 0,
      run: async (signal) => {
        await takeOverDeadConductors(c, signal);
      },
    },
    {
      name: 'check_wait_timeouts',
      intervalSeconds: cfg.check_provision_state_interval,
      run: async (signal) => {
        await checkWaitTimeouts(c, signal);
      },
    },
  ];
}
