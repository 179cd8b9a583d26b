// /v1/chassis and /v1/chassis/{id}/nodes: a grouping of nodes.
import type { Router } from 'express';
import type { Chassis } from '../db/types.js';
import { InvalidParameterValue } from '../errors.js';
import type { ApiDeps } from './deps.js';
import { links } from './links.js';
import { nodeListResponse } from './nodes/node-crud.js';
import { resourceRouter, type ResourceSpec } from './resource-router.js';

export function chassisSpec({ store }: ApiDeps): ResourceSpec<Chassis> {
  return {
    plural: 'chassis',
    noun: 'chassis',
    listFields: ['uuid', 'description'],
    fieldSince: { uuid: 1, description: 1, extra: 1, created_at: 1, updated_at: 1, nodes: 1 },
    writable: { uuid: { type: 'string' }, description: { type: 'string', nullable: true }, extra: { type: 'object' } },
    readOnly: new Set(['uuid', 'created_at', 'updated_at', 'links', 'nodes']),
    required: [],
    get: (_req, ident) => store.chassis.getByIdent(ident),
    list: (_req, page) => store.chassis.list(page),
    represent: async (req) => (c) => ({
      uuid: c.uuid,
      description: c.description,
      extra: c.extra,
      created_at: c.created_at,
      updated_at: c.updated_at,
      nodes: links(req, `chassis/${c.uuid}/nodes`),
    }),
    toColumns: async (_req, fields) => ('extra' in fields && fields.extra === null ? { ...fields, extra: {} } : fields),
    create: (c) => store.chassis.create(c),
    update: (row, c) => store.chassis.update(row.id, c),
    remove: async (row) => {
      const nodes = await store.nodes.list({ chassis_id: row.id }, { limit: 1 });
      if (nodes.length) {
        throw new InvalidParameterValue(`Chassis ${row.uuid} contains nodes; move or delete them first.`);
      }
      await store.chassis.delete(row.id);
    },
  };
}

export function chassisRouter(deps: ApiDeps): Router {
  const router = resourceRouter(chassisSpec(deps), deps.config.api.max_limit);
  for (const detail of [false, true]) {
    const suffix = detail ? '/detail' : '';
    router.get(`/v1/chassis/:ident/nodes${suffix}`, async (req, res) => {
      const chassis = await deps.store.chassis.getByIdent(req.params.ident);
      res.json(await nodeListResponse(deps, req, detail, `chassis/${chassis.uuid}/nodes${suffix}`, { chassis_id: chassis.id }));
    });
  }
  return router;
}
