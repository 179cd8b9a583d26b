// clean.execute_clean_step's command_result: {clean_result, clean_step}. The clean_result is the
// step's own answer (burn-in metrics, BIOS settings, RAID config, firmware components), which the
// step's parser reads next.
import { optionalObjectAt } from './fields.js';

export function parseCleanStepResult(commandResult: unknown): Record<string, unknown> {
  const r = optionalObjectAt(commandResult, 'command_result');
  return optionalObjectAt(r.clean_result, 'command_result.clean_result');
}
