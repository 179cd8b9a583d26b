// GET / and GET /v1/: the version documents that clients read before anything else.
import { Router, type Request } from 'express';
import { MAX_VERSION_STRING, MIN_VERSION_STRING } from './microversion.js';

export function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
}

function versionEntry(req: Request) {
  return {
    id: 'v1',
    links: [{ href: `${baseUrl(req)}/v1/`, rel: 'self' }],
    status: 'CURRENT',
    min_version: MIN_VERSION_STRING,
    version: MAX_VERSION_STRING,
  };
}

const RESOURCES = ['chassis', 'nodes', 'ports', 'portgroups', 'drivers', 'conductors', 'lookup', 'heartbeat'];

export function rootRouter(): Router {
  const router = Router();
  router.get('/', (req, res) => {
    res.json({
      name: 'Tyr bare-metal provisioning (OpenStack Ironic API compatible)',
      description: 'Tyr manages physical servers: discovery, inventory, power, deploy and rescue.',
      default_version: versionEntry(req),
      versions: [versionEntry(req)],
    });
  });
  router.get(['/v1', '/v1/'], (req, res) => {
    const links = (name: string) => [
      { href: `${baseUrl(req)}/v1/${name}/`, rel: 'self' },
      { href: `${baseUrl(req)}/${name}/`, rel: 'bookmark' },
    ];
    res.json({
      ...versionEntry(req),
      media_types: [{ base: 'application/json', type: 'application/vnd.openstack.ironic.v1+json' }],
      ...Object.fromEntries(RESOURCES.map((r) => [r, links(r)])),
    });
  });
  return router;
}
