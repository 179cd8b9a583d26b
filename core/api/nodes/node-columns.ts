// Which nodes columns a response's fields need, so a short list page reads 10 of a row's 60
// columns (and parses none of its JSON) instead of all of them. Every API field but four is a
// column of the same name; the four are looked up through a column, or computed.
const DERIVED: Record<string, readonly string[]> = {
  chassis_uuid: ['chassis_id'],
  allocation_uuid: ['allocation_id'],
  // Loaded by node id (NodeViewContext).
  traits: [],
  // The hash ring's answer, from the ring key columns every read includes.
  conductor: [],
};

// id keys the context's lookups; uuid makes links; the ring needs conductor_group and driver; the
// node codec checks both provision states of every row it decodes.
const ALWAYS = ['id', 'uuid', 'driver', 'conductor_group', 'provision_state', 'target_provision_state'];

/** The columns that show `fields` (API field names, already checked against the version). */
export function nodeColumnsFor(fields: readonly string[]): string[] {
  const columns = new Set(ALWAYS);
  for (const f of fields) for (const c of DERIVED[f] ?? [f]) columns.add(c);
  return [...columns];
}
