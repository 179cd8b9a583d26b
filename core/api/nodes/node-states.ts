// /v1/nodes/{node}/states: read the states, and ask the conductor for power and provision
// changes. Both changes are asynchronous: 202 and the client polls /states.
import { Router } from 'express';
import { InvalidParameterValue, NotAcceptable } from '../../errors.js';
import { parseBoolean } from '../../bool.js';
import { BOOT_MODES, type BootMode } from '../../drivers/interfaces/management.js';
import type { PowerTarget } from '../../drivers/interfaces/power.js';
import { parseBody } from '../body.js';
import type { ApiDeps } from '../deps.js';
import { minorOf, requireEndpointVersion } from '../microversion.js';
import { baseUrl } from '../root.js';
import { checkHardwareOpSteps } from './hw-ops-checks.js';
import { findNode } from './node-lookup.js';

/** Power targets and the version that introduced each. */
const POWER_TARGETS: Record<PowerTarget, number> = {
  'power on': 1, 'power off': 1, rebooting: 1, 'soft power off': 27, 'soft rebooting': 27,
};

/** Provision verbs (Ironic's) and the version that introduced each. */
const PROVISION_VERBS: Record<string, number> = {
  active: 1, deleted: 1, rebuild: 1, manage: 4, provide: 4, inspect: 6, abort: 13, clean: 15, adopt: 17,
  rescue: 38, unrescue: 38, deploy: 73, undeploy: 73,
};

const CONSOLE_BODY = { enabled: { type: 'boolean' } } as const;
const TARGET_BODY = { target: { type: 'any' } } as const;
const POWER_BODY = { target: { type: 'string' }, timeout: { type: 'integer', nullable: true, since: 27 } } as const;
const PROVISION_BODY = {
  target: { type: 'string' }, configdrive: { type: 'any', nullable: true }, clean_steps: { type: 'array', since: 15 },
  deploy_steps: { type: 'array', since: 69 }, rescue_password: { type: 'string', since: 38 }, disable_ramdisk: { type: 'boolean', since: 70 },
} as const;

function checkChoice(value: unknown, table: Record<string, number>, minor: number, what: string): string {
  const allowed = Object.keys(table).filter((k) => table[k]! <= minor);
  if (typeof value === 'string' && table[value] !== undefined && table[value] > minor) {
    throw new NotAcceptable(`The ${what} target "${value}" requires API version 1.${table[value]} or later; this request used 1.${minor}.`);
  }
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new InvalidParameterValue(`Invalid ${what} target ${JSON.stringify(value)}. Accepted at API 1.${minor}: ${allowed.join(', ')}.`);
  }
  return value;
}

/** Ironic's rules: a string at any version, an object from 1.56, with rebuild from 1.35. */
function checkConfigDrive(configdrive: unknown, verb: string, minor: number): void {
  if (configdrive === undefined || configdrive === null) return;
  if (!['active', 'deploy', 'rebuild'].includes(verb)) {
    throw new InvalidParameterValue('"configdrive" can only be given with the active, deploy or rebuild verbs.');
  }
  if (typeof configdrive === 'object' && !Array.isArray(configdrive)) {
    if (minor < 56) throw new NotAcceptable(`A "configdrive" given as an object requires API version 1.56 or later; this request used 1.${minor}. Send it as a gzipped, base64-encoded ISO string, or use 1.56.`);
  } else if (typeof configdrive !== 'string') {
    throw new InvalidParameterValue(`"configdrive" must be a string (gzipped, base64-encoded ISO, or a URL) or, from API 1.56, an object {meta_data, user_data, network_data, vendor_data}; got ${JSON.stringify(configdrive)}.`);
  }
  if (verb === 'rebuild' && minor < 35) {
    throw new NotAcceptable(`"configdrive" with the rebuild verb requires API version 1.35 or later; this request used 1.${minor}.`);
  }
}

