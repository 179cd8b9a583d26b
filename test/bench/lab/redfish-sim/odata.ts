// Redfish resource envelopes: every resource carries @odata.id, @odata.type and @odata.context.

export type Json = Record<string, unknown>;

/** The Status of a healthy, enabled resource. */
export const ENABLED = { State: 'Enabled', Health: 'OK' } as const;

export const link = (path: string): { '@odata.id': string } => ({ '@odata.id': path });

/**
 * `type` is "#ComputerSystem.v1_13_0.ComputerSystem" (or unversioned, for collections); the
 * context names the unversioned type.
 */
export function resource(path: string, type: string, body: Json): Json {
  const parts = type.replace(/^#/, '').split('.');
  const unversioned = `${parts[0]}.${parts[parts.length - 1]}`;
  return { '@odata.id': path, '@odata.type': type, '@odata.context': `/redfish/v1/$metadata#${unversioned}`, ...body };
}

/** A healthy member of a collection: `<collectionPath>/<id>`, its Id and Name, `body`, an Enabled Status. */
export function enabledMember(collectionPath: string, type: string, id: string, name: string, body: Json): Json {
  return resource(`${collectionPath}/${id}`, type, { Id: id, Name: name, ...body, Status: ENABLED });
}

export function collection(path: string, type: string, name: string, members: string[]): Json {
  return resource(path, type, { Name: name, 'Members@odata.count': members.length, Members: members.map(link) });
}

export const ok = (body: Json, headers?: Record<string, string>) => ({ status: 200, body, headers });
export const noContent = () => ({ status: 204 });
