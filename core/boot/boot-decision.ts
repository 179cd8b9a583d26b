// What a machine should boot, decided from the node that owns its MAC and the node's state.

export type BootKind = 'deploy' | 'rescue' | 'local' | 'discovery';

/** States in which the node runs the agent from the deploy ramdisk. */
const DEPLOY_RAMDISK_STATES = new Set([
  'deploying', 'wait call-back', 'cleaning', 'clean wait', 'inspecting', 'inspect wait', 'verifying',
]);
/** States in which the node runs the agent in rescue mode. */
const RESCUE_RAMDISK_STATES = new Set(['rescuing', 'rescue wait', 'rescue']);

export function bootKindFor(node: { provision_state: string } | undefined, discoveryEnabled: boolean): { kind: BootKind; reason: string } {
  if (!node) {
    return discoveryEnabled
      ? { kind: 'discovery', reason: 'unknown MAC, discovery is enabled' }
      : { kind: 'local', reason: 'unknown MAC and discovery is disabled' };
  }
  if (DEPLOY_RAMDISK_STATES.has(node.provision_state)) return { kind: 'deploy', reason: `node is ${node.provision_state}` };
  if (RESCUE_RAMDISK_STATES.has(node.provision_state)) return { kind: 'rescue', reason: `node is ${node.provision_state}` };
  return { kind: 'local', reason: `node is ${node.provision_state}` };
}
