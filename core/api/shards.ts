// GET /v1/shards (API 1.82): each shard with its node count, as Ironic lists them.
import { Router } from 'express';
import type { ApiDeps } from './deps.js';
import { requireEndpointVersion } from './microversion.js';

export function shardsRouter({ store }: ApiDeps): Router {
  const router = Router();
  router.get('/v1/shards', async (req, res) => {
    requireEndpointVersion(req, 82, 'The /v1/shards endpoint');
    res.json({ shards: await store.nodes.shardCounts() });
  });
  return router;
}
