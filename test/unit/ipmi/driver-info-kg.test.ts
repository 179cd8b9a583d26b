// driver_info ipmi_kg_key: 40 hex digits (ipmitool -y) or text of at most 20 bytes (ipmitool -k),
// parsed into bytes; anything else is a 4xx naming the key, without echoing the value. Also which
// targets the native client takes (the rest fall back to ipmitool).
import { expect } from 'chai';
import { InvalidParameterValue } from '../../../core/errors.js';
import { parseDriverInfo } from '../../../core/drivers/ipmitool/driver-info.js';
import { nativeFallbackReason, nativeSupports } from '../../../core/ipmi/native-client.js';

const base = { ipmi_address: '10.0.0.5', ipmi_username: 'admin', ipmi_password: 'pw' };

describe('driver_info ipmi_kg_key and native support', () => {
  it('is absent unless given', () => {
    expect(parseDriverInfo(base)).to.not.have.property('kgKey');
    expect(parseDriverInfo({ ...base, ipmi_kg_key: '' })).to.not.have.property('kgKey');
  });

  it('reads 40 hex digits (with or without 0x) as 20 bytes, and shorter text as its UTF-8 bytes', () => {
    const hex = '00112233445566778899AABBCCDDEEFF01234567';
    expect(parseDriverInfo({ ...base, ipmi_kg_key: hex }).kgKey!.toString('hex')).to.equal(hex.toLowerCase());
    expect(parseDriverInfo({ ...base, ipmi_kg_key: `0x${hex}` }).kgKey!.toString('hex')).to.equal(hex.toLowerCase());
    expect(parseDriverInfo({ ...base, ipmi_kg_key: 'my-bmc-key' }).kgKey!.toString()).to.equal('my-bmc-key');
    expect(parseDriverInfo({ ...base, ipmi_kg_key: 'x'.repeat(20) }).kgKey!.length).to.equal(20);
  });

  it('refuses text longer than 20 bytes without echoing it', () => {
    const secret = 'this-key-is-far-too-long-for-ipmi';
    let err: unknown;
    try {
      parseDriverInfo({ ...base, ipmi_kg_key: secret });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(InvalidParameterValue);
    expect((err as Error).message).to.include('ipmi_kg_key must be 40 hex digits or at most 20 bytes of text');
    expect((err as Error).message).not.to.include(secret);
  });

  it('the native client takes lanplus targets without bridging, with suite 3, 17 or none', () => {
    expect(nativeSupports(parseDriverInfo(base))).to.equal(true);
    expect(nativeSupports(parseDriverInfo({ ...base, ipmi_cipher_suite: 3 }))).to.equal(true);
    expect(nativeSupports(parseDriverInfo({ ...base, ipmi_cipher_suite: 17 }))).to.equal(true);
    expect(nativeFallbackReason(parseDriverInfo({ ...base, ipmi_cipher_suite: 8 }))).to.include('ipmi_cipher_suite is 8');
    expect(nativeFallbackReason(parseDriverInfo({ ...base, ipmi_protocol_version: '1.5' }))).to.include('1.5');
    const bridged = parseDriverInfo({ ...base, ipmi_bridging: 'single', ipmi_target_channel: '7', ipmi_target_address: '0x72' });
    expect(nativeFallbackReason(bridged)).to.include('ipmi_bridging');
  });
});
