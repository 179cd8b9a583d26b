// The kernel command line Tyr gives its ramdisk: where the agent finds the API, who it is, why it
// booted, the consoles, and the node's own additions. One builder for every way the ramdisk
// boots (the iPXE script of http-boot.ts, the virtual-media ISO's isolinux.cfg), so the agent
// reads the same words whichever way it came up.
import type { Node } from '../db/types.js';
import { INSPECTION_RAMDISK_STATES } from '../states/provision-states.js';
import type { BootKind } from './boot-decision.js';
import { SAFE_KERNEL_WORD } from './boot-refs.js';

export interface RamdiskArgsInput {
  /** The API's public URL (no trailing slash). */
  apiUrl: string;
  kind: Exclude<BootKind, 'local'>;
  node?: Node;
  /** The MAC the machine network-booted from, when it did. */
  bootifMac?: string;
}

/** Extra kernel arguments; only plain `key[=value]` words, so nothing can break a boot script line. */
export function kernelAppendParams(node: Node | undefined): string[] {
  const raw = node?.driver_info.kernel_append_params;
  if (typeof raw !== 'string') return [];
  return raw.split(/\s+/).filter((word) => SAFE_KERNEL_WORD.test(word));
}

export function ramdiskKernelArgs({ apiUrl, kind, node, bootifMac }: RamdiskArgsInput): string {
  return [
    `ipa-api-url=${apiUrl}`,
    ...(bootifMac ? [`BOOTIF=01-${bootifMac.toLowerCase().replace(/:/g, '-')}`] : []),
    `tyr-mode=${kind}`,
    ...(node ? [`tyr-node-uuid=${node.uuid}`] : []),
    // A stock IPA inspects (and discovers) only when told where to post: Tyr's agent ignores it.
    ...(kind === 'discovery' || (node && INSPECTION_RAMDISK_STATES.has(node.provision_state))
      ? [`ipa-inspection-callback-url=${apiUrl}/v1/continue_inspection`]
      : []),
    'console=ttyS0,115200n8',
    'console=tty0',
    // Per-node additions (Ironic's driver_info/kernel_append_params), e.g. ipa-advertise-host.
    ...kernelAppendParams(node),
  ].join(' ');
}
