// What a client may write into a node (create body or PATCH result): the writable fields with
// their types and versions, Ironic's naming rules, and the translation of API fields
// (chassis_uuid) into stored ones.
import { checkBootValues } from '../../boot/boot-refs.js';
import { InvalidParameterValue } from '../../errors.js';
import { asBadRequest } from '../../shape-errors.js';
import { hasNetworkData, parseNetworkData } from '../../../protocol/network-data.js';
import type { Store } from '../../db/store.js';
import { NODE_INTERFACE_FIELDS, type Node } from '../../db/types.js';
import { UUID_RE } from '../../db/resource-repo.js';
import { checkField, uuidField, type BodySchema } from '../body.js';
import { referencedId } from '../referenced.js';
import { NODE_FIELD_SINCE } from './node-fields.js';

const s = (type: BodySchema[string]['type'], field: string, nullable = true) => ({ type, nullable, since: NODE_FIELD_SINCE[field] ?? 1 });

export const NODE_WRITABLE: BodySchema = {
  uuid: s('string', 'uuid', false),
  name: s('string', 'name'),
  driver: s('string', 'driver', false),
  driver_info: s('object', 'driver_info', false),
  properties: s('object', 'properties', false),
  instance_info: s('object', 'instance_info', false),
  extra: s('object', 'extra', false),
  chassis_uuid: s('string', 'chassis_uuid'),
  instance_uuid: s('string', 'instance_uuid'),
  maintenance: s('boolean', 'maintenance', false),
  maintenance_reason: s('string', 'maintenance_reason'),
  resource_class: s('string', 'resource_class'),
  ...Object.fromEntries(NODE_INTERFACE_FIELDS.filter((f) => f !== 'firmware_interface').map((f) => [f, s('string', f)])),
  conductor_group: s('string', 'conductor_group'),
  automated_clean: s('boolean', 'automated_clean'),
  protected: s('boolean', 'protected', false),
  protected_reason: s('string', 'protected_reason'),
  owner: s('string', 'owner'),
  lessee: s('string', 'lessee'),
  description: s('string', 'description'),
  retired: s('boolean', 'retired', false),
  retired_reason: s('string', 'retired_reason'),
  network_data: s('object', 'network_data', false),
  shard: s('string', 'shard'),
};

/** Names that would shadow /v1/nodes/detail and /v1/nodes/validate. */
const RESERVED_NODE_NAMES = new Set(['detail', 'validate']);
const HOSTNAME_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
export const LOGICAL_NAME = /^[A-Za-z0-9._~-]{1,255}$/;

/** Ironic's rules: before 1.10 a name is a lower-case hostname; from 1.10 RFC 3986 unreserved characters. Never UUID-like. */
export function checkNodeName(name: string, minor: number): void {
  const host = name.endsWith('.') ? name.slice(0, -1) : name;
  const ok =
    minor >= 10
      ? LOGICAL_NAME.test(name)
      : name.length <= 255 && !/^\d+$/.test(host) && host.split('.').every((l) => HOSTNAME_LABEL.test(l));
  if (RESERVED_NODE_NAMES.has(name)) {
    throw new InvalidParameterValue(`Cannot use node name '${name}': it is reserved, because /v1/nodes/${name} is an endpoint of its own.`);
  }
  if (!ok || UUID_RE.test(name)) {
    const rule =
      minor >= 10
        ? 'letters, digits and "-._~" only, at most 255 characters'
        : 'a lower-case host name (API versions before 1.10; send a newer version for more characters)';
    throw new InvalidParameterValue(`Cannot use node name '${name}': a name must be ${rule}, and must not look like a UUID.`);
  }
}

/** Checks and converts API-level node fields into stored columns. */
export async function toNodeColumns(fields: Record<string, unknown>, store: Store, minor: number): Promise<Partial<Node>> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    const spec = NODE_WRITABLE[key];
    if (!spec) throw new InvalidParameterValue(`Node field "${key}" can not be written.`);
    // Removing an object field resets it to empty, as Ironic does.
    const v = checkField(
      key,
      value === null && spec.type === 'object' ? {} : value === null && spec.type === 'boolean' && !spec.nullable ? false : value,
      spec,
    );
    if (key === 'chassis_uuid') {
      out.chassis_id = v === null ? null : await referencedId('chassis_uuid', v, (i) => store.chassis.getByIdent(i));
    } else if (key === 'name' && v !== null) {
      checkNodeName(v as string, minor);
      out.name = v;
    } else if (key === 'driver_info' || key === 'instance_info') {
      checkBootValues(key, v as Record<string, unknown>);
      out[key] = v;
    } else if (key === 'network_data') {
      // The ramdisk applies it when there is no DHCP (virtual media): a plan it cannot read is refused now, not at boot.
      if (hasNetworkData(v)) asBadRequest(() => parseNetworkData(v), 'Node field "network_data" is not a usable network plan');
      out[key] = v;
    } else if ((key === 'uuid' || key === 'instance_uuid') && v !== null) {
      out[key] = uuidField(key, v, 'a node');
    } else {
      out[key] = v;
    }
  }
  return out;
}
