import { expect } from 'chai';
import { cellText, columnsOf, formatList, formatOne, labelOf, outputOptions, selectColumns } from '../../../cli/output.js';

const cols = columnsOf(['uuid', 'name', 'provision_state', 'maintenance']);
const rows = [
  { uuid: 'u1', name: 'n1', provision_state: 'enroll', maintenance: false, extra: {} },
  { uuid: 'u2', name: null, provision_state: 'available', maintenance: true },
];

describe('cli output formatting', () => {
  it('labels fields the way the openstack CLI does', () => {
    expect(labelOf('provision_state')).to.equal('Provision State');
    expect(labelOf('instance_uuid')).to.equal('Instance UUID');
  });

  it('prints Python-style cells: None, True/False, compact JSON', () => {
    expect(cellText(null)).to.equal('None');
    expect(cellText(undefined)).to.equal('None');
    expect(cellText(true)).to.equal('True');
    expect(cellText(0)).to.equal('0');
    expect(cellText({ a: 1 })).to.equal('{"a":1}');
  });

  it('-f value -c prints bare values, one row per line, in -c order', () => {
    const out = formatList(rows, cols, { format: 'value', columns: ['provision_state', 'uuid'] });
    expect(out).to.equal('enroll u1\navailable u2');
  });

  it('-c matches headers as well as field names, case-insensitively', () => {
    expect(selectColumns(cols, ['Provision State', 'UUID']).map((c) => c.key)).to.deep.equal(['provision_state', 'uuid']);
  });

  it('an unknown -c column is an error that lists the choices', () => {
    expect(() => selectColumns(cols, ['nope'])).to.throw(/unknown column "nope".*uuid, name/);
  });

  it('json output keys rows by field name and keeps only the chosen columns', () => {
    const out = JSON.parse(formatList(rows, cols, { format: 'json', columns: ['uuid', 'name'] }));
    expect(out).to.deep.equal([
      { uuid: 'u1', name: 'n1' },
      { uuid: 'u2', name: null },
    ]);
  });

  it('a table has the headers and every cell', () => {
    const out = formatList(rows, cols, { format: 'table', columns: [] });
    for (const s of ['UUID', 'Provision State', 'Maintenance', 'u1', 'n1', 'available', 'True', 'None']) expect(out).to.contain(s);
    expect(out).not.to.contain('extra');
  });

  it('one resource: sorted Field/Value table, value lines, JSON object', () => {
    const node = { uuid: 'u1', name: 'n1', driver_info: { ipmi_password: '******' } };
    const table = formatOne(node, { format: 'table', columns: [] });
    expect(table).to.contain('Field').and.contain('Value').and.contain('{"ipmi_password":"******"}');
    expect(table.indexOf('driver_info')).to.be.lessThan(table.indexOf('uuid'));
    expect(formatOne(node, { format: 'value', columns: ['uuid'] })).to.equal('u1');
    expect(JSON.parse(formatOne(node, { format: 'json', columns: [] }))).to.deep.equal(node);
  });

  it('one resource leaves out link lists (links, ports, states)', () => {
    const link = [{ href: 'http://x/v1/nodes/u1', rel: 'self' }];
    const out = JSON.parse(formatOne({ uuid: 'u1', links: link, ports: link, tags: ['a'], empty: [] }, { format: 'json', columns: [] }));
    expect(out).to.deep.equal({ uuid: 'u1', tags: ['a'], empty: [] });
  });

  it('--json wins over -f; an unknown format is refused', () => {
    expect(outputOptions({ format: 'value', json: true }).format).to.equal('json');
    expect(outputOptions({}).format).to.equal('table');
    expect(() => outputOptions({ format: 'yaml' })).to.throw(/unknown format "yaml"/);
  });
});
