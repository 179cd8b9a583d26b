// `tyr node power on|off|reboot`, the provision verbs (manage, provide, inspect, deploy,
// undeploy, rescue, unrescue, clean, abort) and `tyr node maintenance set|unset`. With
// `--wait [seconds]` a command returns only once the node got where the verb takes it.
import fs from 'node:fs';
import type { Command } from 'commander';
import type { ProvisionOptions, ProvisionVerb, WaitOptions } from '../client/types.js';
import { STATE, type ProvisionState } from '../core/states/provision-states.js';
import { action, clientFor } from './common-options.js';
import { CliError } from './errors.js';
import { secretOption } from './secret-args.js';
import { progressReporter, waitTimeoutMs } from './wait.js';

const POLL_MS = 500;

interface VerbSpec {
  /** What the API calls the verb. */
  target: ProvisionVerb;
  /** Provision states that end a --wait; none means the verb cannot be waited for. */
  waitFor?: ProvisionState[];
  help: string;
}

/** The verbs as data: CLI name → API target and the state(s) it ends in. */
export const VERBS: Record<string, VerbSpec> = {
  manage: { target: 'manage', waitFor: [STATE.MANAGEABLE], help: 'Move a node to "manageable" (verifies BMC access)' },
  provide: { target: 'provide', waitFor: [STATE.AVAILABLE], help: 'Make a node "available" (cleans it if automated cleaning is on)' },
  inspect: { target: 'inspect', waitFor: [STATE.MANAGEABLE], help: 'Inspect the hardware of a manageable node' },
  deploy: { target: 'active', waitFor: [STATE.ACTIVE], help: 'Deploy an image to a node' },
  undeploy: { target: 'deleted', waitFor: [STATE.AVAILABLE], help: 'Tear down a deployed node' },
  rescue: { target: 'rescue', waitFor: [STATE.RESCUE], help: 'Boot a deployed node into the rescue ramdisk' },
  unrescue: { target: 'unrescue', waitFor: [STATE.ACTIVE], help: 'Return a rescued node to its deployed image' },
  clean: { target: 'clean', waitFor: [STATE.MANAGEABLE], help: 'Run manual clean steps on a manageable node' },
  abort: { target: 'abort', help: 'Abort the current cleaning, inspection, deploy or rescue wait' },
};

