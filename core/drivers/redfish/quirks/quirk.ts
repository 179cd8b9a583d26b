// What a vendor's Redfish service does differently from the DMTF schema, as the interfaces need to
// know it. Each vendor file states one or more deviations that Ironic (or sushy, its Redfish
// library) works around, with where they handle it. The generic service has none.
import type { JsonObject } from '../../../db/types.js';
import type { RedfishConnection } from '../connection.js';

export interface RedfishQuirks {
  /** Short vendor name ("dell", "hpe", "lenovo", "supermicro", "generic"): logs and RedfishSystem.vendor. */
  readonly vendor: string;
  /** Whether this file applies to a ComputerSystem's Manufacturer. */
  matches(manufacturer: string): boolean;
  /**
   * BootSourceOverrideEnabled must accompany every boot target change, even when it already has
   * the wanted value. Without the quirk it is left out when unchanged, which other BMCs require.
   */
  readonly alwaysSendBootEnabled?: boolean;
  /** The BootSourceOverrideTarget to send for `target`, given what the system allows. */
  bootTarget?(target: string, allowed: readonly string[]): string;
  /** Body of VirtualMedia.EjectMedia (the schema's is empty: no body at all). */
  readonly ejectMediaBody?: JsonObject;
  /** Inserting media by PATCH needs Inserted and WriteProtected even at their defaults. */
  readonly patchInsertNeedsFlags?: boolean;
  /**
   * Sets a one-time (or persistent) boot from the virtual CD some other way than
   * BootSourceOverrideTarget; resolves false when the BMC does not offer that way.
   */
  bootFromVirtualCd?(conn: RedfishConnection, managerPath: string, persistent: boolean): Promise<boolean>;
}
