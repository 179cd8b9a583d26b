// cli-table3's box table, drawn directly for the common case: every cell one line of printable
// ASCII, every row as wide as the header. cli-table3 lays out each cell as a possible row/column
// span, which costs ~60 ms for a 100-node list, a quarter of `tyr node list`. Anything else
// (Unicode, ANSI colours, newlines, ragged rows) returns undefined and goes to cli-table3, whose
// output this matches character for character (test/unit/cli/plain-table.test.ts compares them).
const PLAIN = /^[\x20-\x7e]*$/;

/** The table as cli-table3 prints it with no colours, or undefined when it is not plain. */
export function plainTable(head: string[], rows: string[][]): string | undefined {
  if (head.length === 0 || !head.every((h) => PLAIN.test(h))) return undefined;
  if (!rows.every((row) => row.length === head.length && row.every((cell) => PLAIN.test(cell)))) return undefined;
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const rule = (left: string, mid: string, right: string) => `${left}${widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}`;
  const line = (cells: string[]) => `│${cells.map((c, i) => ` ${c.padEnd(widths[i]!)} `).join('│')}│`;
  const between = rule('├', '┼', '┤');
  const body = [line(head), ...rows.map(line)].join(`\n${between}\n`);
  return `${rule('┌', '┬', '┐')}\n${body}\n${rule('└', '┴', '┘')}`;
}
