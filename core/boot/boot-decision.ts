// What a machine should boot, decided from the node that owns its MAC and the node's state.
import { BOOTS_DEPLOY_RAMDISK_STATES, BOOTS_RESCUE_RAMDISK_STATES } from '../states/provision-states.js';

export type BootKind = 'deploy' | 'rescue' | 'local' | 'discovery';

export function bootKindFor(node: { provision_state: string } | undefined, discoveryEnabled: boolean): { kind: BootKind; reason: string } {
  if (!node) {
    return discoveryEnabled
      ? { kind: 'discovery', reason: 'unknown MAC, discovery is enabled' }
      : { kind: 'local', reason: 'unknown MAC and discovery is disabled' };
  }
  if (BOOTS_DEPLOY_RAMDISK_STATES.has(node.provision_state)) return { kind: 'deploy', reason: `node is ${node.provision_state}` };
  if (BOOTS_RESCUE_RAMDISK_STATES.has(node.provision_state)) return { kind: 'rescue', reason: `node is ${node.provision_state}` };
  return { kind: 'local', reason: `node is ${node.provision_state}` };
}
