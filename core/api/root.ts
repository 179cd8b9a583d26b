// GET / and GET /v1/: the version documents that clients read before anything else. keystoneauth's
// version discovery reads `version` as an object (id, links, status, min_version, version), and
// Ironic lists a resource's link only from the microversion that introduced the resource.
import { Router, type Request } from 'express';
import { MAX_VERSION_STRING, MIN_VERSION_STRING, minorOf } from './microversion.js';

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

/** Top-level resources and the minor version that introduced each. */
const RESOURCE_SINCE: Record<string, number> = {
  chassis: 1,
  nodes: 1,
  ports: 1,
  drivers: 1,
  lookup: 22,
  heartbeat: 22,
  portgroups: 23,
  volume: 32,
  conductors: 49,
  allocations: 52,
  events: 54,
  deploy_templates: 55,
  shards: 82,
};

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
    const base = baseUrl(req);
    const links = (name: string) => [
      { href: `${base}/v1/${name}/`, rel: 'self' },
      { href: `${base}/${name}/`, rel: 'bookmark' },
    ];
    const minor = minorOf(req);
    const resources = Object.keys(RESOURCE_SINCE).filter((r) => RESOURCE_SINCE[r]! <= minor);
    res.json({
      id: 'v1',
      links: [
        { href: `${base}/v1/`, rel: 'self' },
        { href: 'https://docs.openstack.org/ironic/latest/contributor/webapi.html', rel: 'describedby', type: 'text/html' },
      ],
      media_types: { base: 'application/json', type: 'application/vnd.openstack.ironic.v1+json' },
      ...Object.fromEntries(resources.map((r) => [r, links(r)])),
      version: versionEntry(req),
    });
  });
  return router;
}
