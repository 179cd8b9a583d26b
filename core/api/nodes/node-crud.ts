// /v1/nodes: list, detail, show, create, PATCH and delete. State changes go through the
// conductor (ConductorApi); this router only reads the store and shapes responses.
import { Router, type Request } from 'express';
import { InvalidParameterValue } from '../../errors.js';
import type { NodeFilter } from '../../db/nodes.js';
import { STATE } from '../../states/provision-states.js';
import { NODE_INTERFACE_FIELDS, type Node } from '../../db/types.js';
import { parseBody } from '../body.js';
import type { ApiDeps } from '../deps.js';
import { minorOf, requireVersion } from '../microversion.js';
import { applyJsonPatch } from '../patch.js';
import { collection, parseFields, parsePage, queryBool, versionedFilter } from '../query.js';
import { baseUrl } from '../root.js';
import { nodeColumnsFor } from './node-columns.js';
import { NODE_READ_ONLY, nodeFieldsAt } from './node-fields.js';
import { NODE_WRITABLE, toNodeColumns } from './node-input.js';
import { findNode, nodeListFilter } from './node-lookup.js';
import { nodeFieldSet, nodeView, nodeViewContext } from './node-view.js';

const MANDATORY = new Set(['driver']);

/** A page of nodes; `scope` narrows it (e.g. /v1/chassis/{id}/nodes passes the chassis). */
export async function nodeListResponse(
  deps: ApiDeps,
  req: Request,
  detailPath: boolean,
  resourcePath: string,
  scope: Partial<NodeFilter> = {},
) {
  const { store, config } = deps;
  const minor = minorOf(req);
  const detailParam = queryBool(req, 'detail');
  if (detailParam !== undefined) requireVersion(req, 43, 'The "detail" parameter');
  if (detailPath && detailParam !== undefined)
    throw new InvalidParameterValue('The "detail" parameter is not accepted on /v1/nodes/detail.');
  const requested = parseFields(req, nodeFieldsAt(minor));
  const detail = detailPath || detailParam === true;
  if (requested && detail) throw new InvalidParameterValue('Can not specify ?detail=True and fields in the same request.');
  const page = parsePage(req, config.api.max_limit);
  const conductorOf = await conductorNames(deps);
  const byConductor = versionedFilter(req, 'conductor', 49);
  const fields = nodeFieldSet(minor, detail, requested);
  const nodes = await store.nodes.list(
    { ...(await nodeListFilter(req, store)), ...scope },
    page,
    detail ? undefined : nodeColumnsFor(fields),
  );
  const ctx = await nodeViewContext(req, store, conductorOf, nodes, fields);
  const out = collection(req, 'nodes', resourcePath, nodes, page, (n) => nodeView(n, fields, ctx, detail));
  // Which conductor serves a node is the hash ring's answer, not a column: the page is narrowed
  // after the query, so it may hold fewer nodes than the limit while its next link still follows.
  if (byConductor !== undefined) {
    const kept = new Set(nodes.filter((n) => conductorOf(n) === byConductor).map((n) => n.uuid));
    out.nodes = (out.nodes as { uuid?: string }[]).filter((v, i) => kept.has(nodes[i]!.uuid) && v !== undefined);
  }
  return out;
}

/** Who node responses name as their conductor (one ring read per request in scale-out). */
async function conductorNames(deps: ApiDeps): Promise<(node: Node) => string | null> {
  if (deps.conductorOf) return deps.conductorOf();
  return () => deps.conductor.hostname;
}

