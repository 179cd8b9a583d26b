// The GRUB configs Tyr's TFTP server computes per request: grub/grub.cfg (the entry every GRUB
// reads) and grub/<mac>.cfg (that machine's plan). A plan GRUB cannot boot (a kernel URL, a node
// of another conductor) is logged as an error naming the node, and the machine boots its disk.
import type { Logger } from '../log.js';
import { bootPlanForMac, type BootPlanInput } from './boot-plan.js';
import { recordConfigFetched } from './boot-progress.js';
import { GRUB_MAC_CONFIG, grubConfigFor, grubEntryConfig } from './grub-configs.js';

export function grubTftpAnswers(opts: BootPlanInput & { log: Logger }): (file: string) => Promise<string | undefined> {
  return async (file) => {
    if (file === 'grub/grub.cfg') return grubEntryConfig();
    const mac = GRUB_MAC_CONFIG.exec(file)?.[1];
    if (!mac) return undefined;
    const plan = await bootPlanForMac(mac, opts);
    if (plan.node) await recordConfigFetched(opts.store, plan.node);
    const { text, problem } = grubConfigFor(plan);
    if (problem) opts.log.error({ mac, node_uuid: plan.node?.uuid }, `GRUB config: ${problem}; booting the disk instead`);
    return text;
  };
}
