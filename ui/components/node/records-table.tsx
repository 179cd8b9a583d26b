// A plain table of records with the given columns (BIOS settings, firmware components).
import { shown } from './section.js';

export function RecordsTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: Record<string, unknown>[] }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c.replace(/_/g, ' ')}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {columns.map((c) => (
              <td key={c}>{shown(r[c])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
