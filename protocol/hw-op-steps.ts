// The agent's hardware-operation clean steps, by interface: the API refuses a manual clean that
// names another, and the conductor dispatches these to the ramdisk.
import { ShapeError } from './shape-error.js';

export const HW_OP_STEPS: Readonly<Record<string, readonly string[]>> = {
  bios: ['apply_configuration', 'factory_reset'],
  raid: ['create_configuration', 'delete_configuration'],
  firmware: ['update_firmware', 'update'],
};

/** burnin_network's args.pairing_group: the same string on the two nodes burnt in together. */
export function parsePairingGroup(args: Record<string, unknown> | undefined): string {
  const g = args?.pairing_group;
  if (typeof g !== 'string' || g.trim() === '') {
    throw new ShapeError('burnin_network needs args.pairing_group: the same string on the two nodes to burn in together.');
  }
  return g;
}
