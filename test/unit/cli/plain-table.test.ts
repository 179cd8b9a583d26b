import { expect } from 'chai';
import Table from 'cli-table3';
import fc from 'fast-check';
import { plainTable } from '../../../cli/plain-table.js';

// The reference: the table exactly as cli/output.ts asks cli-table3 for it.
function cliTable3(head: string[], rows: string[][]): string {
  const t = new Table({ head, style: { head: [], border: [] } });
  t.push(...rows);
  return t.toString();
}

const asciiCell = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });

describe('cli plain table', () => {
  it('draws plain ASCII tables exactly as cli-table3 does, from no rows to many', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 7 })
          .chain((width) =>
            fc.tuple(
              fc.array(asciiCell, { minLength: width, maxLength: width }),
              fc.array(fc.array(asciiCell, { minLength: width, maxLength: width }), { maxLength: 12 }),
            ),
          ),
        ([head, rows]) => {
          expect(plainTable(head, rows)).to.equal(cliTable3(head, rows));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves Unicode, colours, newlines and ragged rows to cli-table3', () => {
    expect(plainTable(['Name'], [['nœud']])).to.equal(undefined);
    expect(plainTable(['Name'], [['\u001b[31mred\u001b[0m']])).to.equal(undefined);
    expect(plainTable(['Field', 'Value'], [['extra', 'a\nb']])).to.equal(undefined);
    expect(plainTable(['A', 'B'], [['1']])).to.equal(undefined);
    expect(plainTable([], [])).to.equal(undefined);
  });
});
