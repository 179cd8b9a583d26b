// What the boot servers do when a loader is served or refused, once the client's MAC is known
// (from dnsmasq's leases; with external DHCP Tyr cannot map an address to a MAC, so nothing is
// recorded). Served: the node's boot progress (boot-progress.ts). Refused because shim or GRUB is
// not installed: an error naming the node, in the log and in its last_error, since otherwise the
// machine just sits in its firmware until the wait times out.
import type { Store } from '../db/store.js';
import type { Logger } from '../log.js';
import { nodeForMac } from './boot-plan.js';
import { recordLoaderServed } from './boot-progress.js';
import { loaderKind } from './loaders.js';

export interface LoaderEventOptions {
  store: Store;
  log: Logger;
  /** The MAC that holds `address`'s lease, when Tyr knows it. */
  macFor(address: string): Promise<string | undefined>;
  /** Why Secure Boot nodes cannot boot here (loader-dir.ts), if they cannot. */
  secureBootProblem?: string;
}

export function loaderEvents(opts: LoaderEventOptions) {
  const { store, log } = opts;
  const failed = (what: string) => (err: Error) => log.error({ err: err.message }, `boot progress: cannot record ${what}`);
  return {
    served(address: string, file: string): void {
      if (!loaderKind(file)) return;
      void opts
        .macFor(address)
        .then((mac) => (mac ? recordLoaderServed(store, log, mac, file) : undefined))
        .catch(failed('a served loader'));
    },
    refused(address: string, file: string, reason: string): void {
      if (loaderKind(file) !== 'signed' || reason !== 'no such file') return;
      void (async () => {
        const mac = await opts.macFor(address);
        const node = mac ? await nodeForMac(store, mac) : undefined;
        const why = opts.secureBootProblem ?? `${file} is not in the loader directory`;
        const message = `Secure Boot network boot failed: the machine asked for ${file}, but ${why}. Install the packages and restart Tyr, or set boot.shim_efi/boot.grub_efi.`;
        log.error({ node_uuid: node?.uuid, mac, client: address, file }, message);
        if (node) await store.nodes.update(node.id, { last_error: message });
      })().catch(failed('a missing signed loader'));
    },
  };
}
