// The inspection rules in force: those of the config's rules_file (a JSON list), then those
// stored through POST /v1/inspection_rules, in creation order. The file is read at each
// inspection (inspections are rare), so editing it needs no restart.
import fs from 'node:fs';
import { InvalidParameterValue } from '../../errors.js';
import type { ConductorContext } from '../context.js';
import { checkRule, type InspectionRule } from './rules.js';

export function rulesFromFile(file: string): InspectionRule[] {
  if (!file) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InvalidParameterValue(
      `The inspection rules file ${file} (inspection.rules_file) could not be read as JSON: ${(e as Error).message}`,
    );
  }
  if (!Array.isArray(parsed)) throw new InvalidParameterValue(`The inspection rules file ${file} must hold a JSON list of rules.`);
  return parsed.map((r, i) => {
    try {
      return checkRule(r);
    } catch (e) {
      throw new InvalidParameterValue(`The inspection rules file ${file}, rule ${i}: ${(e as Error).message}`);
    }
  });
}

export async function activeRules(c: ConductorContext): Promise<InspectionRule[]> {
  const stored = await c.store.inspection.listRules();
  return [...rulesFromFile(c.config.inspection.rules_file), ...stored.map((r) => checkRule(r))];
}
