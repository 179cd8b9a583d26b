// The config drive a deploy carries. A finished drive (gzip+base64 ISO, what Nova's own builder
// makes) or a JSON document passes through; otherwise the shim writes the JSON document from the
// instance fields the adapter sends, and the core turns it into the config-2 ISO.
import { asObject, optString, type Obj } from './body.js';
import { invalidInput } from './errors.js';

export function configDrive(body: Obj, instanceUuid: string): string | Obj | undefined {
  const given = body.configdrive;
  if (typeof given === 'string' || (given && typeof given === 'object' && !Array.isArray(given))) return given as string | Obj;
  if (given !== undefined && given !== null)
    throw invalidInput('"configdrive" must be a gzip+base64 ISO string or a {meta_data, user_data, network_data} object.');
  if (body.config_drive === false) return undefined;
  const keyName = optString(body, 'key_name');
  const keyData = optString(body, 'key_data');
  const metaData: Obj = {
    uuid: instanceUuid,
    name: optString(body, 'display_name') ?? optString(body, 'name') ?? instanceUuid,
    hostname: optString(body, 'hostname') ?? optString(body, 'display_name') ?? instanceUuid,
    launch_index: 0,
    availability_zone: optString(body, 'availability_zone')?.split(':')[0] ?? 'nova',
    meta: asObject(body.metadata, '"metadata"'),
    ...(keyData ? { public_keys: { [keyName ?? 'default']: keyData } } : {}),
  };
  const doc: Obj = { meta_data: metaData };
  // Nova keeps user_data base64-encoded; the drive holds the decoded bytes.
  const userData = optString(body, 'user_data');
  if (userData) doc.user_data = Buffer.from(userData, 'base64').toString('utf8');
  if (body.network_data !== undefined) doc.network_data = asObject(body.network_data, '"network_data"');
  return doc;
}
