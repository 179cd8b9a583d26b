// IPA's answers as its own code shapes them (extensions/base.py, standby.py, clean.py, errors.py),
// read by the conductor's parsers; and which agent a heartbeat's agent_version names.
import { expect } from 'chai';
import { AGENT_VERSION } from '../../../agent/version.js';
import { agentFamily } from '../../../protocol/agent-family.js';
import { parseAgentSteps } from '../../../protocol/results/agent-steps.js';
import { parseCommandResult } from '../../../protocol/results/command.js';
import { parsePartitionUuids } from '../../../protocol/results/partition-uuids.js';
import { parseSystemLogs } from '../../../protocol/results/system-logs.js';
import { ShapeError } from '../../../protocol/shape-error.js';

const envelope = (extra: Record<string, unknown>) => ({
  id: '0b4c3f7e-1d1b-4bb8-9a53-1c2d3e4f5a6b',
  command_name: 'execute_clean_step',
  command_params: {},
  command_error: null,
  command_result: null,
  ...extra,
});

describe('protocol: IPA command answers and the agent family', () => {
  it("agent_version: Tyr's own agent is 0.x (agent/version.ts); IPA's pbr versions are IPA; none keeps Tyr", () => {
    expect(agentFamily(AGENT_VERSION)).to.equal('tyr');
    for (const v of ['9.4.1', '9.4.1.dev12', '10.0.0', '11.1.0.0rc1', '6.0.0']) expect(agentFamily(v), v).to.equal('ipa');
    for (const v of [undefined, null, '', 'unknown', 42]) expect(agentFamily(v), String(v)).to.equal('tyr');
  });

  it("IPA's CLEAN_VERSION_MISMATCH and VERSION_MISMATCH read as FAILED with IPA's error", () => {
    const error = {
      type: 'VersionMismatch',
      code: 409,
      message: 'Hardware managers version mismatch, reload agent with correct version',
      details: 'Current versions: {}, versions used by ironic: {}',
    };
    for (const status of ['CLEAN_VERSION_MISMATCH', 'VERSION_MISMATCH']) {
      const r = parseCommandResult(envelope({ command_status: status, command_error: error }), 'clean.execute_clean_step');
      expect(r.command_status, status).to.equal('FAILED');
      expect(r.command_error).to.deep.equal(error);
    }
    expect(parseCommandResult(envelope({ command_status: 'CLEAN_VERSION_MISMATCH' }), 'x').command_error?.type).to.equal(
      'CLEAN_VERSION_MISMATCH',
    );
    expect(() => parseCommandResult(envelope({ command_status: 'PAUSED' }), 'x')).to.throw(ShapeError, /command_status must be one of/);
  });

  it("a synchronous command failing with a plain string ({error: ...}) keeps IPA's words as the message", () => {
    const r = parseCommandResult(envelope({ command_status: 'FAILED', command_error: { error: 'sync failed: EIO' } }), 'standby.sync');
    expect(r.command_error).to.include({ message: 'sync failed: EIO', type: '' });
  });

  it('standby.get_partition_uuids: IPA keys with spaces; a whole-disk image has only the disk identifier', () => {
    expect(
      parsePartitionUuids({
        'root uuid': 'r-1',
        'efi system partition uuid': 'e-1',
        partitions: { root: '/dev/sda2' },
      }),
    ).to.deep.equal({ root_uuid: 'r-1', efi_system_partition_uuid: 'e-1', prep_boot_partition_uuid: null });
    expect(parsePartitionUuids({ 'root uuid': '0x8f3ce1d2' }).root_uuid).to.equal('0x8f3ce1d2');
    expect(parsePartitionUuids(null).root_uuid).to.equal(null);
    expect(() => parsePartitionUuids({ 'root uuid': 7 })).to.throw(ShapeError, /"root uuid" must be a string/);
  });

  it("clean.get_clean_steps: steps of every hardware manager, and the managers' version", () => {
    const listed = parseAgentSteps(
      {
        clean_steps: {
          GenericHardwareManager: [{ step: 'erase_devices_metadata', priority: 99, interface: 'deploy', reboot_requested: false }],
          VendorHardwareManager: [{ step: 'update_firmware', priority: 0, interface: 'management' }],
        },
        hardware_manager_version: { generic_hardware_manager: '1.2', vendor: '3' },
      },
      'clean',
    );
    expect(listed.steps).to.deep.equal([
      { step: 'erase_devices_metadata', interface: 'deploy', priority: 99 },
      { step: 'update_firmware', interface: 'management', priority: 0 },
    ]);
    expect(listed.hardware_manager_version).to.deep.equal({ generic_hardware_manager: '1.2', vendor: '3' });
    expect(() => parseAgentSteps({ clean_steps: { M: [{ priority: 1 }] } }, 'clean')).to.throw(
      ShapeError,
      /clean_steps\.M\[0\]\.step must be a string/,
    );
    expect(() => parseAgentSteps({ deploy_steps: [] }, 'clean')).to.throw(ShapeError, /clean_steps must be an object/);
  });

  it('log.collect_system_logs: the base64 archive', () => {
    expect(parseSystemLogs({ system_logs: 'H4sI' })).to.equal('H4sI');
    expect(() => parseSystemLogs({})).to.throw(ShapeError, /system_logs must be a string/);
  });
});
