// GET /v1/nodes/{node}/management/sensors (Tyr extension, no microversion of its own): the node's
// current sensor readings in Ironic's get_sensors_data shape, {"Temperature": {"<id>@<chassis>":
// {...}}, "Fan": ..., "Power": ..., "Drive": ...}. Read live from the BMC by the node's conductor.
import { Router } from 'express';
import type { ApiDeps } from '../deps.js';
import { findNode } from './node-lookup.js';

export function nodeSensorsRouter({ store, conductor }: ApiDeps): Router {
  const router = Router();
  router.get('/v1/nodes/:ident/management/sensors', async (req, res) => {
    const node = await findNode(req, store, String(req.params.ident));
    res.json(await conductor.getSensorsData(node.uuid));
  });
  return router;
}
