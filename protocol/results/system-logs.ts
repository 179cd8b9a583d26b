// log.collect_system_logs's command_result: {system_logs: base64 of a gzipped tar}, as IPA and
// Tyr's agent both answer.
import { optionalObjectAt, stringAt } from './fields.js';

export function parseSystemLogs(commandResult: unknown): string {
  return stringAt(optionalObjectAt(commandResult, 'command_result').system_logs, 'system_logs');
}
