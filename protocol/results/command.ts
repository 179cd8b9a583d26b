// The envelope every command answer comes in (POST /v1/commands, GET /v1/commands/{id}): its
// status, its error when it FAILED, and its result for the command's own parser to read.
import type { CommandError, CommandResult, CommandStatus } from '../agent-wire.js';
import { ShapeError } from '../shape-error.js';
import { nullableStringAt, objectAt, optionalObjectAt, stringAt } from './fields.js';

const STATUSES: readonly CommandStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED'];

function parseError(raw: unknown): CommandError | null {
  if (raw === undefined || raw === null) return null;
  const e = objectAt(raw, 'command_error');
  // The agent's own words, kept as they came; only their types are checked.
  return {
    type: nullableStringAt(e.type, 'command_error.type') ?? '',
    message: nullableStringAt(e.message, 'command_error.message') ?? '',
    code: typeof e.code === 'number' ? e.code : 500,
    details: nullableStringAt(e.details, 'command_error.details') ?? '',
  };
}

/** `name` is what was asked, used when the answer does not name its command. */
export function parseCommandResult(body: unknown, name: string): CommandResult {
  const b = objectAt(body, 'the answer');
  const status = b.command_status;
  if (!STATUSES.includes(status as CommandStatus))
    throw new ShapeError(`command_status must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(status)}.`);
  return {
    id: stringAt(b.id, 'id'),
    command_name: nullableStringAt(b.command_name, 'command_name') ?? name,
    command_params: optionalObjectAt(b.command_params, 'command_params'),
    command_status: status as CommandStatus,
    command_error: parseError(b.command_error),
    command_result: b.command_result === undefined || b.command_result === null ? null : objectAt(b.command_result, 'command_result'),
  };
}
