// Degraded mode of nodes migrated from nova-baremetal with their instance still running: Tyr did
// not deploy that instance, so it knows neither its image nor how it was laid out on disk. Power
// actions, listing and undeploy work; rebuild and rescue (which need that knowledge) are refused
// until Tyr has deployed the node once. The marker is written by migrate/mapping.ts.
import type { Node } from '../db/types.js';
import { InvalidParameterValue } from '../errors.js';
import type { ProvisionEvent } from '../states/provision-states.js';

export const MIGRATED_KEY = 'migrated_from';

const NEEDS_TYR_DEPLOY = new Set<ProvisionEvent>(['rebuild', 'rescue']);

export function migratedFrom(node: Pick<Node, 'driver_internal_info'>): string | undefined {
  const v = node.driver_internal_info?.[MIGRATED_KEY];
  return typeof v === 'string' ? v : undefined;
}

/** 400 for rebuild/rescue of a node whose instance Tyr did not deploy. */
export function checkMigratedVerb(node: Pick<Node, 'uuid' | 'driver_internal_info'>, event: ProvisionEvent): void {
  const from = migratedFrom(node);
  if (!from || !NEEDS_TYR_DEPLOY.has(event)) return;
  throw new InvalidParameterValue(
    `Node ${node.uuid} was migrated from ${from} with its instance running, and Tyr has not deployed it yet: ` +
      `it does not know the instance's image or disk layout, so "${event}" is refused. Power actions and undeploy work; ` +
      'undeploy the node (it is cleaned and returns to the pool) and deploy it with Tyr to get rebuild and rescue.',
  );
}

/** driver_internal_info without the marker: set when Tyr starts its own deploy of the node. */
export function withoutMigrationMarker(node: Pick<Node, 'driver_internal_info'>): Node['driver_internal_info'] {
  const { [MIGRATED_KEY]: _gone, nova_task_state: _task, ...rest } = node.driver_internal_info;
  return rest;
}
