// The boot-mode inputs checked before they are acted on, as Ironic's validate_capabilities and
// boot_mode_utils do in the boot and deploy interfaces' validate: a misspelt mode would otherwise
// fall through to the default silently, and Secure Boot asked for a BIOS boot can never happen.
// A problem is a 400 naming the node, the key and what to set.
import type { Node } from '../db/types.js';
import { InvalidParameterValue } from '../errors.js';
import { capability, jsonCapabilities } from '../nodes/capabilities.js';
import { targetBootMode } from './boot-mode.js';

type CheckedNode = Pick<Node, 'uuid' | 'instance_info' | 'properties' | 'boot_mode' | 'secure_boot'>;

const BOOT_MODE_VALUES = ['uefi', 'bios'];
const SECURE_BOOT_VALUES = ['true', 'false'];

/** Where each input lives, as the API path an operator sets it with. */
const SOURCES = [
  { field: 'instance_info', of: (n: CheckedNode) => n.instance_info },
  { field: 'properties', of: (n: CheckedNode) => n.properties },
] as const;

function refuse(node: CheckedNode, key: string, value: unknown, allowed: string[]): never {
  throw new InvalidParameterValue(
    `Node ${node.uuid}: ${key} is ${JSON.stringify(value)}, which is not a supported value; ` +
      `set it to one of ${allowed.map((v) => `"${v}"`).join(', ')} or remove it.`,
  );
}

/** Each boot_mode / secure_boot capability and deploy_boot_mode holds a value Tyr knows. */
function checkValues(node: CheckedNode): void {
  const deployMode: unknown = node.instance_info.deploy_boot_mode;
  if (deployMode !== undefined && deployMode !== null && !BOOT_MODE_VALUES.includes(deployMode as string)) {
    refuse(node, 'instance_info/deploy_boot_mode', deployMode, BOOT_MODE_VALUES);
  }
  const instanceCaps = node.instance_info.capabilities;
  if (typeof instanceCaps === 'string' && instanceCaps.trim().startsWith('{') && !jsonCapabilities(instanceCaps)) {
    throw new InvalidParameterValue(
      `Node ${node.uuid}: instance_info/capabilities looks like JSON but is not a JSON object; set it to an object such as {"boot_mode": "uefi"}.`,
    );
  }
  for (const { field, of } of SOURCES) {
    const caps = of(node).capabilities;
    const mode = capability(caps, 'boot_mode');
    if (mode !== undefined && !BOOT_MODE_VALUES.includes(mode))
      refuse(node, `the boot_mode capability in ${field}/capabilities`, mode, BOOT_MODE_VALUES);
    const secure = capability(caps, 'secure_boot');
    if (secure !== undefined && !SECURE_BOOT_VALUES.includes(secure)) {
      refuse(node, `the secure_boot capability in ${field}/capabilities`, secure, SECURE_BOOT_VALUES);
    }
  }
}

/** Secure Boot is a UEFI feature: asking for it on a node that boots legacy BIOS is a contradiction. */
function checkSecureBootMode(node: CheckedNode): void {
  const asking = SOURCES.find(({ of }) => capability(of(node).capabilities, 'secure_boot') === 'true');
  if (!asking || targetBootMode(node) !== 'bios') return;
  throw new InvalidParameterValue(
    `Node ${node.uuid}: the secure_boot:true capability in ${asking.field}/capabilities needs UEFI, but the node boots in bios mode; ` +
      'set the boot_mode:uefi capability (and remove instance_info/deploy_boot_mode bios), or set secure_boot:false.',
  );
}

/** Throws InvalidParameterValue (400) when the node's boot mode or Secure Boot inputs cannot be honoured. */
export function checkBootModeInputs(node: CheckedNode): void {
  checkValues(node);
  checkSecureBootMode(node);
}
