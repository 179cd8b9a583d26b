// /v1/portgroups and /v1/nodes/{node}/portgroups (API 1.23+): bonds of a node's ports.
import type { Router } from 'express';
import type { Store } from '../db/store.js';
import type { Portgroup } from '../db/types.js';
import type { ApiDeps } from './deps.js';
import { links } from './links.js';
import { normaliseMac } from './mac.js';
import { requireEndpointVersion } from './microversion.js';
import { findNode } from './nodes/node-lookup.js';
import { queryString } from './query.js';
import { listResponse, resourceRouter, type ResourceSpec } from './resource-router.js';
import { referencedId } from './referenced.js';
import { idToUuid } from './uuid-map.js';
import { UUID_RE } from '../db/resource-repo.js';
import { InvalidParameterValue } from '../errors.js';

const FIELD_SINCE = {
  uuid: 23,
  address: 23,
  name: 23,
  node_uuid: 23,
  extra: 23,
  created_at: 23,
  updated_at: 23,
  internal_info: 23,
  standalone_ports_supported: 23,
  mode: 26,
  properties: 26,
  ports: 23,
};

export function portgroupSpec({ store }: ApiDeps): ResourceSpec<Portgroup> {
  return {
    plural: 'portgroups',
    noun: 'portgroup',
    fieldSince: FIELD_SINCE,
    listFields: ['uuid', 'address', 'name'],
    since: 23,
    writable: {
      uuid: { type: 'string' },
      name: { type: 'string', nullable: true },
      address: { type: 'string', nullable: true },
      node_uuid: { type: 'string' },
      extra: { type: 'object' },
      standalone_ports_supported: { type: 'boolean' },
      mode: { type: 'string', nullable: true, since: 26 },
      properties: { type: 'object', since: 26 },
    },
    readOnly: new Set(['uuid', 'created_at', 'updated_at', 'internal_info', 'links', 'ports']),
    required: ['node_uuid'],
    get: (_req, ident) => store.portgroups.getByIdent(ident),
    list: async (req, page) => {
      const nodeIdent = (req.params.ident as string | undefined) ?? queryString(req, 'node');
      const address = queryString(req, 'address');
      return store.portgroups.list(
        {
          node_id: nodeIdent === undefined ? undefined : (await findNode(req, store, nodeIdent)).id,
          address: address?.toLowerCase(),
        },
        page,
      );
    },
    represent: async (req, rows) => {
      const nodes = await idToUuid(
        rows.map((p) => p.node_id),
        (id) => store.nodes.findById(id),
      );
      return (p) => ({
        uuid: p.uuid,
        address: p.address,
        name: p.name,
        node_uuid: nodes.get(p.node_id) ?? null,
        extra: p.extra,
        created_at: p.created_at,
        updated_at: p.updated_at,
        internal_info: p.internal_info,
        standalone_ports_supported: p.standalone_ports_supported,
        mode: p.mode,
        properties: p.properties,
        ports: links(req, `portgroups/${p.uuid}/ports`),
      });
    },
    toColumns: async (_req, fields) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(fields)) {
        if (key === 'address') out.address = value === null ? null : normaliseMac(value);
        else if (key === 'node_uuid') out.node_id = await referencedId('node_uuid', value, (i) => store.nodes.getByIdent(i), true);
        else if (key === 'name' && typeof value === 'string' && (UUID_RE.test(value) || !/^[A-Za-z0-9._~-]{1,255}$/.test(value))) {
          throw new InvalidParameterValue(
            `Invalid portgroup name ${JSON.stringify(value)}: letters, digits and "-._~" only, not UUID-like.`,
          );
        } else if (key === 'extra' || key === 'properties') out[key] = value ?? {};
        else out[key] = value;
      }
      return out;
    },
    // Ironic's [DEFAULT] default_portgroup_mode.
    create: (c) => store.portgroups.create({ mode: 'active-backup', ...c } as Parameters<Store['portgroups']['create']>[0]),
    update: (row, c) => store.portgroups.update(row.id, c),
    remove: (row) => store.portgroups.delete(row.id),
  };
}

export function portgroupsRouter(deps: ApiDeps): Router {
  const spec = portgroupSpec(deps);
  const router = resourceRouter(spec, deps.config.api.max_limit);
  const max = deps.config.api.max_limit;
  for (const detail of [false, true]) {
    const suffix = detail ? '/detail' : '';
    router.get(`/v1/nodes/:ident/portgroups${suffix}`, async (req, res) => {
      requireEndpointVersion(req, 24, 'The /v1/nodes/{node}/portgroups endpoint');
      res.json(await listResponse(spec, req, max, detail, `nodes/${req.params.ident}/portgroups${suffix}`));
    });
  }
  return router;
}
