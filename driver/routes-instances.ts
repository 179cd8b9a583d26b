// /instances: one REST resource per Nova instance, keyed by instance UUID. Each route is one
// ComputeDriver method (named in the OpenAPI document, driver/openapi.ts).
import { Router } from 'express';
import type { Shim } from './context.js';
import { asObject } from './body.js';
import {
  destroy,
  instanceView,
  listInstances,
  nodeOf,
  powerOff,
  powerOn,
  powerUpdateEvent,
  reboot,
  rebuild,
  rescue,
  triggerCrashDump,
  unrescue,
} from './instances.js';
import { attachInterface, detachInterface, plugVifs, serialConsole, unplugVifs } from './network-console.js';
import { spawn } from './spawn.js';
import { invalidInput } from './errors.js';

const ACTIONS = ['reboot', 'power_on', 'power_off', 'rebuild', 'trigger_crash_dump'] as const;

export function instancesRouter(shim: Shim, pageSize: number): Router {
  const r = Router();
  const body = (req: { body?: unknown }) => asObject(req.body, 'The request body');

  r.get('/instances', async (_req, res) => {
    res.json({ instances: await listInstances(shim, pageSize) });
  });
  r.get('/instances/:uuid', async (req, res) => {
    res.json(instanceView(await nodeOf(shim, req.params.uuid)));
  });
  r.put('/instances/:uuid', async (req, res) => {
    res.status(201).json(instanceView(await spawn(shim, req.params.uuid, body(req))));
  });
  r.delete('/instances/:uuid', async (req, res) => {
    body(req); // network_info may come along; every VIF of the node is detached anyway
    await destroy(shim, req.params.uuid);
    res.status(204).end();
  });
  r.get('/instances/:uuid/info', async (req, res) => {
    const v = instanceView(await nodeOf(shim, req.params.uuid));
    res.json({ state: v.power_state, state_name: v.power_state_name });
  });

  r.post('/instances/:uuid/actions/:action', async (req, res) => {
    const { uuid, action } = req.params;
    switch (action as (typeof ACTIONS)[number]) {
      case 'reboot':
        return void res.json(instanceView(await reboot(shim, uuid, body(req))));
      case 'power_on':
        return void res.json(instanceView(await powerOn(shim, uuid)));
      case 'power_off':
        return void res.json(instanceView(await powerOff(shim, uuid, body(req))));
      case 'rebuild':
        return void res.json(instanceView(await rebuild(shim, uuid, body(req))));
      case 'trigger_crash_dump':
        await triggerCrashDump(shim, uuid);
        return void res.status(204).end();
      default:
        throw invalidInput(`Unknown action "${action}"; the actions are ${ACTIONS.join(', ')}.`);
    }
  });

  r.put('/instances/:uuid/rescue', async (req, res) => {
    res.json(instanceView(await rescue(shim, req.params.uuid, body(req))));
  });
  r.delete('/instances/:uuid/rescue', async (req, res) => {
    res.json(instanceView(await unrescue(shim, req.params.uuid)));
  });

  r.get('/instances/:uuid/console/serial', async (req, res) => {
    res.json(await serialConsole(shim, req.params.uuid, res.locals.role !== 'reader'));
  });

  r.get('/instances/:uuid/vifs', async (req, res) => {
    const node = await nodeOf(shim, req.params.uuid);
    res.json({ vifs: (await shim.client.nodes.listVifs(node.uuid)).map((v) => v.id) });
  });
  r.put('/instances/:uuid/vifs', async (req, res) => {
    res.json({ vifs: await plugVifs(shim, req.params.uuid, body(req)) });
  });
  r.delete('/instances/:uuid/vifs', async (req, res) => {
    const ids = typeof req.query.ids === 'string' && req.query.ids ? req.query.ids.split(',') : undefined;
    res.json({ vifs: await unplugVifs(shim, req.params.uuid, ids) });
  });
  r.post('/instances/:uuid/vifs', async (req, res) => {
    res.status(201).json({ vifs: await attachInterface(shim, req.params.uuid, body(req)) });
  });
  r.delete('/instances/:uuid/vifs/:vif', async (req, res) => {
    res.json({ vifs: await detachInterface(shim, req.params.uuid, req.params.vif) });
  });

  r.post('/instances/:uuid/events/power_update', async (req, res) => {
    res.json(await powerUpdateEvent(shim, req.params.uuid, body(req)));
  });
  return r;
}
