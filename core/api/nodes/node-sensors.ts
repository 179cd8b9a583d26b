// GET /v1/nodes/{node}/management/sensors (a Tyr extension: Ironic clients get Ironic's 404, Tyr's
// own send X-Tyr-Extensions: 1): the node's current sensor readings in Ironic's get_sensors_data
// shape, {"Temperature": {"<id>@<chassis>": {...}}, "Fan": ..., "Power": ..., "Drive": ...}, read
// live from the BMC by the node's conductor.
import { Router } from 'express';
import type { ApiDeps } from '../deps.js';
import { requireTyrExtension } from '../microversion.js';
import { findNode } from './node-lookup.js';

export function nodeSensorsRouter({ store, conductor }: ApiDeps): Router {
  const router = Router();
  router.get('/v1/nodes/:ident/management/sensors', async (req, res) => {
    requireTyrExtension(req, 'The management/sensors endpoint');
    const node = await findNode(req, store, String(req.params.ident));
    res.json(await conductor.getSensorsData(node.uuid));
  });
  return router;
}
