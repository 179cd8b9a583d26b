// The inspection rules engine: validation, dot paths with [*], the five operators, the four actions.
import { expect } from 'chai';
import { checkRule, conditionHolds, planActions, valuesAt, type InspectionRule } from '../../../core/conductor/inspection/rules.js';
import { propertiesFrom, nicsForPorts } from '../../../core/conductor/inspection/properties.js';
import { checkCallback } from '../../../core/conductor/inspection/inventory.js';
import { inventory } from '../../helpers/inventory-fixture.js';

const inv = inventory({
  mac: '52:54:00:00:00:01',
  second: { mac: '52:54:00:00:00:02', carrier: false },
  pci: [
    { vendor_id: '10de', product_id: '1eb8' },
    { vendor_id: '1af4', product_id: '1000' },
  ],
});
const start = { properties: { cpus: 1 }, extra: {}, driver_info: {}, resource_class: null };
const rule = (raw: unknown): InspectionRule => checkRule(raw);

describe('inspection rules', () => {
  it('reads dot paths, with [*] fanning out and [n] picking one element', () => {
    expect(valuesAt(inv, 'cpu.count')).to.deep.equal([2]);
    expect(valuesAt(inv, 'pci_devices[*].vendor_id')).to.deep.equal(['10de', '1af4']);
    expect(valuesAt(inv, 'interfaces[1].mac_address')).to.deep.equal(['52:54:00:00:00:02']);
    expect(valuesAt(inv, 'no.such.path')).to.deep.equal([]);
  });

  it('evaluates eq (case-insensitive for strings), gt, lt, contains, matches, and invert', () => {
    const c = (field: string, op: string, value: unknown, invert?: boolean) =>
      conditionHolds(
        rule({ conditions: [{ field, op, value, invert }], actions: [{ action: 'add-trait', name: 'X' }] }).conditions[0]!,
        inv,
      );
    expect(c('pci_devices[*].vendor_id', 'eq', '10DE')).to.equal(true);
    expect(c('pci_devices[*].vendor_id', 'eq', '8086')).to.equal(false);
    expect(c('memory.physical_mb', 'gt', 2047)).to.equal(true);
    expect(c('memory.physical_mb', 'gt', 2048)).to.equal(false);
    expect(c('cpu.count', 'lt', 3)).to.equal(true);
    expect(c('cpu.flags', 'contains', 'sse2')).to.equal(true);
    expect(c('system_vendor.manufacturer', 'contains', 'qem')).to.equal(true);
    expect(c('system_vendor.product_name', 'matches', '^Standard PC \\(i440FX')).to.equal(true);
    expect(c('pci_devices[*].vendor_id', 'eq', '10de', true)).to.equal(false);
    expect(c('missing', 'eq', 'x', true)).to.equal(true);
  });

  it('plans actions of matching rules only, in order; fail stops there', () => {
    const rules = [
      rule({
        conditions: [{ field: 'pci_devices[*].vendor_id', op: 'eq', value: '10de' }],
        actions: [
          { action: 'add-trait', name: 'CUSTOM_GPU' },
          { action: 'set-capability', name: 'gpu', value: 'true' },
        ],
      }),
      rule({ conditions: [{ field: 'cpu.count', op: 'gt', value: 100 }], actions: [{ action: 'add-trait', name: 'CUSTOM_BIG' }] }),
      rule({
        conditions: [],
        actions: [
          { action: 'set-attribute', path: '/extra/rack', value: 'r1' },
          { action: 'set-attribute', path: '/resource_class', value: 'gpu-small' },
        ],
      }),
    ];
    const plan = planActions(rules, inv, start);
    expect(plan.traits).to.deep.equal(['CUSTOM_GPU']);
    expect(plan.applied).to.equal(2);
    expect(plan.fields.properties).to.deep.equal({ cpus: 1, capabilities: 'gpu:true' });
    expect(plan.fields.extra).to.deep.equal({ rack: 'r1' });
    expect(plan.fields.resource_class).to.equal('gpu-small');
    expect(start.properties).to.deep.equal({ cpus: 1 }); // the input is not changed
    const failing = planActions(
      [
        rule({
          conditions: [],
          actions: [
            { action: 'fail', message: 'no' },
            { action: 'add-trait', name: 'CUSTOM_LATE' },
          ],
        }),
      ],
      inv,
      start,
    );
    expect(failing.failure).to.equal('no');
    expect(failing.traits).to.deep.equal([]);
  });

  it('refuses bad rules with a message naming the part', () => {
    const bad: [unknown, RegExp][] = [
      [{ conditions: [], actions: [] }, /actions/],
      [
        { conditions: [{ field: 'cpu.count', op: 'bigger', value: 1 }], actions: [{ action: 'fail', message: 'x' }] },
        /conditions\[0\]\.op/,
      ],
      [{ conditions: [{ field: 'cpu.count', op: 'gt', value: '1' }], actions: [{ action: 'fail', message: 'x' }] }, /must be a number/],
      [{ conditions: [{ field: 'a', op: 'matches', value: '(' }], actions: [{ action: 'fail', message: 'x' }] }, /regular expression/],
      [{ conditions: [{ field: 'a b', op: 'eq', value: 1 }], actions: [{ action: 'fail', message: 'x' }] }, /field/],
      [{ conditions: [], actions: [{ action: 'add-trait', name: 'gpu' }] }, /actions\[0\]\.name/],
      [{ conditions: [], actions: [{ action: 'set-attribute', path: '/uuid', value: 'x' }] }, /actions\[0\]\.path/],
      [{ conditions: [], actions: [{ action: 'reboot' }] }, /actions\[0\]\.action/],
    ];
    for (const [raw, msg] of bad) expect(() => checkRule(raw), JSON.stringify(raw)).to.throw(msg);
  });
});

describe('inspection properties and ports', () => {
  it('takes local_gb from the smallest disk of at least 4 GiB, minus 1 GiB', () => {
    expect(propertiesFrom(checkCallback({ inventory: inv }).inventory)).to.deep.equal({
      cpu_arch: 'x86_64',
      cpus: 2,
      memory_mb: 2048,
      local_gb: 9,
      capabilities: 'boot_mode:bios',
    });
    const tiny = checkCallback({ inventory: { ...inv, disks: [{ name: '/dev/sda', size: 2 ** 31 }] } }).inventory;
    expect(propertiesFrom(tiny).local_gb).to.equal(0);
  });

  it('chooses NICs by policy: pxe, all with carrier, all, none', () => {
    const i = checkCallback({ inventory: inv }).inventory;
    const macs = (p: 'none' | 'pxe' | 'all', all = false) => nicsForPorts(i, p, all).map((n) => `${n.nic.mac_address}${n.pxe ? '*' : ''}`);
    expect(macs('pxe')).to.deep.equal(['52:54:00:00:00:01*']);
    expect(macs('all')).to.deep.equal(['52:54:00:00:00:01*']);
    expect(macs('all', true)).to.deep.equal(['52:54:00:00:00:01*', '52:54:00:00:00:02']);
    expect(macs('none')).to.deep.equal([]);
  });
});
