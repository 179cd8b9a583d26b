// The boot mode a node boots in, and whether it boots with Secure Boot: one rule for every boot
// decision (the iPXE or GRUB chain, the BMC's boot device, the agent's boot entry, the ISO).
// Order as Ironic's boot_mode_utils: instance_info.deploy_boot_mode, then the boot_mode
// capability (instance_info, then properties), then the node's recorded boot_mode. With none of
// them, UEFI: almost every server sold since 2020 boots UEFI, and current Ironic defaults to it.
import type { Node } from '../db/types.js';
import { capability } from '../nodes/capabilities.js';

export type BootMode = 'uefi' | 'bios';
export const DEFAULT_BOOT_MODE: BootMode = 'uefi';

type BootModeInputs = Pick<Node, 'instance_info' | 'properties' | 'boot_mode'>;

const isBootMode = (v: unknown): v is BootMode => v === 'uefi' || v === 'bios';

export function targetBootMode(node: BootModeInputs): BootMode {
  const found = [
    node.instance_info.deploy_boot_mode,
    capability(node.instance_info.capabilities, 'boot_mode'),
    capability(node.properties.capabilities, 'boot_mode'),
    node.boot_mode,
  ].find(isBootMode);
  return found ?? DEFAULT_BOOT_MODE;
}

/**
 * Whether the node network-boots the signed shim → GRUB chain instead of iPXE: the secure_boot
 * capability (instance_info, then properties, "true"/"false"), else the Secure Boot state last
 * read from the BMC or reported by inspection (node.secure_boot). Only in UEFI mode.
 */
export function secureBootWanted(node: BootModeInputs & Pick<Node, 'secure_boot'>): boolean {
  if (targetBootMode(node) !== 'uefi') return false;
  const asked = [capability(node.instance_info.capabilities, 'secure_boot'), capability(node.properties.capabilities, 'secure_boot')].find(
    (v) => v === 'true' || v === 'false',
  );
  if (asked !== undefined) return asked === 'true';
  return node.secure_boot === true;
}
