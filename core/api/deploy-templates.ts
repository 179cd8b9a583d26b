// /v1/deploy_templates (API 1.55+): named lists of deploy steps. A template's name is a trait;
// an instance asking for that trait gets the template's steps in its deploy
// (core/conductor/deploy-templates.ts).
import { Router } from 'express';
import type { Store } from '../db/store.js';
import type { DeployTemplate, TemplateStep } from '../db/types.js';
import { DEPLOY_INTERFACE_PRIORITY } from '../../protocol/deploy-step-order.js';
import { InvalidParameterValue, MethodNotAllowed } from '../errors.js';
import { maskSecrets } from '../mask.js';
import { checkPatched } from './body.js';
import type { ApiDeps } from './deps.js';
import { minorOf } from './microversion.js';
import { resourceRouter, type ResourceSpec } from './resource-router.js';
import { checkTraitName } from './trait-name.js';

const SINCE = 55;
const STEP_KEYS = ['interface', 'step', 'args', 'priority'];

function invalid(message: string): never {
  throw new InvalidParameterValue(`Invalid deploy template: ${message}`);
}

/** One step: exactly {interface, step, args, priority}; a priority may come as a string of digits. */
function checkStep(raw: unknown, i: number): TemplateStep {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    invalid(`steps[${i}] must be an object {"interface", "step", "args", "priority"}.`);
  const s = raw as Record<string, unknown>;
  const missing = STEP_KEYS.filter((k) => !(k in s));
  const unknown = Object.keys(s).filter((k) => !STEP_KEYS.includes(k));
  if (missing.length || unknown.length) {
    invalid(
      `steps[${i}] must have exactly the keys ${STEP_KEYS.join(', ')}${missing.length ? `; missing: ${missing.join(', ')}` : ''}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}.`,
    );
  }
  const interfaces = Object.keys(DEPLOY_INTERFACE_PRIORITY);
  if (typeof s.interface !== 'string' || !interfaces.includes(s.interface))
    invalid(`steps[${i}].interface must be one of ${interfaces.join(', ')}, got ${JSON.stringify(s.interface)}.`);
  if (typeof s.step !== 'string' || s.step === '') invalid(`steps[${i}].step must be a non-empty string.`);
  if (typeof s.args !== 'object' || s.args === null || Array.isArray(s.args))
    invalid(`steps[${i}].args must be an object (use {} for none).`);
  const priority = typeof s.priority === 'string' && /^[0-9]+$/.test(s.priority) ? Number(s.priority) : s.priority;
  if (!Number.isInteger(priority) || (priority as number) < 0)
    invalid(`steps[${i}].priority must be an integer of 0 or more (0 disables the step), got ${JSON.stringify(s.priority)}.`);
  return { interface: s.interface, step: s.step, args: s.args as TemplateStep['args'], priority: priority as number };
}

/** At least one step, and each interface/step pair at most once. */
export function checkSteps(raw: unknown): TemplateStep[] {
  if (!Array.isArray(raw) || raw.length === 0) invalid('No deploy steps specified. A deploy template must have at least one deploy step.');
  const steps = raw.map(checkStep);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const s of steps) {
    const key = `interface: ${s.interface}, step: ${s.step}`;
    if (seen.has(key)) duplicates.add(key);
    seen.add(key);
  }
  if (duplicates.size)
    invalid(
      `Duplicate deploy steps. A deploy template cannot have multiple deploy steps with the same interface and step. Duplicates: ${[...duplicates].join('; ')}.`,
    );
  return steps;
}

export function deployTemplateSpec({ store }: ApiDeps): ResourceSpec<DeployTemplate> {
  const writable = {
    uuid: { type: 'string' },
    name: { type: 'string' },
    steps: { type: 'array' },
    extra: { type: 'object', nullable: true },
  } as const;
  const required = ['name', 'steps'];
  return {
    plural: 'deploy_templates',
    noun: 'deploy template',
    since: SINCE,
    detail: 'query',
    fieldSince: { uuid: SINCE, name: SINCE, steps: SINCE, extra: SINCE, created_at: SINCE, updated_at: SINCE },
    listFields: ['uuid', 'name'],
    writable,
    required,
    readOnly: new Set(['uuid', 'created_at', 'updated_at', 'links']),
    get: (_req, ident) => store.deployTemplates.getByIdent(ident),
    list: (_req, page) => store.deployTemplates.list(page),
    represent: async () => (t) => ({
      uuid: t.uuid,
      name: t.name,
      steps: t.steps,
      extra: t.extra,
      created_at: t.created_at,
      updated_at: t.updated_at,
    }),
    // Step arguments may carry passwords (a BIOS admin password…): masked as Ironic does.
    conceal: (fields) =>
      Array.isArray(fields.steps)
        ? { ...fields, steps: (fields.steps as TemplateStep[]).map((s) => ({ ...s, args: maskSecrets(s.args) })) }
        : fields,
    toColumns: async (_req, fields) => {
      checkPatched(fields, writable, required);
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(fields)) {
        if (key === 'name') out.name = checkTraitName(value, 'Deploy template name');
        else if (key === 'steps') out.steps = checkSteps(value);
        else if (key === 'extra') out.extra = value ?? {};
        else out[key] = value;
      }
      return out;
    },
    create: (c) => store.deployTemplates.create(c as Parameters<Store['deployTemplates']['create']>[0]),
    update: (row, c) => store.deployTemplates.update(row.id, c),
    remove: (row) => store.deployTemplates.delete(row.id),
  };
}

export function deployTemplatesRouter(deps: ApiDeps): Router {
  const router = Router();
  // Below 1.55 Ironic answers reads with 404 and writes with 405.
  router.use('/v1/deploy_templates', (req, _res, next) => {
    if (req.method !== 'GET' && minorOf(req) < SINCE) {
      throw new MethodNotAllowed(`Deploy templates need API version 1.${SINCE} or later; this request used 1.${minorOf(req)}.`);
    }
    next();
  });
  router.use(resourceRouter(deployTemplateSpec(deps), deps.config.api.max_limit));
  return router;
}
