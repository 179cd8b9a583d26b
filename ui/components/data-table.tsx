// One captioned table with column headings, so every read-only list in the console has the same
// accessible shape (a <caption> names it, <th scope="col"> heads each column) without repeating it.
import type { ComponentChildren } from 'preact';

export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  row,
}: {
  caption: string;
  columns: string[];
  rows: T[];
  /** The Preact key of a row; the index is the fallback for rows without a natural id. */
  rowKey: (r: T, i: number) => string | number;
  /** The row's cells (<td>s), in column order. */
  row: (r: T) => ComponentChildren;
}) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={rowKey(r, i)}>{row(r)}</tr>
        ))}
      </tbody>
    </table>
  );
}