export function nodeStatesRouter({ store, conductor }: ApiDeps): Router {
  const router = Router();

  router.get('/v1/nodes/:ident/states', async (req, res) => {
    const node = await findNode(req, store, req.params.ident);
    const minor = minorOf(req);
    res.json({
      console_enabled: node.console_enabled, last_error: node.last_error, power_state: node.power_state,
      provision_state: minor < 2 && node.provision_state === 'available' ? null : node.provision_state, provision_updated_at: node.provision_updated_at,
      target_power_state: node.target_power_state, target_provision_state: node.target_provision_state,
      ...(minor >= 12 ? { raid_config: node.raid_config, target_raid_config: node.target_raid_config } : {}),
      ...(minor >= 75 ? { boot_mode: node.boot_mode, secure_boot: node.secure_boot } : {}),
    });
  });

  router.put('/v1/nodes/:ident/states/boot_mode', async (req, res) => {
    requireEndpointVersion(req, 76, 'Changing the boot mode (states/boot_mode)');
    const { target } = parseBody<{ target?: unknown }>(req.body, TARGET_BODY, 'a boot mode change');
    if (!BOOT_MODES.includes(target as BootMode)) {
      throw new InvalidParameterValue(`Invalid boot mode ${JSON.stringify(target)} requested: use "target": one of ${BOOT_MODES.join(', ')}.`);
    }
    const node = await findNode(req, store, req.params.ident);
    await conductor.setBootMode(node.uuid, target as BootMode);
    res.status(202).location(`${baseUrl(req)}/v1/nodes/${node.uuid}/states`).end();
  });

  router.put('/v1/nodes/:ident/states/secure_boot', async (req, res) => {
    requireEndpointVersion(req, 76, 'Changing secure boot (states/secure_boot)');
    const { target } = parseBody<{ target?: unknown }>(req.body, TARGET_BODY, 'a secure boot change');
    const enabled = parseBoolean(target);
    if (enabled === undefined) throw new InvalidParameterValue(`Invalid secure boot target ${JSON.stringify(target)}: use "target": true or false.`);
    const node = await findNode(req, store, req.params.ident);
    await conductor.setSecureBoot(node.uuid, enabled);
    res.status(202).location(`${baseUrl(req)}/v1/nodes/${node.uuid}/states`).end();
  });

  router.put('/v1/nodes/:ident/states/power', async (req, res) => {
    const minor = minorOf(req);
    const body = parseBody(req.body, POWER_BODY, 'a power change', minor);
    const target = checkChoice(body.target, POWER_TARGETS, minor, 'power') as PowerTarget;
    const timeout = body.timeout as number | null | undefined;
    if (timeout !== undefined && timeout !== null && timeout <= 0) throw new InvalidParameterValue(`"timeout" must be a positive number of seconds, got ${timeout}.`);
    const node = await findNode(req, store, req.params.ident);
    await conductor.changePowerState(node.uuid, target, timeout ?? undefined);
    res.status(202).location(`${baseUrl(req)}/v1/nodes/${node.uuid}/states`).end();
  });

  router.put('/v1/nodes/:ident/states/provision', async (req, res) => {
    const minor = minorOf(req);
    const body = parseBody<Record<string, any>>(req.body, PROVISION_BODY, 'a provision change', minor);
    const verb = checkChoice(body.target, PROVISION_VERBS, minor, 'provision');
    checkConfigDrive(body.configdrive, verb, minor);
    if (verb === 'clean' && !Array.isArray(body.clean_steps)) throw new InvalidParameterValue('The "clean" verb needs "clean_steps" (a list of steps).');
    if (body.clean_steps !== undefined && verb !== 'clean') throw new InvalidParameterValue(`"clean_steps" is only accepted with the clean verb, not "${verb}".`);
    if (body.deploy_steps !== undefined && !['active', 'deploy', 'rebuild'].includes(verb)) {
      throw new InvalidParameterValue(`"deploy_steps" is only accepted with the active, deploy and rebuild verbs, not "${verb}".`);
    }
    if (body.rescue_password !== undefined && verb !== 'rescue') throw new InvalidParameterValue('"rescue_password" is only accepted with the rescue verb.');
    if (verb === 'rescue' && !body.rescue_password) throw new InvalidParameterValue('The "rescue" verb needs a non-empty "rescue_password".');
    const node = await findNode(req, store, req.params.ident);
    if (verb === 'clean') await checkHardwareOpSteps(store, node, body.clean_steps);
    const { target: _t, ...args } = body;
    await conductor.doProvisionAction(node.uuid, verb, args);
    res.status(202).location(`${baseUrl(req)}/v1/nodes/${node.uuid}/states`).end();
  });

  router.get('/v1/nodes/:ident/states/console', async (req, res) => {
    const node = await findNode(req, store, req.params.ident);
    res.json(await conductor.getConsole(node.uuid));
  });

  router.put('/v1/nodes/:ident/states/console', async (req, res) => {
    const body = parseBody<{ enabled?: unknown }>(req.body, CONSOLE_BODY, 'a console change', minorOf(req));
    const node = await findNode(req, store, req.params.ident);
    if (typeof body.enabled !== 'boolean') throw new InvalidParameterValue('A console change needs "enabled": true or false.');
    await conductor.setConsoleMode(node.uuid, body.enabled);
    res.status(202).location(`${baseUrl(req)}/v1/nodes/${node.uuid}/states/console`).end();
  });

  return router;
}
