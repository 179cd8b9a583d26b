// Per node, how far its last network boot got: which loader Tyr served it (over TFTP or /efi/),
// and whether it then fetched its iPXE script or GRUB config. Kept in
// driver_internal_info.boot_progress, one small write per step, found through the port's MAC
// (no scans). A wait-state timeout reads it: a machine that got the unsigned iPXE EFI binary and
// never asked for its script most likely has Secure Boot on (its firmware refuses iPXE).
import type { Store } from '../db/store.js';
import type { Node } from '../db/types.js';
import type { Logger } from '../log.js';
import { nodeForMac } from './boot-plan.js';
import { loaderKind } from './loaders.js';

export interface BootProgress {
  loader: string;
  loader_kind: NonNullable<ReturnType<typeof loaderKind>>;
  loader_at: string;
  /** When the machine fetched its iPXE script or GRUB config after that loader. */
  config_at?: string;
}

function progressOf(node: Pick<Node, 'driver_internal_info'>): BootProgress | undefined {
  const p = node.driver_internal_info.boot_progress as BootProgress | undefined;
  return p && typeof p === 'object' && typeof p.loader === 'string' ? p : undefined;
}

/** A loader file was served to the machine with `mac`. */
export async function recordLoaderServed(store: Store, log: Logger, mac: string, file: string): Promise<void> {
  const kind = loaderKind(file);
  const node = kind && (await nodeForMac(store, mac));
  if (!kind || !node) return;
  const progress: BootProgress = { loader: file.replace(/^\/+/, ''), loader_kind: kind, loader_at: new Date().toISOString() };
  await store.nodes.updateInternalInfo(node.id, (n) => ({ ...n.driver_internal_info, boot_progress: progress }));
  log.info({ node_uuid: node.uuid, mac, loader: progress.loader }, 'boot progress: loader served');
}

/** The machine fetched its per-MAC iPXE script or GRUB config. */
export async function recordConfigFetched(store: Store, node: Node): Promise<void> {
  if (!progressOf(node) || progressOf(node)?.config_at) return;
  await store.nodes.updateInternalInfo(node.id, (n) => {
    const p = progressOf(n);
    return p && !p.config_at ? { ...n.driver_internal_info, boot_progress: { ...p, config_at: new Date().toISOString() } } : undefined;
  });
}

// The loader of the boot a wait is for is served after the power-on that precedes the wait; the
// margin covers a state recorded a little after the machine already asked.
const SAME_BOOT_MARGIN_MS = 10 * 60_000;

/**
 * The likely cause of a boot wait timing out, when the boot progress points at Secure Boot.
 * `waitSince`: when the wait began, so the record of an older boot is not taken for this one.
 */
export function secureBootHint(node: Pick<Node, 'driver_internal_info'>, waitSince?: number): string | undefined {
  const p = progressOf(node);
  if (!p || p.loader_kind !== 'ipxe-efi' || p.config_at) return undefined;
  if (waitSince !== undefined && Date.parse(p.loader_at) < waitSince - SAME_BOOT_MARGIN_MS) return undefined;
  return (
    `The machine was served the unsigned iPXE loader ${p.loader} at ${p.loader_at} and never fetched its boot script: ` +
    'Secure Boot is the likely cause (its firmware refuses unsigned iPXE). Set the capability secure_boot:true so Tyr serves ' +
    'the signed shim → GRUB chain, or turn Secure Boot off in the firmware.'
  );
}
