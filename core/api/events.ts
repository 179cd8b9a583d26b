// POST /v1/events (API 1.54): external events, today Neutron's port events. The body is checked
// as strictly as Ironic's schema does (400 naming the event and field); each accepted event is
// logged as one structured line and, when a port has its MAC, recorded in that node's history.
import { Router } from 'express';
import { UUID_RE } from '../db/resource-repo.js';
import { InvalidParameterValue } from '../errors.js';
import { componentLogger } from '../log.js';
import type { ApiDeps } from './deps.js';
import { normaliseMac } from './mac.js';
import { requireEndpointVersion } from './microversion.js';

const NETWORK_EVENTS = ['network.bind_port', 'network.unbind_port', 'network.delete_port'];
const REQUIRED = ['event', 'port_id', 'mac_address', 'status'];
const NULLABLE = ['device_id', 'binding:host_id', 'binding:vnic_type'];
const UUID_FIELDS = ['port_id', 'device_id', 'binding:host_id'];

export interface NetworkEvent {
  event: string;
  port_id: string;
  mac_address: string;
  status: string;
  device_id?: string | null;
  'binding:host_id'?: string | null;
  'binding:vnic_type'?: string | null;
}

function checkNetworkEvent(e: Record<string, unknown>, at: string): asserts e is Record<string, unknown> & NetworkEvent {
  const fail = (what: string): never => {
    throw new InvalidParameterValue(`Invalid event ${at}: ${what}`);
  };
  const unknown = Object.keys(e).filter((k) => !REQUIRED.includes(k) && !NULLABLE.includes(k));
  if (unknown.length) fail(`unknown field(s) ${unknown.join(', ')}; a network event has ${[...REQUIRED, ...NULLABLE].join(', ')}.`);
  for (const k of REQUIRED) if (typeof e[k] !== 'string') fail(`"${k}" is required and must be a string.`);
  for (const k of NULLABLE) if (e[k] !== undefined && e[k] !== null && typeof e[k] !== 'string') fail(`"${k}" must be a string or null.`);
  for (const k of UUID_FIELDS)
    if (typeof e[k] === 'string' && !UUID_RE.test(e[k])) fail(`"${k}" must be a UUID, got ${JSON.stringify(e[k])}.`);
  try {
    normaliseMac(e.mac_address);
  } catch (err) {
    fail(`"mac_address": ${(err as Error).message}`);
  }
}

/** The body's events, or a 400 naming the first thing wrong. */
export function parseEvents(body: unknown): NetworkEvent[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidParameterValue('The body must be a JSON object {"events": [...]}.');
  const extra = Object.keys(body).filter((k) => k !== 'events');
  if (extra.length) throw new InvalidParameterValue(`Unknown key(s) in the events body: ${extra.join(', ')}; only "events" is accepted.`);
  const events = (body as { events?: unknown }).events;
  if (!Array.isArray(events) || events.length === 0) throw new InvalidParameterValue('"events" must be a non-empty list of events.');
  return events.map((e: unknown, i) => {
    const at = `events[${i}]`;
    if (typeof e !== 'object' || e === null || Array.isArray(e))
      throw new InvalidParameterValue(`Invalid event ${at}: it must be an object.`);
    const kind = (e as { event?: unknown }).event;
    if (typeof kind !== 'string' || !NETWORK_EVENTS.includes(kind)) {
      throw new InvalidParameterValue(
        `Invalid event ${at}: "event" must be one of ${NETWORK_EVENTS.join(', ')}, got ${JSON.stringify(kind)}.`,
      );
    }
    const event = e as Record<string, unknown>;
    checkNetworkEvent(event, at);
    return event;
  });
}

export function eventsRouter({ store, log: apiLog }: ApiDeps): Router {
  const router = Router();
  const log = componentLogger(apiLog, 'events');
  router.post('/v1/events', async (req, res) => {
    requireEndpointVersion(req, 54, 'The /v1/events endpoint');
    const events = parseEvents(req.body);
    const ports = await store.ports.findByAddresses(events.map((e) => e.mac_address));
    const nodeOf = new Map(ports.map((p) => [p.address, p.node_id]));
    for (const e of events) {
      const nodeId = nodeOf.get(e.mac_address.toLowerCase());
      log.info({ external_event: e, node_id: nodeId ?? null }, 'external event received');
      if (nodeId !== undefined) {
        await store.history.add({
          node_id: nodeId,
          event_type: 'external event',
          severity: 'info',
          event: `${e.event}: port ${e.port_id} (${e.mac_address}) status ${e.status}${e.device_id ? `, device ${e.device_id}` : ''}`,
        });
      }
    }
    res.status(204).end();
  });
  return router;
}
