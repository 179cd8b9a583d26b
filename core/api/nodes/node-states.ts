// /v1/nodes/{node}/states: read the states, and ask the conductor for power and provision
// changes. Both changes are asynchronous: 202 and the client polls /states.
import { Router } from 'express';
import { InvalidParameterValue, NotAcceptable } from '../../errors.js';
import { parseBoolean } from '../../bool.js';
import { BOOT_MODES, type BootMode } from '../../drivers/interfaces/management.js';
import type { PowerTarget } from '../../drivers/interfaces/power.js';
import { provisionArgsProblem, type ProvisionArgs } from '../../states/provision-args.js';
import { VERB_SINCE } from '../../states/provision-verbs.js';
import { STATE } from '../../states/provision-states.js';
import { parseBody } from '../body.js';
import type { ApiDeps } from '../deps.js';
import { minorOf, requireEndpointVersion } from '../microversion.js';
import { baseUrl } from '../root.js';
import { checkHardwareOpSteps } from './hw-ops-checks.js';
import { findNode } from './node-lookup.js';

/** Power targets and the version that introduced each. */
const POWER_TARGETS: Record<PowerTarget, number> = {
  'power on': 1,
  'power off': 1,
  rebooting: 1,
  'soft power off': 27,
  'soft rebooting': 27,
};

const CONSOLE_BODY = { enabled: { type: 'boolean' } } as const;
const TARGET_BODY = { target: { type: 'any' } } as const;
const POWER_BODY = { target: { type: 'string' }, timeout: { type: 'integer', nullable: true, since: 27 } } as const;
const PROVISION_BODY = {
  target: { type: 'string' },
  configdrive: { type: 'any', nullable: true },
  clean_steps: { type: 'array', since: 15 },
  deploy_steps: { type: 'array', since: 69 },
  rescue_password: { type: 'string', since: 38 },
  disable_ramdisk: { type: 'boolean', since: 70 },
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

/**
 * The provision arguments: their shape and which verb takes them (provision-args.ts, shared with
 * the conductor), then Ironic's version rules for a configdrive: an object from 1.56, with
 * rebuild from 1.35.
 */
function checkProvisionArgs(verb: string, args: Record<string, unknown>, minor: number): void {
  const problem = provisionArgsProblem(verb, args);
  if (problem) throw new InvalidParameterValue(problem);
  const { configdrive } = args;
  if (configdrive === undefined || configdrive === null) return;
  if (typeof configdrive === 'object' && minor < 56) {
    throw new NotAcceptable(
      `A "configdrive" given as an object requires API version 1.56 or later; this request used 1.${minor}. Send it as a gzipped, base64-encoded ISO string, or use 1.56.`,
    );
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
      console_enabled: node.console_enabled,
      last_error: node.last_error,
      power_state: node.power_state,
      provision_state: minor < 2 && node.provision_state === STATE.AVAILABLE ? null : node.provision_state,
      provision_updated_at: node.provision_updated_at,
      target_power_state: node.target_power_state,
      target_provision_state: node.target_provision_state,
      ...(minor >= 12 ? { raid_config: node.raid_config, target_raid_config: node.target_raid_config } : {}),
      ...(minor >= 75 ? { boot_mode: node.boot_mode, secure_boot: node.secure_boot } : {}),
    });
  });

  router.put('/v1/nodes/:ident/states/boot_mode', async (req, res) => {
    requireEndpointVersion(req, 76, 'Changing the boot mode (states/boot_mode)');
    const { target } = parseBody<{ target?: unknown }>(req.body, TARGET_BODY, 'a boot mode change');
    if (!BOOT_MODES.includes(target as BootMode)) {
      throw new InvalidParameterValue(
        `Invalid boot mode ${JSON.stringify(target)} requested: use "target": one of ${BOOT_MODES.join(', ')}.`,
      );
    }
    const node = await findNode(req, store, req.params.ident);
    await conductor.setBootMode(node.uuid, target as BootMode);
    res
      .status(202)
      .location(`${baseUrl(req)}/v1/nodes/${node.uuid}/states`)
      .end();
  });

  router.put('/v1/nodes/:ident/states/secure_boot', async (req, res) => {
    requireEndpointVersion(req, 76, 'Changing secure boot (states/secure_boot)');
    const { target } = parseBody<{ target?: unknown }>(req.body, TARGET_BODY, 'a secure boot change');
    const enabled = parseBoolean(target);
    if (enabled === undefined)
      throw new InvalidParameterValue(`Invalid secure boot target ${JSON.stringify(target)}: use "target": true or false.`);
    const node = await findNode(req, store, req.params.ident);
    await conductor.setSecureBoot(node.uuid, enabled);
    res
      .status(202)
      .location(`${baseUrl(req)}/v1/nodes/${node.uuid}/states`)
      .end();
  });

  router.put('/v1/nodes/:ident/states/power', async (req, res) => {
    const minor = minorOf(req);
    const body = parseBody(req.body, POWER_BODY, 'a power change', minor);
    const target = checkChoice(body.target, POWER_TARGETS, minor, 'power') as PowerTarget;
    const timeout = body.timeout as number | null | undefined;
    if (timeout !== undefined && timeout !== null && timeout <= 0)
      throw new InvalidParameterValue(`"timeout" must be a positive number of seconds, got ${timeout}.`);
    const node = await findNode(req, store, req.params.ident);
    await conductor.changePowerState(node.uuid, target, timeout ?? undefined);
    res
      .status(202)
      .location(`${baseUrl(req)}/v1/nodes/${node.uuid}/states`)
      .end();
  });

  router.put('/v1/nodes/:ident/states/provision', async (req, res) => {
    const minor = minorOf(req);
    const body = parseBody<ProvisionArgs & { target?: unknown }>(req.body, PROVISION_BODY, 'a provision change', minor);
    const verb = checkChoice(body.target, VERB_SINCE, minor, 'provision');
    const { target: _t, ...args } = body;
    checkProvisionArgs(verb, args, minor);
    const node = await findNode(req, store, req.params.ident);
    // checkProvisionArgs has made sure a clean carries a non-empty clean_steps.
    if (verb === 'clean') await checkHardwareOpSteps(store, node, args.clean_steps ?? []);
    await conductor.doProvisionAction(node.uuid, verb, args);
    res
      .status(202)
      .location(`${baseUrl(req)}/v1/nodes/${node.uuid}/states`)
      .end();
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
    res
      .status(202)
      .location(`${baseUrl(req)}/v1/nodes/${node.uuid}/states/console`)
      .end();
  });

  return router;
}
