// What a provision verb may carry besides its target, and the one check of it. The API answers
// a problem with a 400 before anything changes; the conductor, which API processes reach over
// RPC, runs the same check so no caller can start a flow with arguments it cannot use. Returns
// the problem as an actionable sentence (this folder throws nothing of its own: callers wrap it
// in their 400 error).
import { DEPLOYING_VERBS } from './provision-verbs.js';

export interface ProvisionArgs {
  configdrive?: string | Record<string, unknown>;
  clean_steps?: Record<string, unknown>[];
  deploy_steps?: Record<string, unknown>[];
  rescue_password?: string;
  disable_ramdisk?: boolean;
}

const STEP_SHAPE = '{"interface": ..., "step": ..., "args": {...}}';

/** Why a manual clean's steps cannot run, or undefined when each is {interface, step, args?}. */
export function cleanStepsProblem(raw: unknown): string | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    return `The "clean" verb needs "clean_steps": a non-empty list of ${STEP_SHAPE}.`;
  }
  for (const [i, s] of raw.entries()) {
    const o = s as Record<string, unknown> | null;
    if (typeof o !== 'object' || o === null || typeof o.step !== 'string' || typeof o.interface !== 'string') {
      return `clean_steps[${i}] must be an object with string "interface" and "step", got ${JSON.stringify(s)}.`;
    }
    if (o.args !== undefined && (typeof o.args !== 'object' || o.args === null || Array.isArray(o.args))) {
      return `clean_steps[${i}].args must be an object.`;
    }
  }
  return undefined;
}

function configDriveProblem(configdrive: unknown, verb: string): string | undefined {
  if (configdrive === undefined || configdrive === null) return undefined;
  if (!DEPLOYING_VERBS.has(verb)) return `"configdrive" can only be given with the ${[...DEPLOYING_VERBS].join(', ')} verbs.`;
  if (typeof configdrive === 'string' || (typeof configdrive === 'object' && !Array.isArray(configdrive))) return undefined;
  return `"configdrive" must be a string (gzipped, base64-encoded ISO, or a URL) or, from API 1.56, an object {meta_data, user_data, network_data, vendor_data}; got ${JSON.stringify(configdrive)}.`;
}

/** Why `args` cannot go with `verb`, or undefined when they can. Microversion rules are the API's. */
export function provisionArgsProblem(verb: string, args: Readonly<Record<string, unknown>>): string | undefined {
  const configdrive = configDriveProblem(args.configdrive, verb);
  if (configdrive) return configdrive;
  if (verb === 'clean') {
    const steps = cleanStepsProblem(args.clean_steps);
    if (steps) return steps;
  } else if (args.clean_steps !== undefined) {
    return `"clean_steps" is only accepted with the clean verb, not "${verb}".`;
  }
  if (args.deploy_steps !== undefined && !DEPLOYING_VERBS.has(verb)) {
    return `"deploy_steps" is only accepted with the ${[...DEPLOYING_VERBS].join(', ')} verbs, not "${verb}".`;
  }
  if (verb === 'rescue') {
    if (typeof args.rescue_password !== 'string' || args.rescue_password.trim() === '')
      return 'The "rescue" verb needs a non-empty "rescue_password".';
  } else if (args.rescue_password !== undefined) {
    return '"rescue_password" is only accepted with the rescue verb.';
  }
  return undefined;
}
