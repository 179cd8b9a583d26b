// Which conductor runs a call about a driver rather than a node (driver vendor passthru, RAID
// properties): they need a live implementation, which only conductors load, so any live conductor
// that serves the hardware type takes it, picked at random to spread the load.
import { ServiceUnavailable } from '../errors.js';
import type { Target } from './targets.js';

export function driverTarget(driver: string): Target {
  return {
    subject: `driver ${driver}`,
    async owner(ring) {
      const serving = (await ring.liveConductors()).filter((c) => c.hardware_types.includes(driver));
      return serving[Math.floor(Math.random() * serving.length)]?.hostname ?? null;
    },
    noOwner: () =>
      new ServiceUnavailable(
        `No live conductor serves hardware type ${driver}, and this call needs its driver loaded; ` +
          `start a conductor (tyr conductor) with ${driver} among its enabled hardware types, then retry.`,
      ),
  };
}