export function nodeCrudRouter(deps: ApiDeps): Router {
  const { store, conductor } = deps;
  const router = Router();

  async function render(req: Request, nodes: Node[], fields: readonly string[], subLinks: boolean) {
    const ctx = await nodeViewContext(req, store, await conductorNames(deps), nodes, fields);
    return (n: Node) => nodeView(n, fields, ctx, subLinks);
  }

  router.get('/v1/nodes', async (req, res) => {
    res.json(await nodeListResponse(deps, req, false, 'nodes'));
  });
  router.get('/v1/nodes/detail', async (req, res) => {
    res.json(await nodeListResponse(deps, req, true, 'nodes/detail'));
  });

  router.get('/v1/nodes/:ident', async (req, res) => {
    const node = await findNode(req, store, req.params.ident);
    const requested = parseFields(req, nodeFieldsAt(minorOf(req)));
    // Sub-resource links (ports, states, …) come only with the whole node, as in Ironic.
    res.json((await render(req, [node], requested ?? nodeFieldsAt(minorOf(req)), requested === undefined))(node));
  });

  router.post('/v1/nodes', async (req, res) => {
    const minor = minorOf(req);
    const body = parseBody(req.body, NODE_WRITABLE, 'node', minor);
    if (typeof body.driver !== 'string' || body.driver === '')
      throw new InvalidParameterValue('A node needs a "driver" (a hardware type; see GET /v1/drivers).');
    const columns = await conductor.checkNodeDriver(await toNodeColumns(body, store, minor));
    // Before 1.11 a new node started out "available"; from 1.11 in "enroll".
    const node = await store.nodes.create({
      ...columns,
      driver: body.driver,
      provision_state: minor >= 11 ? STATE.ENROLL : STATE.AVAILABLE,
    });
    res.status(201).location(`${baseUrl(req)}/v1/nodes/${node.uuid}`);
    res.json((await render(req, [node], nodeFieldsAt(minor), true))(node));
  });

  router.patch('/v1/nodes/:ident', async (req, res) => {
    const minor = minorOf(req);
    const node = await findNode(req, store, req.params.ident);
    const shown = nodeFieldsAt(minor);
    // The patch applies to the unmasked representation, so untouched secrets are kept as stored.
    const ctx = await nodeViewContext(req, store, await conductorNames(deps), [node], shown);
    const doc = nodeView(node, shown, { ...ctx }, false);
    for (const f of ['driver_info', 'instance_info'] as const) if (f in doc) doc[f] = node[f];
    delete doc.links;
    const changed = applyJsonPatch(doc, req.body, { what: 'Node', readOnly: NODE_READ_ONLY, mandatory: MANDATORY });
    let columns = await toNodeColumns(changed, store, minor);
    const resetInterfaces = resetInterfacesOf(req, 'driver' in columns);
    if ('driver' in columns || NODE_INTERFACE_FIELDS.some((f) => f in columns)) {
      // reset_interfaces: the interfaces the patch leaves alone go back to the new type's defaults.
      const reset = resetInterfaces ? Object.fromEntries(NODE_INTERFACE_FIELDS.filter((f) => !(f in columns)).map((f) => [f, null])) : {};
      const checked = await conductor.checkNodeDriver({ ...node, ...reset, ...columns });
      const picked: Record<string, unknown> = {};
      for (const f of ['driver', ...NODE_INTERFACE_FIELDS] as const)
        if (checked[f] !== undefined && checked[f] !== node[f]) picked[f] = checked[f];
      columns = { ...columns, ...picked };
    }
    const updated = Object.keys(columns).length ? await conductor.updateNode(node.uuid, columns) : node;
    res.json((await render(req, [updated], shown, true))(updated));
  });

  router.delete('/v1/nodes/:ident', async (req, res) => {
    const node = await findNode(req, store, req.params.ident);
    await conductor.destroyNode(node.uuid);
    deps.onNodeDeleted?.(node.uuid);
    res.status(204).end();
  });

  return router;
}

/** PATCH ?reset_interfaces=true (1.45), which only makes sense with a new driver. */
function resetInterfacesOf(req: Request, changesDriver: boolean): boolean {
  const reset = queryBool(req, 'reset_interfaces');
  if (reset === undefined) return false;
  requireVersion(req, 45, 'reset_interfaces');
  if (reset && !changesDriver) {
    throw new InvalidParameterValue(
      'reset_interfaces=true is only valid together with a change of "driver"; set the driver in the same request, or patch the *_interface fields directly.',
    );
  }
  return reset;
}
