// Which kernel and ramdisk a node's ramdisk boot uses: the rescue_* references for a rescue, then
// the deploy_* ones of driver_info, then the service defaults (boot.deploy_kernel/ramdisk). The
// iPXE script and the virtual-media ISO follow the same rule.
import type { Config } from '../config.js';
import type { Node } from '../db/types.js';

export interface RamdiskReference {
  /** Where the value came from, for messages: "driver_info/rescue_kernel", "boot.deploy_kernel". */
  key: string;
  value: unknown;
}

export function ramdiskReference(
  purpose: 'deploy' | 'rescue',
  what: 'kernel' | 'ramdisk',
  node: Node | undefined,
  config: Config,
): RamdiskReference {
  const info = node?.driver_info ?? {};
  const keys = purpose === 'rescue' ? [`rescue_${what}`, `deploy_${what}`] : [`deploy_${what}`];
  for (const key of keys) {
    if (info[key] !== undefined && info[key] !== null) return { key: `driver_info/${key}`, value: info[key] };
  }
  return { key: `boot.deploy_${what}`, value: config.boot[`deploy_${what}`] };
}
