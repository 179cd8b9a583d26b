// The conductor's periodic tasks and their intervals (from config).
import type { ConductorContext } from '../context.js';
import { heartbeat } from '../registration.js';
import type { PeriodicTask } from './runner.js';

export function periodicTasks(c: ConductorContext): PeriodicTask[] {
  const cfg = c.config.conductor;
  return [
    { name: 'heartbeat', intervalSeconds: cfg.heartbeat_interval, run: () => heartbeat(c) },
  ];
}
