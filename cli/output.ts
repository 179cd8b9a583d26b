// Formatting of results as the openstack CLI does it: a table by default, `-f json`, or
// `-f value` (bare values, space-separated, one row per line) with `-c` picking columns.
// Pure functions returning strings, so they are tested without a terminal.
import Table from 'cli-table3';
import { CliError } from './errors.js';
import { plainTable } from './plain-table.js';

export type Format = 'table' | 'json' | 'value';
export const FORMATS: readonly Format[] = ['table', 'json', 'value'];

export interface Column {
  /** The API field name; JSON output uses it as the key. */
  key: string;
  /** The table header. */
  label: string;
}

export interface OutputOptions {
  format: Format;
  /** Requested -c columns, by field name or header, in order; empty means all. */
  columns: string[];
}

type Row = Record<string, unknown>;

/** A field's name as a header: "provision_state" → "Provision State". */
export const labelOf = (key: string): string =>
  key
    .split('_')
    .map((w) => (w === 'uuid' ? 'UUID' : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');

export const columnsOf = (keys: string[]): Column[] => keys.map((key) => ({ key, label: labelOf(key) }));

/** Picks the -c columns out of `all`, matching field names or headers, case-insensitively. */
export function selectColumns(all: Column[], wanted: string[]): Column[] {
  if (!wanted.length) return all;
  return wanted.map((w) => {
    const n = w.toLowerCase();
    const hit = all.find((c) => c.key.toLowerCase() === n || c.label.toLowerCase() === n);
    if (!hit) throw new CliError(`unknown column "${w}"; choose from: ${all.map((c) => c.key).join(', ')}`);
    return hit;
  });
}

/** One cell as text, spelled the way the openstack CLI prints Python values. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  // Objects and arrays: the rest of what a JSON body holds.
  return JSON.stringify(value);
}

function jsonOf(columns: Column[], row: Row): Row {
  return Object.fromEntries(columns.map((c) => [c.key, row[c.key] ?? null]));
}

function table(head: string[], rows: string[][]): string {
  const plain = plainTable(head, rows);
  if (plain !== undefined) return plain;
  const t = new Table({ head, style: { head: [], border: [] } });
  t.push(...rows);
  return t.toString();
}

/** A list of resources, one row each. */
export function formatList(rows: Row[], all: Column[], opts: OutputOptions): string {
  const columns = selectColumns(all, opts.columns);
  switch (opts.format) {
    case 'json':
      return JSON.stringify(
        rows.map((r) => jsonOf(columns, r)),
        null,
        2,
      );
    case 'value':
      return rows.map((r) => columns.map((c) => cellText(r[c.key])).join(' ')).join('\n');
    case 'table':
      return table(
        columns.map((c) => c.label),
        rows.map((r) => columns.map((c) => cellText(r[c.key]))),
      );
  }
}

const isLinkList = (v: unknown): boolean =>
  Array.isArray(v) && v.length > 0 && v.every((l) => l && typeof l === 'object' && 'href' in l && 'rel' in l);

/** Drops `links` and the sub-resource link fields (ports, states, …): noise for a person. */
export function withoutLinks(obj: Row): Row {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => !isLinkList(v)));
}

/**
 * One resource: a Field/Value table, a JSON object, or one value per line. Fields are sorted,
 * and link lists are left out, as the openstack CLI does.
 */
export function formatOne(resource: Row, opts: OutputOptions): string {
  const obj = withoutLinks(resource);
  const columns = selectColumns(
    Object.keys(obj)
      .sort()
      .map((key) => ({ key, label: key })),
    opts.columns,
  );
  switch (opts.format) {
    case 'json':
      return JSON.stringify(jsonOf(columns, obj), null, 2);
    case 'value':
      return columns.map((c) => cellText(obj[c.key])).join('\n');
    case 'table':
      return table(
        ['Field', 'Value'],
        columns.map((c) => [c.key, cellText(obj[c.key])]),
      );
  }
}

/** Reads -f/--format, --json and -c into OutputOptions; --json wins over -f. */
export function outputOptions(opts: { format?: string; json?: boolean; column?: string[] }): OutputOptions {
  const format = opts.json ? 'json' : (opts.format ?? 'table');
  if (!FORMATS.includes(format as Format)) throw new CliError(`unknown format "${format}"; choose from: ${FORMATS.join(', ')}`);
  return { format: format as Format, columns: opts.column ?? [] };
}
