// /v1/allocations (API 1.52+) and /v1/nodes/{node}/allocation: requests for a node by resource
// class and traits, which the conductor fills (conductor/allocations.ts). Below 1.52 the endpoint
// does not exist (GET 404, other methods 405, as Ironic answers); PATCH arrived in 1.57 (name and
// extra only), backfilling with `node` in 1.58, `owner` in 1.60.
import { Router, type Request } from 'express';
import type { NewAllocation } from '../db/allocations.js';
import { UUID_RE } from '../db/resource-repo.js';
import type { Allocation } from '../db/types.js';
import { InvalidParameterValue, MethodNotAllowed, NotFound } from '../errors.js';
import type { ApiDeps } from './deps.js';
import { minorOf, requireEndpointVersion, requireVersion } from './microversion.js';
import { LOGICAL_NAME } from './nodes/node-input.js';
import { checkTrait } from './nodes/node-records.js';
import { findNode } from './nodes/node-lookup.js';
import { uuidField } from './body.js';
import { parseFields, queryString, versionedFilter } from './query.js';
import { fieldsAt, renderer, resourceRouter, type ResourceSpec } from './resource-router.js';
import { idToUuid } from './uuid-map.js';

const FIELD_SINCE = {
  uuid: 52,
  name: 52,
  node_uuid: 52,
  state: 52,
  last_error: 52,
  resource_class: 52,
  candidate_nodes: 52,
  traits: 52,
  extra: 52,
  owner: 60,
  created_at: 52,
  updated_at: 52,
};
/** A PATCH may change these only. */
const PATCHABLE = new Set(['name', 'extra']);

function checkName(name: unknown, verb: 'create' | 'update'): string | null {
  if (name === null) return null;
  if (typeof name !== 'string' || !LOGICAL_NAME.test(name) || UUID_RE.test(name)) {
    throw new InvalidParameterValue(
      `Cannot ${verb} allocation with invalid name ${JSON.stringify(name)}: use letters, digits and "-._~" (at most 255), not a UUID.`,
    );
  }
  return name;
}

/** A node named in a request body: unknown is the client's mistake (400), as in Ironic. */
async function bodyNode(req: Request, deps: ApiDeps, ident: string) {
  try {
    return await findNode(req, deps.store, ident);
  } catch (err) {
    if (err instanceof NotFound) throw new InvalidParameterValue(`${err.message} Name an existing node (UUID or name).`);
    throw err;
  }
}

/** The POST body as columns: names resolved to UUIDs and ids, the backfill's defaults filled in. */
async function newAllocation(req: Request, deps: ApiDeps, body: Record<string, unknown>): Promise<NewAllocation> {
  if (body.owner !== undefined) requireVersion(req, 60, 'The allocation field "owner"');
  const out: NewAllocation = { name: checkName(body.name ?? null, 'create'), extra: (body.extra ?? {}) as Allocation['extra'] };
  if (body.owner !== undefined) out.owner = body.owner as string | null;
  if (typeof body.uuid === 'string') out.uuid = uuidField('uuid', body.uuid, 'an allocation');
  let node;
  if (typeof body.node === 'string') {
    if (minorOf(req) < 58)
      throw new InvalidParameterValue(
        'Cannot set node when creating an allocation in this API version; backfilling needs API version 1.58.',
      );
    node = await bodyNode(req, deps, body.node);
    out.node_id = node.id;
    out.uuid ??= node.instance_uuid ?? undefined;
  }
  const rc = body.resource_class ?? node?.resource_class;
  if (typeof rc !== 'string' || rc === '') {
    throw new InvalidParameterValue(
      'The resource_class field is mandatory when not backfilling: name the resource class of the nodes wanted.',
    );
  }
  if (rc.length > 80) throw new InvalidParameterValue(`Allocation "resource_class" is at most 80 characters, got ${rc.length}.`);
  out.resource_class = rc;
  out.traits = ((body.traits ?? []) as unknown[]).map(checkTrait);
  const candidates = (body.candidate_nodes ?? []) as unknown[];
  if (candidates.some((c) => typeof c !== 'string'))
    throw new InvalidParameterValue('"candidate_nodes" must be a list of node UUIDs or names.');
  const uuids = await deps.store.nodes.uuidsByIdent(candidates as string[]);
  const unknown = (candidates as string[]).filter((c) => !uuids.has(c));
  if (unknown.length)
    throw new InvalidParameterValue(`Candidate node(s) ${unknown.join(', ')} could not be found; name existing nodes by UUID or name.`);
  out.candidate_nodes = (candidates as string[]).map((c) => uuids.get(c)!);
  return out;
}

