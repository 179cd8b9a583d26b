// RFC 6902 JSON Patch over a resource's API representation, with Ironic's rules: only add,
// replace and remove; internal (read-only) attributes are refused; a new root attribute cannot be
// added. Returns the root attributes whose values changed, for the router to validate and save.
import fjp from 'fast-json-patch';
import { InvalidParameterValue } from '../errors.js';

export interface PatchRules {
  /** Resource noun for messages. */
  what: string;
  readOnly: ReadonlySet<string>;
  /** Attributes that may not be removed. */
  mandatory?: ReadonlySet<string>;
}

interface Op {
  op: string;
  path: string;
  value?: unknown;
}

function checkOps(patch: unknown, rules: PatchRules): Op[] {
  if (!Array.isArray(patch) || patch.length === 0) {
    throw new InvalidParameterValue(
      `A ${rules.what} update must be a non-empty JSON Patch (RFC 6902) array, e.g. [{"op": "replace", "path": "/name", "value": "x"}].`,
    );
  }
  return patch.map((raw, i) => {
    const op = raw as Partial<Op>;
    if (typeof op !== 'object' || op === null || typeof op.op !== 'string' || typeof op.path !== 'string') {
      throw new InvalidParameterValue(`Patch operation ${i} must be an object with string "op" and "path".`);
    }
    if (!['add', 'replace', 'remove'].includes(op.op)) {
      throw new InvalidParameterValue(`Patch operation ${i}: "${op.op}" is not supported; use add, replace or remove.`);
    }
    if (!op.path.startsWith('/') || op.path === '/') throw new InvalidParameterValue(`Patch operation ${i}: invalid path "${op.path}".`);
    if (op.op !== 'remove' && !('value' in op))
      throw new InvalidParameterValue(`Patch operation ${i} (${op.op} ${op.path}) needs a "value".`);
    const root = op.path.split('/')[1]!;
    if (rules.readOnly.has(root)) {
      throw new InvalidParameterValue(`'/${root}' is an internal attribute and can not be updated.`);
    }
    if (op.op === 'remove' && op.path === `/${root}` && rules.mandatory?.has(root)) {
      throw new InvalidParameterValue(`'/${root}' is a mandatory attribute and can not be removed.`);
    }
    return op as Op;
  });
}

/**
 * Applies `patch` to `doc` (not modified) and returns `{changed, result}`: the root attributes
 * whose value differs afterwards. A removed root attribute comes back as null.
 */
export function applyJsonPatch(doc: Record<string, unknown>, patch: unknown, rules: PatchRules): Record<string, unknown> {
  const ops = checkOps(patch, rules);
  for (const op of ops) {
    const root = op.path.split('/')[1]!;
    if (!(root in doc)) {
      if (op.op === 'add' && op.path === `/${root}`) {
        throw new InvalidParameterValue(`Adding a new attribute (/${root}) to the root of the resource is not allowed.`);
      }
      throw new InvalidParameterValue(`${rules.what} has no attribute "${root}" (path ${op.path}).`);
    }
  }
  let result: Record<string, unknown> = structuredClone(doc);
  for (const op of ops) {
    try {
      result = fjp.applyOperation(result, op as fjp.Operation, true, true).newDocument;
    } catch (err) {
      const e = err as { message?: string };
      throw new InvalidParameterValue(
        `Could not apply the patch operation "${op.op} ${op.path}": ${(e.message ?? String(err)).split('\n')[0]}. Check that ${op.path} exists${op.op === 'add' ? ' up to its last segment' : ''}.`,
      );
    }
  }
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(doc)) {
    const after = key in result ? result[key] : null;
    if (JSON.stringify(after) !== JSON.stringify(doc[key])) changed[key] = after === undefined ? null : after;
  }
  return changed;
}
