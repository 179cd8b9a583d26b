// The shape of an inspection rule, checked alike where it is accepted (the API, a 400) and where it
// is loaded (the conductor's rules file). The rule language is described in
// core/conductor/inspection/rules.ts, which evaluates it.
import { ShapeError } from './shape-error.js';

export const OPS = ['eq', 'gt', 'lt', 'contains', 'matches'] as const;
export type Op = (typeof OPS)[number];

export interface Condition {
  field: string;
  op: Op;
  value: unknown;
  invert?: boolean;
}
export type Action =
  | { action: 'set-attribute'; path: string; value: unknown }
  | { action: 'set-capability'; name: string; value: string }
  | { action: 'add-trait'; name: string }
  | { action: 'fail'; message: string };
export interface InspectionRule {
  uuid?: string;
  description?: string | null;
  conditions: Condition[];
  actions: Action[];
}

const ATTRIBUTE_ROOTS = ['properties', 'extra', 'driver_info'];
const TRAIT_RE = /^(CUSTOM_[A-Z0-9_]+|[A-Z][A-Z0-9_]*)$/;
const PATH_RE = /^[A-Za-z0-9_-]+(\[(\*|\d+)\])?(\.[A-Za-z0-9_-]+(\[(\*|\d+)\])?)*$/;

function fail(where: string, what: string): never {
  throw new ShapeError(`Inspection rule ${where}: ${what}`);
}

function checkCondition(raw: unknown, i: number): Condition {
  const c = raw as Record<string, unknown>;
  const where = `conditions[${i}]`;
  if (typeof c !== 'object' || c === null || Array.isArray(c)) fail(where, 'must be an object {field, op, value}.');
  if (typeof c.field !== 'string' || !PATH_RE.test(c.field))
    fail(`${where}.field`, 'must be a dot path such as "cpu.count" or "pci_devices[*].vendor_id".');
  if (!OPS.includes(c.op as Op)) fail(`${where}.op`, `must be one of ${OPS.join(', ')}; got ${JSON.stringify(c.op)}.`);
  if (c.value === undefined) fail(`${where}.value`, 'is required.');
  if ((c.op === 'gt' || c.op === 'lt') && typeof c.value !== 'number') fail(`${where}.value`, `must be a number for ${String(c.op)}.`);
  if (c.op === 'matches') {
    if (typeof c.value !== 'string' || c.value.length > 200)
      fail(`${where}.value`, 'must be a regular expression of at most 200 characters.');
    try {
      new RegExp(c.value);
    } catch (e) {
      fail(`${where}.value`, `is not a valid regular expression (${(e as Error).message}).`);
    }
  }
  if (c.invert !== undefined && typeof c.invert !== 'boolean') fail(`${where}.invert`, 'must be true or false.');
  return { field: c.field, op: c.op as Op, value: c.value, ...(c.invert ? { invert: true } : {}) };
}

function checkAction(raw: unknown, i: number): Action {
  const a = raw as Record<string, unknown>;
  const where = `actions[${i}]`;
  if (typeof a !== 'object' || a === null || Array.isArray(a)) fail(where, 'must be an object with an "action".');
  switch (a.action) {
    case 'set-attribute': {
      const path = typeof a.path === 'string' ? a.path.replace(/^\//, '') : '';
      const [root, ...rest] = path.split('/');
      const ok = path === 'resource_class' || (ATTRIBUTE_ROOTS.includes(root!) && rest.length === 1 && rest[0] !== '');
      if (!ok) fail(`${where}.path`, `must be /resource_class or /<${ATTRIBUTE_ROOTS.join('|')}>/<key>; got ${JSON.stringify(a.path)}.`);
      if (a.value === undefined) fail(`${where}.value`, 'is required.');
      return { action: 'set-attribute', path: `/${path}`, value: a.value };
    }
    case 'set-capability':
      if (typeof a.name !== 'string' || !/^[A-Za-z0-9_-]+$/.test(a.name))
        fail(`${where}.name`, 'must be a capability name (letters, digits, _ and -).');
      if (typeof a.value !== 'string' || /[,:]/.test(a.value)) fail(`${where}.value`, 'must be a string without "," or ":".');
      return { action: 'set-capability', name: a.name, value: a.value };
    case 'add-trait':
      if (typeof a.name !== 'string' || !TRAIT_RE.test(a.name) || a.name.length > 255)
        fail(`${where}.name`, 'must be a trait such as CUSTOM_GPU (upper case, digits, _).');
      return { action: 'add-trait', name: a.name };
    case 'fail':
      if (typeof a.message !== 'string' || a.message === '') fail(`${where}.message`, 'must be a non-empty string.');
      return { action: 'fail', message: a.message };
    default:
      return fail(`${where}.action`, `must be one of set-attribute, set-capability, add-trait, fail; got ${JSON.stringify(a.action)}.`);
  }
}

/** Checks a rule from the API or the rules file; the ShapeError names the bad part. */
export function parseInspectionRule(raw: unknown): InspectionRule {
  const r = raw as Record<string, unknown>;
  if (typeof r !== 'object' || r === null || Array.isArray(r)) fail('', 'must be an object {conditions, actions}.');
  if (!Array.isArray(r.conditions)) fail('conditions', 'must be a list (an empty list always matches).');
  if (!Array.isArray(r.actions) || r.actions.length === 0) fail('actions', 'must be a non-empty list.');
  if (r.description !== undefined && r.description !== null && typeof r.description !== 'string') fail('description', 'must be a string.');
  return {
    description: r.description ?? null,
    conditions: r.conditions.map(checkCondition),
    actions: r.actions.map(checkAction),
  };
}
