// A plain table of records with the given columns (BIOS settings, firmware components); the
// column headings are the field names with underscores shown as spaces.
import { DataTable } from '../data-table.js';
import { shown } from './section.js';

export function RecordsTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: Record<string, unknown>[] }) {
  return (
    <DataTable
      caption={caption}
      columns={columns.map((c) => c.replace(/_/g, ' '))}
      rows={rows}
      rowKey={(_r, i) => i}
      row={(r) => columns.map((c) => <td key={c}>{shown(r[c])}</td>)}
    />
  );
}