export function allocationSpec(deps: ApiDeps): ResourceSpec<Allocation> {
  const { store, conductor } = deps;
  return {
    plural: 'allocations',
    noun: 'allocation',
    fieldSince: FIELD_SINCE,
    listFields: Object.keys(FIELD_SINCE),
    writable: {
      uuid: { type: 'string', nullable: true },
      name: { type: 'string', nullable: true },
      node: { type: 'string', nullable: true },
      resource_class: { type: 'string', nullable: true },
      candidate_nodes: { type: 'array', nullable: true },
      traits: { type: 'array', nullable: true },
      extra: { type: 'object', nullable: true },
      owner: { type: 'string', nullable: true },
    },
    readOnly: new Set([...Object.keys(FIELD_SINCE), 'links'].filter((f) => !PATCHABLE.has(f))),
    required: [],
    get: (_req, ident) => store.allocations.getByIdent(ident),
    list: async (req, page) => {
      const node = queryString(req, 'node');
      return store.allocations.list(
        {
          node_id: node === undefined ? undefined : (await bodyNode(req, deps, node)).id,
          resource_class: queryString(req, 'resource_class'),
          state: queryString(req, 'state'),
          owner: versionedFilter(req, 'owner', 60),
        },
        page,
      );
    },
    represent: async (_req, rows) => {
      const nodes = await idToUuid(
        rows.map((a) => a.node_id),
        (id) => store.nodes.findById(id),
      );
      return (a) => ({
        uuid: a.uuid,
        name: a.name,
        node_uuid: a.node_id === null ? null : (nodes.get(a.node_id) ?? null),
        state: a.state,
        last_error: a.last_error,
        resource_class: a.resource_class,
        candidate_nodes: a.candidate_nodes,
        traits: a.traits,
        extra: a.extra,
        owner: a.owner,
        created_at: a.created_at,
        updated_at: a.updated_at,
      });
    },
    toColumns: async (req, fields, existing) => {
      if (!existing) return newAllocation(req, deps, fields);
      const out: Partial<Allocation> = {};
      if ('name' in fields) out.name = checkName(fields.name, 'update');
      if ('extra' in fields) {
        if (fields.extra !== null && (typeof fields.extra !== 'object' || Array.isArray(fields.extra))) {
          throw new InvalidParameterValue('Allocation "extra" must be a JSON object.');
        }
        out.extra = (fields.extra ?? {}) as Allocation['extra'];
      }
      return out;
    },
    create: (columns) => conductor.createAllocation(columns),
    update: (row, columns) => store.allocations.update(row.id, columns),
    remove: (row) => conductor.destroyAllocation(row.uuid),
  };
}

export function allocationsRouter(deps: ApiDeps): Router {
  const spec = allocationSpec(deps);
  const router = Router();
  router.use('/v1/allocations', (req, _res, next) => {
    const minor = minorOf(req);
    if (minor < 52) {
      const message = `The API version 1.${minor} does not allow allocations; send X-OpenStack-Ironic-API-Version: 1.52 or later.`;
      throw req.method === 'GET' ? new NotFound(message) : new MethodNotAllowed(message);
    }
    if (req.method === 'PATCH' && minor < 57) {
      throw new MethodNotAllowed(
        `The API version 1.${minor} does not allow updating allocations; send X-OpenStack-Ironic-API-Version: 1.57 or later.`,
      );
    }
    next();
  });
  router.use(resourceRouter(spec, deps.config.api.max_limit));

  /** The node's allocation: 404 when it has none. */
  async function nodeAllocation(req: Request<{ ident: string }>): Promise<Allocation> {
    requireEndpointVersion(req, 52, 'The /v1/nodes/{node}/allocation endpoint');
    const node = await findNode(req, deps.store, req.params.ident);
    const allocation = await deps.store.allocations.findByNodeId(node.id);
    if (!allocation) throw new NotFound(`Allocation for node ${req.params.ident} was not found.`);
    return allocation;
  }
  router.get('/v1/nodes/:ident/allocation', async (req, res) => {
    const allocation = await nodeAllocation(req);
    const known = fieldsAt(spec, minorOf(req));
    res.json((await renderer(spec, req, [allocation], parseFields(req, known) ?? known))(allocation));
  });
  router.delete('/v1/nodes/:ident/allocation', async (req, res) => {
    await deps.conductor.destroyAllocation((await nodeAllocation(req)).uuid);
    res.status(204).end();
  });
  return router;
}
