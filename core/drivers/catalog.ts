// The driver catalog of an API process (scale-out): the hardware types that live conductors
// registered in the database when they started (core/conductor/registration.ts), as Ironic's API
// reads conductor_hardware_interfaces. The API process loads no driver implementation: what
// needs a live driver (driver vendor passthru, RAID properties) goes to a conductor over the RPC.
// A conductor that stops heartbeating drops out of the catalog with it, as it drops off the ring.
import { isAlive } from '../db/conductors.js';
import type { Store } from '../db/store.js';
import type { Node } from '../db/types.js';
import type { HardwareTypeInfo } from './hardware-types.js';
import { checkNodeDriver, noSuchHardwareType } from './registry.js';

export class DriverCatalog {
  constructor(
    private readonly store: Store,
    private readonly heartbeatTimeoutSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The hardware types live conductors serve. Conductors built from one configuration register
   * the same; where they differ, a type offers every implementation any of them enabled, and
   * its defaults are those of the conductor registered first.
   */
  async list(): Promise<HardwareTypeInfo[]> {
    const at = this.now();
    const live = new Set((await this.store.conductors.list()).filter((c) => isAlive(c, this.heartbeatTimeoutSeconds, at)).map((c) => c.id));
    const byName = new Map<string, HardwareTypeInfo>();
    for (const reg of await this.store.conductorHardwareTypes.list()) {
      if (!live.has(reg.conductor_id)) continue;
      const known = byName.get(reg.hardware_type);
      if (!known) {
        byName.set(reg.hardware_type, {
          name: reg.hardware_type,
          interfaces: structuredClone(reg.interfaces),
          properties: { ...reg.properties },
        });
        continue;
      }
      for (const [kind, names] of Object.entries(reg.interfaces)) {
        const merged = known.interfaces[kind] ?? [];
        known.interfaces[kind] = [...merged, ...names.filter((n) => !merged.includes(n))];
      }
      known.properties = { ...reg.properties, ...known.properties };
    }
    return [...byName.values()];
  }

  /** The driver checks of node create and update, against what live conductors serve. */
  async checkNode(node: Partial<Node>): Promise<Partial<Node>> {
    const types = await this.list();
    return checkNodeDriver(node, (name) => {
      const ht = types.find((t) => t.name === name);
      if (!ht)
        throw noSuchHardwareType(
          name,
          types.map((t) => t.name),
        );
      return ht;
    });
  }
}
