// /v1/ports and /v1/nodes/{node}/ports: NICs, each belonging to one node, MAC unique.
import type { Router } from 'express';
import { type Request } from 'express';
import { InvalidParameterValue } from '../errors.js';
import type { Store } from '../db/store.js';
import type { Port } from '../db/types.js';
import type { ApiDeps } from './deps.js';
import { normaliseMac } from './mac.js';
import { requireEndpointVersion } from './microversion.js';
import { findNode } from './nodes/node-lookup.js';
import { queryBool, queryString, versionedFilter } from './query.js';
import { listResponse, resourceRouter, type ResourceSpec } from './resource-router.js';
import { referencedId } from './referenced.js';
import { idToUuid } from './uuid-map.js';

const FIELD_SINCE = {
  uuid: 1,
  address: 1,
  node_uuid: 1,
  extra: 1,
  created_at: 1,
  updated_at: 1,
  internal_info: 18,
  local_link_connection: 19,
  pxe_enabled: 19,
  portgroup_uuid: 24,
  physical_network: 34,
  is_smartnic: 53,
};

export function portSpec({ store }: ApiDeps): ResourceSpec<Port> {
  return {
    plural: 'ports',
    noun: 'port',
    fieldSince: FIELD_SINCE,
    listFields: ['uuid', 'address'],
    writable: {
      uuid: { type: 'string' },
      address: { type: 'string' },
      node_uuid: { type: 'string' },
      extra: { type: 'object' },
      local_link_connection: { type: 'object', since: 19 },
      pxe_enabled: { type: 'boolean', since: 19 },
      portgroup_uuid: { type: 'string', nullable: true, since: 24 },
      physical_network: { type: 'string', nullable: true, since: 34 },
      is_smartnic: { type: 'boolean', since: 53 },
    },
    readOnly: new Set(['uuid', 'created_at', 'updated_at', 'internal_info', 'links']),
    required: ['address', 'node_uuid'],
    get: (_req, ident) => store.ports.getByIdent(ident),
    list: async (req, page) => store.ports.list(await portFilter(req, store), page),
    represent: async (_req, rows) => {
      const nodes = await idToUuid(
        rows.map((p) => p.node_id),
        (id) => store.nodes.findById(id),
      );
      const groups = await idToUuid(
        rows.map((p) => p.portgroup_id),
        (id) => store.portgroups.findById(id),
      );
      return (p) => ({
        uuid: p.uuid,
        address: p.address,
        node_uuid: nodes.get(p.node_id) ?? null,
        extra: p.extra,
        created_at: p.created_at,
        updated_at: p.updated_at,
        internal_info: p.internal_info,
        local_link_connection: p.local_link_connection,
        pxe_enabled: p.pxe_enabled,
        portgroup_uuid: p.portgroup_id === null ? null : (groups.get(p.portgroup_id) ?? null),
        physical_network: p.physical_network,
        is_smartnic: p.is_smartnic,
      });
    },
    toColumns: async (_req, fields) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(fields)) {
        if (key === 'address') out.address = normaliseMac(value);
        else if (key === 'node_uuid') out.node_id = await referencedId('node_uuid', value, (i) => store.nodes.getByIdent(i), true);
        else if (key === 'portgroup_uuid')
          out.portgroup_id = value === null ? null : await referencedId('portgroup_uuid', value, (i) => store.portgroups.getByIdent(i));
        else if (key === 'extra' || key === 'local_link_connection') out[key] = value ?? {};
        else out[key] = value;
      }
      return out;
    },
    create: (c) => store.ports.create(c as Parameters<Store['ports']['create']>[0]),
    update: (row, c) => store.ports.update(row.id, c),
    remove: (row) => store.ports.delete(row.id),
  };
}

/** Filters of the port list. On /v1/nodes/{node}/ports and /v1/portgroups/{pg}/ports the path's resource is the filter. */
async function portFilter(req: Request, store: Store) {
  const nodeIdent = (req.params.ident as string | undefined) ?? queryString(req, 'node') ?? queryString(req, 'node_uuid');
  if (queryString(req, 'node') !== undefined && queryString(req, 'node_uuid') !== undefined) {
    throw new InvalidParameterValue('Pass either "node" or "node_uuid", not both.');
  }
  const portgroup = (req.params.portgroup as string | undefined) ?? versionedFilter(req, 'portgroup', 24);
  const address = queryString(req, 'address');
  return {
    node_id: nodeIdent === undefined ? undefined : (await findNode(req, store, nodeIdent)).id,
    portgroup_id: portgroup === undefined ? undefined : (await store.portgroups.getByIdent(portgroup)).id,
    address: address === undefined ? undefined : address.toLowerCase(),
    pxe_enabled: queryBool(req, 'pxe_enabled'),
    shards: versionedFilter(req, 'shard', 82)
      ?.split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  };
}

export function portsRouter(deps: ApiDeps): Router {
  const spec = portSpec(deps);
  const router = resourceRouter(spec, deps.config.api.max_limit);
  const max = deps.config.api.max_limit;
  router.get('/v1/nodes/:ident/ports', async (req, res) => {
    res.json(await listResponse(spec, req, max, false, `nodes/${req.params.ident}/ports`));
  });
  router.get('/v1/nodes/:ident/ports/detail', async (req, res) => {
    res.json(await listResponse(spec, req, max, true, `nodes/${req.params.ident}/ports/detail`));
  });
  for (const detail of [false, true]) {
    const suffix = detail ? '/detail' : '';
    router.get(`/v1/portgroups/:portgroup/ports${suffix}`, async (req, res) => {
      requireEndpointVersion(req, 24, 'The /v1/portgroups/{portgroup}/ports endpoint');
      res.json(await listResponse(spec, req, max, detail, `portgroups/${req.params.portgroup}/ports${suffix}`));
    });
  }
  return router;
}
