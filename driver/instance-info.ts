// The instance_info patch a deploy needs, built from the flavor and image the way Nova's ironic
// driver does (nova/virt/ironic/patcher.py): numbers as strings, capabilities as a JSON string,
// traits from the flavor's trait*:…=required extra specs plus the image's traits_required.
import type { ApiNode, PatchOp } from '../client/types.js';
import { asObject, optNumber, optString, requireObject, type Obj } from './body.js';
import { invalidInput } from './errors.js';

/** The flavor's sizes, checked; extra_specs is checked where it is read. */
export interface Flavor {
  root_gb: number;
  vcpus: number;
  memory_mb: number;
  swap?: number;
  ephemeral_gb?: number;
  extra_specs?: unknown;
}

export interface DeployRequest {
  displayName?: string;
  host?: string;
  flavor: Flavor;
  image: Obj;
  preserveEphemeral?: boolean;
}

function parseFlavor(flavor: Obj, what: string): Flavor {
  const needed = (k: string): number => {
    const n = optNumber(flavor, k);
    if (n === undefined) throw invalidInput(`${what}: "flavor" needs "${k}" (a number).`);
    return n;
  };
  return {
    root_gb: needed('root_gb'),
    vcpus: needed('vcpus'),
    memory_mb: needed('memory_mb'),
    swap: optNumber(flavor, 'swap'),
    ephemeral_gb: optNumber(flavor, 'ephemeral_gb'),
    extra_specs: flavor.extra_specs,
  };
}

/** A JSON value as text for instance_info; an object as JSON rather than "[object Object]". */
const text = (value: unknown): string => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));

export function deployRequest(body: Obj, what: string): DeployRequest {
  const flavorBody = requireObject(body, 'flavor', what);
  const image = requireObject(body, 'image', what);
  const flavor = parseFlavor(flavorBody, what);
  if (!optString(image, 'id') && !optString(asObject(image.properties, '"image.properties"'), 'image_source')) {
    throw invalidInput(`${what}: "image" needs "id" (the image UUID or URL to deploy).`);
  }
  const pe = body.preserve_ephemeral;
  if (pe !== undefined && pe !== null && typeof pe !== 'boolean') throw invalidInput('"preserve_ephemeral" must be true or false.');
  return { displayName: optString(body, 'display_name'), host: optString(body, 'host'), flavor, image, preserveEphemeral: pe ?? undefined };
}

/** Image properties Tyr's direct deploy reads from instance_info, passed through when given. */
const IMAGE_PASSTHROUGH = ['image_checksum', 'image_os_hash_algo', 'image_os_hash_value', 'image_disk_format', 'image_type'];

export function instanceInfoPatch(node: ApiNode, req: DeployRequest): PatchOp[] {
  const { flavor, image } = req;
  const props = asObject(image.properties, '"image.properties"');
  const add = (key: string, value: unknown): PatchOp => ({ op: 'add', path: `/instance_info/${key}`, value });
  const ops: PatchOp[] = [
    add('image_source', optString(props, 'image_source') ?? image.id),
    add('root_gb', String(flavor.root_gb)),
    add('swap_mb', String(flavor.swap ?? 0)),
    add('display_name', req.displayName ?? null),
    add('vcpus', String(flavor.vcpus)),
    add('nova_host_id', req.host ?? null),
    add('memory_mb', String(flavor.memory_mb)),
    add('local_gb', text(node.properties?.local_gb ?? 0)),
  ];
  if (flavor.ephemeral_gb) ops.push(add('ephemeral_gb', String(flavor.ephemeral_gb)));
  if (req.preserveEphemeral !== undefined) ops.push(add('preserve_ephemeral', String(req.preserveEphemeral)));
  for (const k of IMAGE_PASSTHROUGH) if (typeof props[k] === 'string') ops.push(add(k, props[k]));

  const capabilities: Record<string, unknown> = {};
  const traits: string[] = [];
  for (const [key, val] of Object.entries(asObject(flavor.extra_specs, '"flavor.extra_specs"'))) {
    const [prefix, name] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    if (key.indexOf(':') < 0) continue;
    if (prefix === 'capabilities') capabilities[name] = val;
    // trait$N: granular groups do not matter to a bare-metal node.
    else if (/^trait\d*$/.test(prefix) && val === 'required') traits.push(name);
  }
  const required = props.traits_required;
  if (Array.isArray(required)) traits.push(...required.filter((t): t is string => typeof t === 'string'));
  if (Object.keys(capabilities).length) ops.push(add('capabilities', JSON.stringify(capabilities)));
  if (traits.length) ops.push(add('traits', traits));
  return ops;
}
