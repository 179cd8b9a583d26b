// Inspection rules: `{conditions, actions}` checked against a machine's inventory after
// inspection. Every condition must hold; then the actions apply in order. Pure functions: the
// caller (finish.ts) writes what `planActions` returns.
//
// Condition: {"field": "<dot path into the inventory>", "op": "eq|gt|lt|contains|matches", "value": …,
// "invert"?: bool}. A `[*]` segment means "any element" ("pci_devices[*].vendor_id eq 10de" holds
// when one device matches); `[n]` picks element n.
// Action: {"action": "set-attribute", "path": "/properties/x" | "/extra/x" | "/driver_info/x" |
// "/resource_class", "value": …} | {"action": "set-capability", "name", "value"} |
// {"action": "add-trait", "name": "CUSTOM_…"} | {"action": "fail", "message"}.
import type { JsonObject } from '../../db/types.js';
import { parseInspectionRule, type Condition, type InspectionRule, type Op } from '../../../protocol/inspection-rules.js';
import { asText } from '../../as-text.js';
import { asBadRequest } from '../../shape-errors.js';
import { withCapability } from '../../nodes/capabilities.js';

export { OPS, type Action, type Condition, type InspectionRule, type Op } from '../../../protocol/inspection-rules.js';

/** Checks a rule from the rules file or the database; throws a 400 naming the bad part. */
export function checkRule(raw: unknown): InspectionRule {
  return asBadRequest(() => parseInspectionRule(raw));
}

/** Every value at a dot path; `[*]` fans out over a list. Missing parts yield nothing. */
export function valuesAt(data: unknown, path: string): unknown[] {
  let current: unknown[] = [data];
  for (const segment of path.split('.')) {
    const m = /^([^[]+)(?:\[(\*|\d+)\])?$/.exec(segment);
    if (!m) return [];
    const next: unknown[] = [];
    for (const v of current) {
      if (typeof v !== 'object' || v === null) continue;
      const child = (v as Record<string, unknown>)[m[1]!];
      if (m[2] === undefined) next.push(child);
      else if (Array.isArray(child)) {
        const items: unknown[] = child;
        if (m[2] === '*') next.push(...items);
        else next.push(items[Number(m[2])]);
      }
    }
    current = next.filter((v) => v !== undefined);
  }
  return current;
}

function holds(op: Op, actual: unknown, expected: unknown): boolean {
  switch (op) {
    case 'eq':
      if (typeof actual === 'string' && typeof expected === 'string') return actual.toLowerCase() === expected.toLowerCase();
      return JSON.stringify(actual) === JSON.stringify(expected);
    case 'gt':
      return typeof actual === 'number' && actual > (expected as number);
    case 'lt':
      return typeof actual === 'number' && actual < (expected as number);
    case 'contains':
      if (typeof actual === 'string') return actual.toLowerCase().includes(String(expected).toLowerCase());
      return Array.isArray(actual) && actual.some((x) => JSON.stringify(x) === JSON.stringify(expected));
    case 'matches':
      return typeof actual === 'string' && new RegExp(expected as string).test(actual);
  }
}

export function conditionHolds(c: Condition, inventory: unknown): boolean {
  const any = valuesAt(inventory, c.field).some((v) => holds(c.op, v, c.value));
  return c.invert ? !any : any;
}

export function ruleMatches(rule: InspectionRule, inventory: unknown): boolean {
  return rule.conditions.every((c) => conditionHolds(c, inventory));
}

export interface NodeFields {
  properties: JsonObject;
  extra: JsonObject;
  driver_info: JsonObject;
  resource_class: string | null;
}

/** What the matching rules do to a node: the new fields, traits to add, and a failure if any rule says so. */
export interface RulePlan {
  fields: NodeFields;
  traits: string[];
  failure?: string;
  applied: number;
}

export function planActions(rules: InspectionRule[], inventory: unknown, start: NodeFields): RulePlan {
  const fields: NodeFields = {
    ...start,
    properties: { ...start.properties },
    extra: { ...start.extra },
    driver_info: { ...start.driver_info },
  };
  const traits: string[] = [];
  let applied = 0;
  for (const rule of rules) {
    if (!ruleMatches(rule, inventory)) continue;
    applied++;
    for (const action of rule.actions) {
      if (action.action === 'fail') return { fields, traits, applied, failure: action.message };
      if (action.action === 'add-trait') {
        if (!traits.includes(action.name)) traits.push(action.name);
      } else if (action.action === 'set-capability')
        fields.properties.capabilities = withCapability(fields.properties.capabilities, action.name, action.value);
      else if (action.path === '/resource_class') fields.resource_class = action.value === null ? null : asText(action.value);
      else {
        const [, root, key] = action.path.split('/') as [string, 'properties' | 'extra' | 'driver_info', string];
        fields[root][key] = action.value;
      }
    }
  }
  return { fields, traits, applied };
}
