// What a machine network-boots, decided once per request from the node that owns its MAC: chain
// to the node's conductor, boot the local disk, or boot a ramdisk (kernel and ramdisk references
// plus the kernel command line). The iPXE script (ipxe-scripts.ts) and the GRUB config of the
// Secure Boot chain (grub-configs.ts) are two renderings of the same plan.
import type { Config } from '../config.js';
import type { Store } from '../db/store.js';
import type { Node } from '../db/types.js';
import type { Logger } from '../log.js';
import { bootKindFor, type BootKind } from './boot-decision.js';
import { targetBootMode, type BootMode } from './boot-mode.js';
import { isSafeBootReference } from './boot-refs.js';
import { ramdiskReference } from './ramdisk-choice.js';
import { ramdiskKernelArgs } from './ramdisk-kernel-args.js';

export interface BootPlanInput {
  config: Config;
  store: Store;
  log: Logger;
  apiUrl(): string;
  /** Scale-out: the boot URL of the conductor that owns the node, when that is not this one. */
  ownerBootUrl?: (node: Node) => Promise<string | null>;
}

export type BootPlan =
  | { type: 'chain'; node: Node; owner: string }
  /** `mode` undefined: no node, so the loader's own platform decides how to leave (ipxe-scripts.ts). */
  | { type: 'local'; reason: string; node?: Node; mode?: BootMode }
  | {
      type: 'ramdisk';
      kind: Exclude<BootKind, 'local'>;
      reason: string;
      node?: Node;
      /** References checked by isSafeBootReference: an http(s) URL or a file under the boot root. */
      kernel: string;
      ramdisk: string;
      kernelArgs: string;
    };

type RamdiskRefs = { kernel: string; ramdisk: string } | { problem: string } | undefined;

/** The kernel and ramdisk references; a stored reference that could break a script is a problem, not a word of it. */
function ramdiskRefs(kind: Exclude<BootKind, 'local'>, node: Node | undefined, config: Config): RamdiskRefs {
  const purpose = kind === 'rescue' ? 'rescue' : 'deploy';
  const kernel = ramdiskReference(purpose, 'kernel', node, config);
  const ramdisk = ramdiskReference(purpose, 'ramdisk', node, config);
  if (!kernel.value || !ramdisk.value) return undefined;
  for (const ref of [kernel, ramdisk]) {
    if (typeof ref.value !== 'string' || !isSafeBootReference(ref.value))
      return { problem: `${ref.key} is not an http(s) URL or a file name under the boot root` };
  }
  return { kernel: kernel.value as string, ramdisk: ramdisk.value as string };
}

export async function nodeForMac(store: Store, mac: string): Promise<Node | undefined> {
  const port = await store.ports.findByAddress(mac);
  return port ? store.nodes.findById(port.node_id) : undefined;
}

export async function bootPlanForMac(mac: string, opts: BootPlanInput): Promise<BootPlan> {
  const node = await nodeForMac(opts.store, mac);
  const { kind, reason } = bootKindFor(node, opts.config.discovery.enabled);
  const log = opts.log.child({ mac, node_uuid: node?.uuid });
  const mode = node && targetBootMode(node);
  const owner = node && (await opts.ownerBootUrl?.(node));
  if (owner) {
    log.info({ owner }, "boot script: chained to the node's conductor");
    return { type: 'chain', node, owner };
  }
  if (kind === 'local') {
    log.info({ reason }, 'boot script: local disk');
    return { type: 'local', reason, node, mode };
  }
  const refs = ramdiskRefs(kind, node, opts.config);
  if (!refs) {
    const what = node ? `node ${node.uuid}` : 'discovery';
    const fix = 'set driver_info deploy_kernel/deploy_ramdisk on the node, or boot.deploy_kernel/deploy_ramdisk in the config';
    log.error({ reason }, `boot script: no ramdisk configured for ${what}; ${fix}`);
    return { type: 'local', reason: `no ramdisk configured for ${what}; ${fix}`, node, mode };
  }
  if ('problem' in refs) {
    // Written before the API checked it, or straight into the database: refuse rather than escape.
    log.error({ reason }, `boot script: node ${node?.uuid}: ${refs.problem}; booting it from disk until that is fixed`);
    return { type: 'local', reason: `node ${node?.uuid}: ${refs.problem}`, node, mode };
  }
  const kernelArgs = ramdiskKernelArgs({ apiUrl: opts.apiUrl(), kind, node, bootifMac: mac });
  log.info({ reason, kind }, `boot script: ${kind} ramdisk`);
  return { type: 'ramdisk', kind, reason, node, ...refs, kernelArgs };
}
