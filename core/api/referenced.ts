// A resource named inside a request body (a port's node_uuid, a node's chassis_uuid) that does not
// exist is a bad request (400), not a missing URL (404): Ironic answers so, and clients tell the
// two apart.
import { UUID_RE } from '../db/resource-repo.js';
import { InvalidParameterValue, NotFound } from '../errors.js';

export async function referencedId(
  field: string,
  value: unknown,
  find: (ident: string) => Promise<{ id: number }>,
  mustBeUuid = false,
): Promise<number> {
  if (typeof value !== 'string' || value === '')
    throw new InvalidParameterValue(`Field "${field}" must name an existing resource, got ${JSON.stringify(value)}.`);
  if (mustBeUuid && !UUID_RE.test(value)) throw new InvalidParameterValue(`Field "${field}" must be a UUID, got "${value}".`);
  try {
    return (await find(value)).id;
  } catch (err) {
    if (err instanceof NotFound)
      throw new InvalidParameterValue(`${err.message} (named by "${field}"); create it first or correct the reference.`);
    throw err;
  }
}
