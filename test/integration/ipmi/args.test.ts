// ipmitool's argv from driver_info: interface, cipher suite, privilege, bridging, and the
// password only ever as a file path. (Pure functions; the live runs are in runner.test.ts.)
import { expect } from 'chai';
import { parseDriverInfo } from '../../../core/drivers/ipmitool/driver-info.js';
import { buildArgs, cleanStderr, isAuthFailure, isTransient } from '../../../core/drivers/ipmitool/ipmitool-cli.js';

describe('ipmitool argv', () => {
  it('builds a lanplus call with cipher suite, user and password file', () => {
    const t = parseDriverInfo({ ipmi_address: '10.0.0.5', ipmi_username: 'admin', ipmi_password: 'pw-secret', ipmi_cipher_suite: '3' });
    const args = buildArgs(t, ['power', 'status'], { file: '/tmp/x/pw' });
    expect(args).to.deep.equal([
      '-I',
      'lanplus',
      '-H',
      '10.0.0.5',
      '-p',
      '623',
      '-L',
      'ADMINISTRATOR',
      '-C',
      '3',
      '-U',
      'admin',
      '-f',
      '/tmp/x/pw',
      '-R',
      '1',
      '-N',
      '1',
      '-v',
      'power',
      'status',
    ]);
    expect(args.join(' ')).not.to.contain('pw-secret');
  });

  it('uses lan for IPMI 1.5, -E for the environment, and the chosen privilege level', () => {
    const t = parseDriverInfo({ ipmi_address: 'bmc.example', ipmi_port: 1623, ipmi_protocol_version: '1.5', ipmi_priv_level: 'operator' });
    const args = buildArgs(t, ['chassis', 'power', 'on'], { env: true });
    expect(args.slice(0, 8)).to.deep.equal(['-I', 'lan', '-H', 'bmc.example', '-p', '1623', '-L', 'OPERATOR']);
    expect(args).to.include('-E').and.not.include('-C');
  });

  it('adds single and dual bridging options', () => {
    const single = parseDriverInfo({ ipmi_address: 'h', ipmi_bridging: 'single', ipmi_target_channel: '7', ipmi_target_address: '0x72' });
    expect(buildArgs(single, ['power', 'status'], undefined).join(' ')).to.contain('-m 0x20 -b 7 -t 0x72 power status');
    const dual = parseDriverInfo({
      ipmi_address: 'h',
      ipmi_bridging: 'dual',
      ipmi_target_channel: '7',
      ipmi_target_address: '0x72',
      ipmi_transit_channel: '0',
      ipmi_transit_address: '0x82',
    });
    expect(buildArgs(dual, ['power', 'status'], undefined).join(' ')).to.contain('-b 7 -t 0x72 -B 0 -T 0x82 power status');
    expect(() =>
      parseDriverInfo({ ipmi_address: 'h', ipmi_bridging: 'single', ipmi_target_channel: '7', ipmi_target_address: '-x' }),
    ).to.throw(/ipmi_target_address must be a number/);
  });

  it('classifies ipmitool stderr (captured from ipmi_sim with -v)', () => {
    const wrongPassword = 'Loading IANA PEN Registry...\n> RAKP 2 HMAC is invalid\nError: Unable to establish IPMI v2 / RMCP+ session\n';
    const unknownUser =
      'Loading IANA PEN Registry...\nRAKP 2 message indicates an error : unauthorized name\nError: Unable to establish IPMI v2 / RMCP+ session\n';
    const noAnswer = 'Loading IANA PEN Registry...\nError: Unable to establish IPMI v2 / RMCP+ session\n';
    const refused =
      'Loading IANA PEN Registry...\nRunning Get VSO Capabilities my_addr 0x20, transit 0, target 0x20\n' +
      'Invalid completion code received: Invalid command\nDiscovered IPMB address 0x0\n' +
      'Set Chassis Power Control to Diag failed: Invalid data field in request\n';
    expect([wrongPassword, unknownUser].map(isAuthFailure)).to.deep.equal([true, true]);
    expect([wrongPassword, unknownUser, noAnswer, refused].map(isTransient)).to.deep.equal([false, false, true, false]);
    // No answer from a loaded BMC (seen from ipmi_sim while QEMU/TCG machines ran), then a late one.
    const unanswered = 'Loading IANA PEN Registry...\nUnable to set Chassis Power Control to Up/On\nClose Session command failed\n';
    const lateAnswer = 'Loading IANA PEN Registry...\nError setting Chassis Boot Parameter 5\nIPMI Request Match NOT FOUND\n';
    expect([unanswered, lateAnswer].map(isTransient)).to.deep.equal([true, true]);
    expect(cleanStderr(refused)).to.equal('Set Chassis Power Control to Diag failed: Invalid data field in request');
  });
});
