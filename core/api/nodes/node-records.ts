// /v1/nodes/{node}/traits, /inventory and /history: data the node carries beside its row.
import { Router } from 'express';
import { InvalidParameterValue, NodeLocked, NotFound } from '../../errors.js';
import type { Node, NodeHistoryEntry } from '../../db/types.js';
import { parseBody } from '../body.js';
import type { ApiDeps } from '../deps.js';
import { links } from '../links.js';
import { requireEndpointVersion } from '../microversion.js';
import { collection, parsePage, queryBool } from '../query.js';
import { checkTraitName } from '../trait-name.js';
import { findNode } from './node-lookup.js';

const MAX_TRAITS = 50;

/** A node or allocation trait: Ironic's rule (standard os-traits name, or CUSTOM_*). */
export function checkTrait(trait: unknown): string {
  return checkTraitName(trait, 'A trait');
}

/** Traits change the node like any update, so they too respect the conductor's lock. */
function unlocked(node: Node): Node {
  if (node.reservation) throw new NodeLocked(node.uuid, node.reservation);
  return node;
}

export function nodeRecordsRouter({ store, config }: ApiDeps): Router {
  const router = Router();

  router.get('/v1/nodes/:ident/traits', async (req, res) => {
    requireEndpointVersion(req, 37, 'Traits');
    const node = await findNode(req, store, req.params.ident);
    res.json({ traits: await store.traits.list(node.id) });
  });
  router.put('/v1/nodes/:ident/traits', async (req, res) => {
    requireEndpointVersion(req, 37, 'Traits');
    const body = parseBody(req.body, { traits: { type: 'array' } }, 'a trait list');
    const traits = ((body.traits as unknown[] | undefined) ?? []).map(checkTrait);
    if (traits.length > MAX_TRAITS)
      throw new InvalidParameterValue(`A node may have at most ${MAX_TRAITS} traits; ${traits.length} were given.`);
    const node = unlocked(await findNode(req, store, req.params.ident));
    await store.traits.replace(node.id, traits);
    res.status(204).end();
  });
  router.put('/v1/nodes/:ident/traits/:trait', async (req, res) => {
    requireEndpointVersion(req, 37, 'Traits');
    const trait = checkTrait(req.params.trait);
    const node = unlocked(await findNode(req, store, req.params.ident));
    const current = await store.traits.list(node.id);
    if (!current.includes(trait) && current.length >= MAX_TRAITS)
      throw new InvalidParameterValue(`A node may have at most ${MAX_TRAITS} traits.`);
    await store.traits.add(node.id, trait);
    res.status(204).end();
  });
  router.delete('/v1/nodes/:ident/traits', async (req, res) => {
    requireEndpointVersion(req, 37, 'Traits');
    const node = unlocked(await findNode(req, store, req.params.ident));
    await store.traits.replace(node.id, []);
    res.status(204).end();
  });
  router.delete('/v1/nodes/:ident/traits/:trait', async (req, res) => {
    requireEndpointVersion(req, 37, 'Traits');
    const node = unlocked(await findNode(req, store, req.params.ident));
    if (!(await store.traits.remove(node.id, req.params.trait))) {
      throw new NotFound(`Node ${node.uuid} doesn't have a trait ${req.params.trait}.`);
    }
    res.status(204).end();
  });

  router.get('/v1/nodes/:ident/inventory', async (req, res) => {
    requireEndpointVersion(req, 81, 'Node inventory');
    const node = await findNode(req, store, req.params.ident);
    const inv = await store.inventory.latest(node.id);
    if (!inv)
      throw new NotFound(`Node inventory for node ${node.uuid} could not be found. Inspect the node first (baremetal node inspect).`);
    res.json({ inventory: inv.inventory_data, plugin_data: inv.plugin_data });
  });

  const historyView = (req: Parameters<typeof links>[0], node: Node, e: NodeHistoryEntry, detail: boolean) => ({
    uuid: e.uuid,
    created_at: e.created_at,
    severity: e.severity,
    event: e.event,
    ...(detail ? { event_type: e.event_type, conductor: e.conductor, user: e.user } : {}),
    links: links(req, `nodes/${node.uuid}/history/${e.uuid}`),
  });
  router.get('/v1/nodes/:ident/history', async (req, res) => {
    requireEndpointVersion(req, 78, 'Node history');
    const node = await findNode(req, store, req.params.ident);
    const detail = queryBool(req, 'detail') ?? false;
    const page = parsePage(req, config.api.max_limit);
    // The marker is an entry's UUID; entries come oldest first, as Ironic lists them.
    let afterId = 0;
    if (page.marker !== undefined) {
      const marker = await store.history.get(node.id, page.marker);
      if (!marker)
        throw new NotFound(
          `Marker ${page.marker} not found among the history of node ${node.uuid}: pass the uuid of the last entry of the previous page.`,
        );
      afterId = marker.id;
    }
    const entries = await store.history.list(node.id, page.limit, afterId);
    res.json(collection(req, 'history', `nodes/${node.uuid}/history`, entries, page, (e) => historyView(req, node, e, detail)));
  });
  router.get('/v1/nodes/:ident/history/:uuid', async (req, res) => {
    requireEndpointVersion(req, 78, 'Node history');
    const node = await findNode(req, store, req.params.ident);
    const entry = await store.history.get(node.id, req.params.uuid);
    if (!entry) throw new NotFound(`Node history record ${req.params.uuid} could not be found for node ${node.uuid}.`);
    res.json(historyView(req, node, entry, true));
  });

  return router;
}
