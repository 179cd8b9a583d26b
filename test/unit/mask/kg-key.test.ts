// The IPMI 2.0 BMC key (driver_info ipmi_kg_key) is as secret as the password: masked wherever
// Ironic's oslo fragments mask a password, through Tyr's own fragment list.
import { expect } from 'chai';
import { isSecretKey, MASK, maskSecrets } from '../../../core/mask.js';

describe('masking the IPMI Kg key', () => {
  it('masks ipmi_kg_key in driver_info, at any depth, and leaves neighbours alone', () => {
    const masked = maskSecrets({
      driver_info: { ipmi_address: '10.0.0.5', ipmi_kg_key: '00112233445566778899aabbccddeeff00112233', ipmi_password: 'x' },
      nested: [{ IPMI_KG_KEY: 'text-key' }],
    });
    expect(masked.driver_info).to.deep.equal({ ipmi_address: '10.0.0.5', ipmi_kg_key: MASK, ipmi_password: MASK });
    expect(masked.nested[0]!.IPMI_KG_KEY).to.equal(MASK);
  });

  it('does not mask keys that only look alike', () => {
    expect(isSecretKey('ipmi_kg_key')).to.equal(true);
    expect(isSecretKey('kg')).to.equal(false);
    expect(isSecretKey('ipmi_port')).to.equal(false);
  });
});
