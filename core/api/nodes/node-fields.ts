// The node's API fields and the microversion that introduced each one (Ironic's
// api/controllers/v1/node.py and utils.py). A response never shows a field newer than the
// request's version, and `?fields=` may only name fields the version shows.
import { NODE_INTERFACE_FIELDS } from '../../db/types.js';
import { MAX_VERSION } from '../microversion.js';

const INTERFACE_SINCE: Record<string, number> = {
  network_interface: 20,
  storage_interface: 33,
  rescue_interface: 38,
  bios_interface: 40,
  // firmware_interface arrived in 1.86, beyond Tyr's maximum, so it is never shown.
  firmware_interface: 86,
};

export const NODE_FIELD_SINCE: Record<string, number> = {
  uuid: 1,
  name: 5,
  instance_uuid: 1,
  power_state: 1,
  provision_state: 1,
  maintenance: 1,
  chassis_uuid: 1,
  driver: 1,
  driver_info: 1,
  driver_internal_info: 3,
  properties: 1,
  instance_info: 1,
  extra: 1,
  target_power_state: 1,
  target_provision_state: 1,
  provision_updated_at: 1,
  last_error: 1,
  maintenance_reason: 1,
  reservation: 1,
  console_enabled: 1,
  created_at: 1,
  updated_at: 1,
  inspection_started_at: 6,
  inspection_finished_at: 6,
  clean_step: 7,
  raid_config: 12,
  target_raid_config: 12,
  resource_class: 21,
  ...Object.fromEntries(NODE_INTERFACE_FIELDS.map((f) => [f, INTERFACE_SINCE[f] ?? 31])),
  traits: 37,
  fault: 42,
  deploy_step: 44,
  conductor_group: 46,
  automated_clean: 47,
  protected: 48,
  protected_reason: 48,
  conductor: 49,
  owner: 50,
  description: 51,
  allocation_uuid: 52,
  retired: 61,
  retired_reason: 61,
  lessee: 65,
  network_data: 66,
  boot_mode: 75,
  secure_boot: 75,
  shard: 82,
};

/** Fields of the short (non-detail) list, as Ironic's _DEFAULT_RETURN_FIELDS. */
export const NODE_LIST_FIELDS = ['uuid', 'name', 'instance_uuid', 'power_state', 'provision_state', 'maintenance'];

// Every request asks which fields its version shows: the answer for each version is made once.
const FIELDS_AT: readonly (readonly string[])[] = Array.from({ length: MAX_VERSION.minor + 1 }, (_, minor) =>
  Object.freeze(Object.keys(NODE_FIELD_SINCE).filter((f) => NODE_FIELD_SINCE[f]! <= minor)),
);

/** Fields the node shows at API version 1.`minor`. */
export function nodeFieldsAt(minor: number): readonly string[] {
  return FIELDS_AT[Math.min(minor, MAX_VERSION.minor)]!;
}

/** Fields only the conductor may change: a PATCH or a create naming them is refused. */
export const NODE_READ_ONLY = new Set([
  'uuid',
  'power_state',
  'target_power_state',
  'provision_state',
  'target_provision_state',
  'provision_updated_at',
  'last_error',
  'reservation',
  'console_enabled',
  'created_at',
  'updated_at',
  'inspection_started_at',
  'inspection_finished_at',
  'clean_step',
  'deploy_step',
  'raid_config',
  'target_raid_config',
  'traits',
  'fault',
  'conductor',
  'allocation_uuid',
  'driver_internal_info',
  'links',
  'ports',
  'portgroups',
  'states',
  'volume',
  'firmware_interface',
]);
