// /v1/nodes/{node}/management/boot_device, /maintenance, /validate and /vifs: small
// sub-resources that each forward to one conductor call.
import { Router } from 'express';
import { InvalidParameterValue } from '../../errors.js';
import type { BootDevice } from '../../drivers/interfaces/management.js';
import { checkFields, parseBody, requireString } from '../body.js';
import type { ApiDeps } from '../deps.js';
import { requireEndpointVersion } from '../microversion.js';
import { queryBool, queryString } from '../query.js';
import { findNode } from './node-lookup.js';

const BOOT_DEVICES: readonly BootDevice[] = ['pxe', 'disk', 'cdrom', 'bios', 'safe', 'wanboot', 'usb', 'uefi-http'];

export function nodeManagementRouter({ store, conductor }: ApiDeps): Router {
  const router = Router();
  const uuidOf = async (req: Parameters<typeof findNode>[0]) => (await findNode(req, store, String(req.params.ident))).uuid;

  router.get('/v1/nodes/:ident/management/boot_device', async (req, res) => {
    res.json(await conductor.getBootDevice(await uuidOf(req)));
  });
  router.get('/v1/nodes/:ident/management/boot_device/supported', async (req, res) => {
    res.json({ supported_boot_devices: await conductor.supportedBootDevices(await uuidOf(req)) });
  });
  router.put('/v1/nodes/:ident/management/boot_device', async (req, res) => {
    const body = parseBody(req.body, { boot_device: { type: 'string' }, persistent: { type: 'boolean' } }, 'a boot device change');
    const device = requireString(body, 'boot_device', 'A boot device change');
    if (!BOOT_DEVICES.includes(device as BootDevice)) {
      throw new InvalidParameterValue(`Invalid boot device "${device}". Accepted: ${BOOT_DEVICES.join(', ')}.`);
    }
    // Ironic also takes `persistent` from the query string (the CLI's --persistent does).
    const persistent = (body.persistent as boolean | undefined) ?? queryBool(req, 'persistent') ?? false;
    await conductor.setBootDevice(await uuidOf(req), device as BootDevice, persistent);
    res.status(204).end();
  });
  router.put('/v1/nodes/:ident/management/inject_nmi', async (req, res) => {
    requireEndpointVersion(req, 29, 'Injecting an NMI');
    await conductor.injectNmi(await uuidOf(req));
    res.status(204).end();
  });

  router.put('/v1/nodes/:ident/maintenance', async (req, res) => {
    const body = req.body === undefined ? {} : parseBody(req.body, { reason: { type: 'string', nullable: true } }, 'maintenance');
    const reason = (body.reason as string | null | undefined) ?? queryString(req, 'reason');
    await conductor.setMaintenance(await uuidOf(req), true, reason ?? undefined);
    res.status(202).end();
  });
  router.delete('/v1/nodes/:ident/maintenance', async (req, res) => {
    await conductor.setMaintenance(await uuidOf(req), false);
    res.status(202).end();
  });

  router.get('/v1/nodes/:ident/validate', async (req, res) => {
    res.json(await conductor.validate(await uuidOf(req)));
  });

  router.get('/v1/nodes/:ident/vifs', async (req, res) => {
    requireEndpointVersion(req, 28, 'VIFs');
    res.json({ vifs: await conductor.vifList(await uuidOf(req)) });
  });
  router.post('/v1/nodes/:ident/vifs', async (req, res) => {
    requireEndpointVersion(req, 28, 'VIFs');
    // Ironic keeps whatever else the caller sends (Nova passes more than the id); only these are checked.
    const body = req.body as { id: string } & Record<string, unknown>;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new InvalidParameterValue('A VIF attachment must be a JSON object with an "id".');
    checkFields(body, { id: { type: 'string' }, port_uuid: { type: 'string' }, portgroup_uuid: { type: 'string' } });
    requireString(body, 'id', 'A VIF attachment');
    await conductor.vifAttach(await uuidOf(req), body);
    res.status(204).end();
  });
  router.delete('/v1/nodes/:ident/vifs/:vif', async (req, res) => {
    requireEndpointVersion(req, 28, 'VIFs');
    await conductor.vifDetach(await uuidOf(req), req.params.vif);
    res.status(204).end();
  });

  return router;
}
