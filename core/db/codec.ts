// Converts between stored rows (JSON as TEXT, booleans as 0/1) and the typed objects the rest
// of Tyr uses. One codec per table, declared by listing which columns are JSON and which boolean.

export interface Codec<Row, Obj> {
  decode(row: Row): Obj;
  /** Encodes the columns present in `obj`; absent keys stay absent so updates touch only them. */
  encode(obj: Partial<Obj>): Partial<Row>;
}

export function makeCodec<Row extends object, Obj extends object>(columns: {
  json: readonly string[];
  bool: readonly string[];
  /** Value a NULL JSON column decodes to (e.g. {} for driver_info, null for clean_step). */
  jsonDefault?: Record<string, unknown>;
}): Codec<Row, Obj> {
  const json = new Set(columns.json);
  const bool = new Set(columns.bool);
  return {
    decode(row) {
      const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
      // A row read with only some columns (a short list page) stays that way: adding the missing
      // ones here cost more than reading the whole row (V8 reshapes the object for each new key).
      for (const key of json) {
        if (!(key in out)) continue;
        const raw = out[key];
        out[key] = raw === null || raw === undefined || raw === '' ? (columns.jsonDefault?.[key] ?? null) : JSON.parse(raw as string);
      }
      for (const key of bool) {
        if (!(key in out)) continue;
        const raw = out[key];
        out[key] = raw === null || raw === undefined ? null : Boolean(Number(raw));
      }
      return out as Obj;
    },
    encode(obj) {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(obj)) {
        if (value === undefined) continue;
        if (json.has(key)) out[key] = value === null ? null : JSON.stringify(value);
        else if (bool.has(key)) out[key] = value === null ? null : value ? 1 : 0;
        else out[key] = value;
      }
      return out as Partial<Row>;
    },
  };
}

export const now = (): string => new Date().toISOString();
