// Resolves the foreign ids on a page of rows (node_id, portgroup_id, chassis_id) to UUIDs with
// one look-up per distinct id, however many rows share it.
export async function idToUuid(
  ids: (number | null)[],
  find: (id: number) => Promise<{ uuid: string } | undefined>,
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const id of new Set(ids)) {
    if (id === null) continue;
    const row = await find(id);
    if (row) out.set(id, row.uuid);
  }
  return out;
}
