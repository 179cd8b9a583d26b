// The envelope every command answer comes in (POST /v1/commands, GET /v1/commands/{id}): its
// status, its error when it FAILED, and its result for the command's own parser to read.
import type { CommandError, CommandResult, CommandStatus } from '../agent-wire.js';
import { ShapeError } from '../shape-error.js';
import { nullableStringAt, objectAt, optionalObjectAt, stringAt } from './fields.js';

const STATUSES: readonly CommandStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED'];
/**
 * IPA ends a clean or deploy step with one of these when its hardware managers changed since
 * the conductor listed the steps (errors.VersionMismatch). Ironic restarts the operation; Tyr
 * fails it with IPA's message, so it reads as the FAILED it amounts to.
 */
const IPA_MISMATCH = ['CLEAN_VERSION_MISMATCH', 'VERSION_MISMATCH'];

function parseError(raw: unknown): CommandError | null {
  if (raw === undefined || raw === null) return null;
  const e = objectAt(raw, 'command_error');
  // The agent's own words, kept as they came; only their types are checked. IPA's synchronous
  // commands that fail with a plain string answer {"error": "..."} instead of a RESTError.
  return {
    type: nullableStringAt(e.type, 'command_error.type') ?? '',
    message: nullableStringAt(e.message, 'command_error.message') ?? nullableStringAt(e.error, 'command_error.error') ?? '',
    code: typeof e.code === 'number' ? e.code : 500,
    details: nullableStringAt(e.details, 'command_error.details') ?? '',
  };
}

/** `name` is what was asked, used when the answer does not name its command. */
export function parseCommandResult(body: unknown, name: string): CommandResult {
  const b = objectAt(body, 'the answer');
  const raw = b.command_status;
  const mismatch = IPA_MISMATCH.includes(raw as string);
  if (!mismatch && !STATUSES.includes(raw as CommandStatus))
    throw new ShapeError(`command_status must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(raw)}.`);
  const error = parseError(b.command_error);
  return {
    id: stringAt(b.id, 'id'),
    command_name: nullableStringAt(b.command_name, 'command_name') ?? name,
    command_params: optionalObjectAt(b.command_params, 'command_params'),
    command_status: mismatch ? 'FAILED' : (raw as CommandStatus),
    command_error:
      mismatch && !error
        ? { type: raw as string, message: 'the agent changed since its steps were listed', code: 409, details: '' }
        : error,
    command_result: b.command_result === undefined || b.command_result === null ? null : objectAt(b.command_result, 'command_result'),
  };
}
