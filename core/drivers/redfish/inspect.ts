// The `redfish` inspect interface: out-of-band inspection, no ramdisk. The system's processors,
// memory, drives and NICs are read from the BMC and returned as an agent-format inventory; the
// conductor records it as it records an agent's (properties, ports, stored inventory, rules:
// core/conductor/inspection/out-of-band.ts).
import type { JsonObject } from '../../db/types.js';
import { HardwareError } from '../../errors.js';
import type { InspectInterface } from '../interfaces/inspect.js';
import type { NodeContext } from '../interfaces/task.js';
import type { RedfishConnection, RedfishSystems } from './connection.js';
import { inventoryFrom, missingEssentials, type RedfishHardware } from './inspect-inventory.js';
import { validateRedfishNode } from './oob-validate.js';
import { linkAt, readMembers } from './resource-fields.js';
import { readStorage } from './storage-read.js';

const orEmpty = async (conn: RedfishConnection, path: string | null): Promise<JsonObject[]> => (path ? readMembers(conn, path) : []);

/** The BMC's IP address from redfish_address, for inventory.bmc_address (discovery matches on it). */
function bmcAddressOf(driverInfo: JsonObject): string | null {
  const address = driverInfo.redfish_address;
  if (typeof address !== 'string') return null;
  try {
    const host = new URL(address.includes('://') ? address : `https://${address}`).hostname.replace(/^\[|\]$/g, '');
    return /^[0-9a-f.:]+$/i.test(host) ? host : null;
  } catch {
    return null;
  }
}

/**
 * The SecureBoot resource, or null: a BMC without one (or failing to serve it) leaves the node's
 * Secure Boot state unknown rather than failing the inspection of everything else.
 */
async function readSecureBoot(ctx: NodeContext, conn: RedfishConnection, path: string | null): Promise<JsonObject | null> {
  if (!path) return null;
  try {
    return await conn.get(path);
  } catch (err) {
    ctx.log.warn({ err: (err as Error).message, path }, 'inspection: the SecureBoot resource could not be read; secure_boot left unknown');
    return null;
  }
}

export class RedfishInspect implements InspectInterface {
  readonly properties = {};

  constructor(private readonly systems: RedfishSystems) {}

  async validate(ctx: NodeContext): Promise<void> {
    validateRedfishNode(ctx);
  }

  async readHardware(ctx: NodeContext): Promise<RedfishHardware> {
    const { conn, system } = await this.systems.forNode(ctx);
    const drives = (await readStorage(conn, system)).flatMap((s) => s.drives);
    return {
      system,
      processors: await orEmpty(conn, linkAt(system, 'Processors')),
      ethernetInterfaces: await orEmpty(conn, linkAt(system, 'EthernetInterfaces')),
      drives,
      // SimpleStorage is the older schema: read only when Storage gave no drive.
      simpleStorage: drives.length > 0 ? [] : await orEmpty(conn, linkAt(system, 'SimpleStorage')),
      bmcAddress: bmcAddressOf(ctx.node.driver_info),
      secureBoot: await readSecureBoot(ctx, conn, linkAt(system, 'SecureBoot')),
    };
  }

  async inspect(ctx: NodeContext): Promise<{ result: 'done'; properties: JsonObject; inventory: JsonObject }> {
    const inventory = inventoryFrom(await this.readHardware(ctx));
    const missing = missingEssentials(inventory);
    if (missing.length > 0) {
      throw new HardwareError(
        `Node ${ctx.node.uuid}: its Redfish BMC does not report ${missing.join(', ')}; some BMCs only know them once the machine has booted: power it on, then inspect again.`,
      );
    }
    ctx.log.info(
      { cpus: inventory.cpu.count, disks: inventory.disks.length, nics: inventory.interfaces.length },
      'redfish inspection read the hardware',
    );
    return { result: 'done', properties: {}, inventory: inventory as unknown as JsonObject };
  }
}
