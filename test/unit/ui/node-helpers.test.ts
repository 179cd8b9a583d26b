// The node page's pure logic: the verbs a state accepts (read from core/states' table), burn-in
// results parsed from history records, driver property help, and the clean-step catalogue.
import { expect } from 'chai';
import { ALL_STATES, TRANSITIONS } from '../../../core/states/provision-states.js';
import { PROVISION_VERBS } from '../../../core/states/provision-verbs.js';
import { allowedVerbs } from '../../../ui/components/node/allowed-verbs.js';
import { burninResults, figures } from '../../../ui/components/node/burnin-results.js';
import { cleanStepsOf } from '../../../ui/components/node/clean-step-catalog.js';
import { driverFields } from '../../../ui/components/node/driver-properties.js';
import type { ApiNode } from '../../../ui/components/node/node-types.js';

describe('node page helpers', () => {
  it('offers, for every state, exactly one verb per operator event the state table lets leave it', () => {
    for (const state of ALL_STATES) {
      const verbs = allowedVerbs(state, 82);
      const events = verbs.map((v) => PROVISION_VERBS[v].event);
      expect(new Set(events).size, state).to.equal(events.length);
      for (const e of events)
        expect(
          TRANSITIONS.some(([from, ev]) => from === state && ev === e),
          `${state} ${e}`,
        ).to.equal(true);
    }
    expect(allowedVerbs('enroll', 82)).to.deep.equal(['manage']);
    expect(allowedVerbs('manageable', 82)).to.have.members(['provide', 'inspect', 'clean', 'adopt']);
    // The newest verb the API speaks wins; an older API gets the old names.
    expect(allowedVerbs('available', 82)).to.have.members(['manage', 'deploy']);
    expect(allowedVerbs('available', 72)).to.have.members(['manage', 'active']);
    expect(allowedVerbs('active', 82)).to.have.members(['rebuild', 'undeploy', 'rescue']);
    expect(allowedVerbs('deploying', 82)).to.deep.equal([]);
  });

  it('reads burn-in figures from history records and ignores other entries', () => {
    const entry = (event: string) => ({ uuid: event, created_at: '2026-12-03T10:00:00Z', severity: 'info' as const, event });
    const results = burninResults([
      entry('clean step burnin_disk done in 61.2 s: {"tool":"fio","read":{"iops":9000}}'),
      entry('clean step erase_devices done in 3.0 s'),
      entry('manageable -> cleaning (clean)'),
    ]);
    expect(results).to.have.length(1);
    expect(results[0]).to.deep.include({ step: 'burnin_disk', seconds: 61.2 });
    expect(figures(results[0]!.summary)).to.deep.equal([
      ['tool', '"fio"'],
      ['read.iops', '9000'],
    ]);
  });

  it('marks driver fields required from their help text, required first', () => {
    const fields = driverFields({
      ipmi_port: 'UDP port. Default 623.',
      ipmi_address: 'BMC address. Required.',
      ipmi_password: 'Password.',
    });
    expect(fields.map((f) => [f.name, f.required, f.secret])).to.deep.equal([
      ['ipmi_address', true, false],
      ['ipmi_port', false, false],
      ['ipmi_password', false, true],
    ]);
  });

  it('leaves out hardware-operation clean steps whose interface the node lacks', () => {
    const node = { bios_interface: 'no-bios', raid_interface: 'agent', firmware_interface: undefined } as unknown as ApiNode;
    const keys = cleanStepsOf(node).map((s) => `${s.interface}.${s.step}`);
    expect(keys).to.include('deploy.erase_devices_metadata').and.include('deploy.burnin_network').and.include('raid.create_configuration');
    expect(keys.some((k) => k.startsWith('bios.'))).to.equal(false);
    // firmware_interface is not shown below 1.86, so its steps stay on offer for the API to judge.
    expect(keys).to.include('firmware.update_firmware');
  });
});
