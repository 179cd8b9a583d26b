// /v1/volume, /v1/volume/{connectors,targets} and their read-only views under a node,
// /v1/nodes/{node}/volume[/connectors|/targets] (API 1.32+).
import { Router, type Request } from 'express';
import { Forbidden } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { links } from '../links.js';
import { requireEndpointVersion } from '../microversion.js';
import { findNode } from '../nodes/node-lookup.js';
import { listResponse, resourceRouter } from '../resource-router.js';
import { connectorSpec } from './connectors.js';
import { targetSpec } from './targets.js';

const SINCE = 32;
const nodeIdent = (req: Request) => (req.params as { ident: string }).ident;

/** The volume root: links to the connectors and targets, under /v1/volume or a node's. */
function volumeRoot(req: Request, base: string) {
  return {
    connectors: links(req, `${base}/connectors`),
    links: links(req, base),
    targets: links(req, `${base}/targets`),
  };
}

export function volumeRouter(deps: ApiDeps): Router {
  const max = deps.config.api.max_limit;
  const connectors = connectorSpec(deps);
  const targets = targetSpec(deps);
  const router = Router();

  router.get('/v1/volume', (req, res) => {
    requireEndpointVersion(req, SINCE, 'The /v1/volume endpoint');
    res.json(volumeRoot(req, 'volume'));
  });
  router.use(resourceRouter(connectors, max), resourceRouter(targets, max));

  // Under a node the lists are read-only; Ironic refuses anything else there with 403.
  const nodeVolume = Router({ mergeParams: true });
  nodeVolume.use(async (req, _res, next) => {
    requireEndpointVersion(req, SINCE, 'The /v1/nodes/{node}/volume endpoint');
    await findNode(req, deps.store, nodeIdent(req));
    next();
  });
  nodeVolume.get('/', (req, res) => {
    res.json(volumeRoot(req, `nodes/${nodeIdent(req)}/volume`));
  });
  nodeVolume.get('/connectors', async (req, res) => {
    res.json(await listResponse(connectors, req, max, false, `nodes/${nodeIdent(req)}/volume/connectors`));
  });
  nodeVolume.get('/targets', async (req, res) => {
    res.json(await listResponse(targets, req, max, false, `nodes/${nodeIdent(req)}/volume/targets`));
  });
  nodeVolume.all('/{*rest}', () => {
    throw new Forbidden(
      'Not permitted: volume connectors and targets are read-only under /v1/nodes/{node}/volume; create, show, change or delete them under /v1/volume/connectors or /v1/volume/targets.',
    );
  });
  router.use('/v1/nodes/:ident/volume', nodeVolume);
  return router;
}
