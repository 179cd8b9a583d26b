// Nova's legacy os-baremetal-nodes API answered from Tyr's data. Unlike Nova's later proxy,
// which only pointed at the ironic client, the write calls work: create makes an `ipmi` node
// and its provisioning port, delete removes a node without an instance, and the action adds or
// removes a port.
import express, { Router, type Request, type RequestHandler } from 'express';
import type { TyrClient } from '../client/client.js';
import type { ApiNode, ApiPort } from '../client/types.js';
import { badRequest, conflict, legacyErrorHandler, notFound, or404 } from './errors.js';
import { legacyDetail, legacyInterface, legacySummary } from './legacy-view.js';
import { createLegacyNode, macAddress } from './create.js';

const PAGE = 100;

/** `auth` (core/api/auth.ts) runs before the body is read; errors keep the legacy shape. */
export function baremetalNodesRouter(client: TyrClient, auth?: RequestHandler): Router {
  const r = Router();
  if (auth) r.use(auth);
  r.use(express.json({ limit: '1mb' }));

  const nodeOr404 = (id: string): Promise<ApiNode> => or404(client.nodes.get(id), `Baremetal node ${id} could not be found.`);
  const portsOf = async (uuid: string): Promise<ApiPort[]> => {
    const out: ApiPort[] = [];
    for await (const p of client.ports.list({ node: uuid, fields: ['uuid', 'address', 'node_uuid'], limit: PAGE })) out.push(p);
    return out;
  };
  const body = (req: Request): Record<string, unknown> => {
    if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) throw badRequest('The request body must be a JSON object.');
    return req.body as Record<string, unknown>;
  };

  r.get('/', async (_req, res) => {
    // One pass over the ports instead of one request per node.
    const byNode = new Map<string, ApiPort[]>();
    for await (const p of client.ports.list({ fields: ['uuid', 'address', 'node_uuid'], limit: PAGE })) {
      if (p.node_uuid) byNode.set(p.node_uuid, [...(byNode.get(p.node_uuid) ?? []), p]);
    }
    const nodes = [];
    for await (const n of client.nodes.list({ detail: true, limit: PAGE })) nodes.push(legacySummary(n, byNode.get(n.uuid) ?? []));
    res.json({ nodes });
  });

  r.get('/:id', async (req, res) => {
    const node = await nodeOr404(req.params.id);
    res.json({ node: legacyDetail(node, await portsOf(node.uuid)) });
  });

  r.post('/', async (req, res) => {
    const b = body(req);
    const { node, ports } = await createLegacyNode(client, (b.node ?? b) as Record<string, unknown>);
    res.status(200).json({ node: legacyDetail(node, ports) });
  });

  r.delete('/:id', async (req, res) => {
    const node = await nodeOr404(req.params.id);
    if (node.instance_uuid) throw conflict(`Baremetal node ${node.uuid} has instance ${node.instance_uuid}; delete the instance first.`);
    await client.nodes.delete(node.uuid);
    res.status(202).end();
  });

  r.post('/:id/action', async (req, res) => {
    const b = body(req);
    const node = await nodeOr404(req.params.id);
    if (b.add_interface !== undefined) {
      const address = macAddress((b.add_interface as Record<string, unknown> | null)?.address);
      const port = await client.ports.create({ node_uuid: node.uuid, address });
      return void res.json({ interface: legacyInterface(port) });
    }
    if (b.remove_interface !== undefined) {
      const spec = (b.remove_interface ?? {}) as Record<string, unknown>;
      const ports = await portsOf(node.uuid);
      const address = spec.address !== undefined ? macAddress(spec.address) : undefined;
      const port = ports.find((p) => (address ? p.address.toLowerCase() === address : p.uuid === spec.id));
      if (!address && spec.id === undefined) throw badRequest('remove_interface needs "address" (or "id") of the interface.');
      if (!port) throw notFound(`Baremetal node ${node.uuid} has no interface ${address ?? String(spec.id)}.`);
      await client.ports.delete(port.uuid);
      return void res.status(202).end();
    }
    throw badRequest('The action body needs "add_interface" or "remove_interface", each with {"address": "<MAC>"}.');
  });

  r.use(legacyErrorHandler);
  return r;
}
