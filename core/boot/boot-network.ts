// What the boot interface tells the boot network before it makes a machine network-boot. Tyr's
// dnsmasq keeps its per-MAC host files in step with the database on a timer; a node enrolled with
// secure_boot:true and powered on at once would otherwise be offered iPXE (which its firmware
// refuses) by a host file that is up to one resync interval old.
import type { Node } from '../db/types.js';

export interface BootNetwork {
  /** Brings the DHCP view of this node's MACs (known, Secure Boot) up to date now. */
  nodeWillNetworkBoot(node: Node): Promise<void>;
}
