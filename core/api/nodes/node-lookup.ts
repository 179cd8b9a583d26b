// Finding the node a request names, and the node list's filter parameters.
import type { Request } from 'express';
import { NotFound } from '../../errors.js';
import type { NodeFilter } from '../../db/nodes.js';
import { UUID_RE } from '../../db/resource-repo.js';
import type { Store } from '../../db/store.js';
import type { Node } from '../../db/types.js';
import { minorOf } from '../microversion.js';
import { queryBool, queryString, versionedFilter } from '../query.js';

/** The node `{ident}` names: a UUID, or a name from API 1.5 on (older versions only know UUIDs). */
export async function findNode(req: Request, store: Store, ident: string): Promise<Node> {
  if (!UUID_RE.test(ident) && minorOf(req) < 5) {
    throw new NotFound(`Node ${ident} could not be found. Names identify nodes from API version 1.5; this request used 1.${minorOf(req)}.`);
  }
  return store.nodes.getByIdent(ident);
}

/** Filters of GET /v1/nodes, each refused (406) below the version that introduced it. */
export async function nodeListFilter(req: Request, store: Store): Promise<NodeFilter> {
  const filter: NodeFilter = {
    maintenance: queryBool(req, 'maintenance'),
    associated: queryBool(req, 'associated'),
    instance_uuid: queryString(req, 'instance_uuid')?.toLowerCase(),
    // Not Ironic's: finds the node by its instance's name, for `tyr node find --instance`.
    instance_name: queryString(req, 'instance_name'),
    provision_state: versionedFilter(req, 'provision_state', 9),
    driver: versionedFilter(req, 'driver', 16),
    resource_class: versionedFilter(req, 'resource_class', 21),
    fault: versionedFilter(req, 'fault', 42),
    conductor_group: versionedFilter(req, 'conductor_group', 46)?.toLowerCase(),
    owner: versionedFilter(req, 'owner', 50),
    description_contains: versionedFilter(req, 'description_contains', 51),
    lessee: versionedFilter(req, 'lessee', 65),
    project: versionedFilter(req, 'project', 65),
  };
  const shard = versionedFilter(req, 'shard', 82);
  if (shard !== undefined)
    filter.shards = shard
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  if (versionedFilter(req, 'sharded', 82) !== undefined) filter.sharded = queryBool(req, 'sharded');
  if (versionedFilter(req, 'retired', 61) !== undefined) filter.retired = queryBool(req, 'retired');
  const chassis = queryString(req, 'chassis_uuid');
  if (chassis !== undefined) filter.chassis_id = (await store.chassis.getByIdent(chassis)).id;
  for (const key of Object.keys(filter) as (keyof NodeFilter)[]) if (filter[key] === undefined) delete filter[key];
  return filter;
}