/** A JSON argument given inline, as a file name, or as "-" for stdin. */
export function jsonArgument(value: string, what: string): unknown {
  const text =
    value === '-'
      ? fs.readFileSync(0, 'utf8')
      : value.trim().startsWith('{') || value.trim().startsWith('[')
        ? value
        : fs.readFileSync(value, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
}

const WAIT_FLAG = '--wait [seconds]';
const WAIT_HELP = 'wait for the change to finish, at most this many seconds (none: no limit)';

function waitOptions(ident: string, wait: unknown): { opts: WaitOptions; finish(): void } | undefined {
  const timeoutMs = waitTimeoutMs(wait as boolean | string | undefined);
  if (timeoutMs === undefined) return undefined;
  const progress = progressReporter(`node ${ident}`);
  return { opts: { timeoutMs, pollIntervalMs: POLL_MS, onProgress: progress.onProgress }, finish: progress.finish };
}

/** Runs `wait` with the progress line, ending the line whether it succeeds or not. */
async function withProgress(w: { finish(): void }, wait: () => Promise<unknown>): Promise<void> {
  try {
    await wait();
  } finally {
    w.finish();
  }
}

function registerPower(node: Command): void {
  const power = node.command('power').description('Power a node on or off, or reboot it');
  const verbs = [
    ['on', 'power on', 'power on'],
    ['off', 'power off', 'power off'],
    ['reboot', 'rebooting', 'power on'],
  ] as const;
  for (const [name, target, endsIn] of verbs) {
    power
      .command(`${name} <node>`)
      .description(`${name === 'reboot' ? 'Reboot' : `Power ${name}`} a node`)
      .option('--soft', 'ask the OS to shut down (ACPI) instead of cutting power')
      .option('--power-timeout <seconds>', 'seconds to wait for the BMC to reach the state', (v) => Number(v))
      .option(WAIT_FLAG, WAIT_HELP)
      .action(
        action('node', async (cmd, ident: string) => {
          const o = cmd.opts<{ soft?: boolean; powerTimeout?: number; wait?: string | true }>();
          if (o.soft && name === 'on') throw new CliError('--soft applies to "power off" and "reboot" only');
          const apiTarget = o.soft ? (name === 'off' ? 'soft power off' : 'soft rebooting') : target;
          const client = clientFor(cmd);
          const w = waitOptions(ident, o.wait);
          await client.nodes.setPowerState(ident, apiTarget, o.powerTimeout);
          if (w) await withProgress(w, () => client.nodes.waitForPowerState(ident, endsIn, w.opts));
        }),
      );
  }
}

/** A provision verb's options once its secret is resolved. */
interface ProvisionArguments {
  configDrive?: string;
  deploySteps?: string;
  cleanSteps?: string;
  steps?: string;
  rescuePassword?: string;
}

/** What commander parses for a provision verb; `--rescue-password` alone gives true (ask). */
interface ProvisionVerbOptions extends Omit<ProvisionArguments, 'rescuePassword'> {
  rescuePassword?: string | true;
  wait?: string | true;
}

function provisionOptions(verb: string, o: ProvisionArguments): ProvisionOptions {
  const args: ProvisionOptions = {};
  if (o.configDrive)
    args.configdrive = o.configDrive.trim().startsWith('{')
      ? (jsonArgument(o.configDrive, '--config-drive') as Record<string, unknown>)
      : o.configDrive;
  const cleanSteps = o.cleanSteps ?? o.steps;
  if (cleanSteps)
    args.clean_steps = jsonArgument(cleanSteps, o.cleanSteps ? '--clean-steps' : '--steps') as ProvisionOptions['clean_steps'];
  if (o.deploySteps) args.deploy_steps = jsonArgument(o.deploySteps, '--deploy-steps') as ProvisionOptions['deploy_steps'];
  if (o.rescuePassword) args.rescue_password = o.rescuePassword;
  if (verb === 'clean' && !args.clean_steps) throw new CliError('clean needs --clean-steps (JSON, a file, or - for stdin)');
  if (verb === 'rescue' && !args.rescue_password) throw new CliError('rescue needs --rescue-password');
  return args;
}

function registerProvisionVerbs(node: Command): void {
  for (const [name, spec] of Object.entries(VERBS)) {
    const cmd = node.command(`${name} <node>`).description(spec.help);
    if (name === 'deploy')
      cmd
        .option('--config-drive <drive>', 'config drive: a URL, base64 gzipped ISO, or JSON {meta_data, user_data, network_data}')
        .option('--deploy-steps <json>', 'deploy steps as JSON, a file, or - for stdin');
    if (name === 'clean') {
      cmd
        .option('--clean-steps <json>', 'clean steps as JSON, a file, or - for stdin')
        .option('--steps <json>', 'the same as --clean-steps');
    }
    if (name === 'rescue')
      cmd.option(
        '--rescue-password [password]',
        'password for the rescue user: @FILE to read it, or no value to be asked [env TYR_RESCUE_PASSWORD]',
      );
    if (spec.waitFor) cmd.option(WAIT_FLAG, WAIT_HELP);
    cmd.action(
      action('node', async (c, ident: string) => {
        const o = c.opts<ProvisionVerbOptions>();
        const rescuePassword =
          name === 'rescue'
            ? await secretOption(o.rescuePassword ?? true, { what: '--rescue-password', env: 'TYR_RESCUE_PASSWORD' })
            : undefined;
        const client = clientFor(c);
        const w = waitOptions(ident, o.wait);
        await client.nodes.setProvisionState(ident, spec.target, provisionOptions(name, { ...o, rescuePassword }));
        if (w && spec.waitFor) await withProgress(w, () => client.nodes.waitForProvisionState(ident, spec.waitFor!, w.opts));
      }),
    );
  }
}

function registerMaintenance(node: Command): void {
  const m = node.command('maintenance').description('Put a node in or out of maintenance mode');
  m.command('set <node>')
    .description('Put a node in maintenance mode')
    .option('--reason <text>', 'why')
    .action(
      action('node', async (cmd, ident: string) => {
        await clientFor(cmd).nodes.setMaintenance(ident, cmd.opts<{ reason?: string }>().reason);
      }),
    );
  m.command('unset <node>')
    .description('Take a node out of maintenance mode')
    .action(
      action('node', async (cmd, ident: string) => {
        await clientFor(cmd).nodes.unsetMaintenance(ident);
      }),
    );
}

export function registerNodeStateCommands(node: Command): void {
  registerPower(node);
  registerProvisionVerbs(node);
  registerMaintenance(node);
}
