// /nodes: the compute nodes Nova's resource tracker sees (one per Tyr node, hypervisor_hostname
// = node UUID), and /init_host. Answers come from the node cache (driver/node-cache.ts).
import { Router, type Request } from 'express';
import { TyrApiError } from '../client/errors.js';
import type { ApiNode } from '../client/types.js';
import type { Shim } from './context.js';
import { nodeNotFound } from './errors.js';
import { nodeResource, offeredNodes, providerTree } from './resources.js';

const hostOf = (req: Request) => (typeof req.query.host === 'string' && req.query.host ? req.query.host : undefined);

async function cachedNode(shim: Shim, uuid: string): Promise<ApiNode> {
  try {
    return await shim.cache.get(uuid);
  } catch (err) {
    if (err instanceof TyrApiError && err.status === 404) throw nodeNotFound(uuid);
    throw err;
  }
}

export function nodesRouter(shim: Shim): Router {
  const r = Router();

  r.post('/init_host', async (_req, res) => {
    const v = await shim.client.version();
    res.json({ core_url: shim.client.url, core_version: v.version });
  });

  r.get('/nodes', async (req, res) => {
    const refresh = req.query.refresh === 'true' || req.query.refresh === '1';
    const nodes = offeredNodes(await shim.cache.all(refresh), hostOf(req));
    res.json({ nodes: nodes.map((n) => n.uuid) });
  });

  r.get('/nodes/:uuid', async (req, res) => {
    const node = await cachedNode(shim, req.params.uuid);
    const offered = offeredNodes(await shim.cache.all(), hostOf(req)).some((n) => n.uuid === node.uuid);
    res.json({
      uuid: node.uuid,
      name: node.name,
      available: offered,
      provision_state: node.provision_state,
      maintenance: node.maintenance,
    });
  });

  r.get('/nodes/:uuid/resources', async (req, res) => {
    res.json(nodeResource(await cachedNode(shim, req.params.uuid)));
  });
  r.get('/nodes/:uuid/provider_tree', async (req, res) => {
    res.json(providerTree(await cachedNode(shim, req.params.uuid)));
  });
  return r;
}
