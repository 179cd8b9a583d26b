// The node codec is where a stored provision_state becomes a ProvisionState: an unknown value is
// refused there, naming the node and the value, instead of being cast through.
import { expect } from 'chai';
import { InvalidStoredRow } from '../../../core/errors.js';
import { nodeCodec } from '../../../core/db/node-codec.js';

// Only the columns the codec looks at; the rest pass through untouched.
const row = (provisionState: string, targetProvisionState: string | null = null) =>
  ({
    id: 7,
    uuid: '0f6c1a4e-3b1d-4c2a-9e55-2d8f1b7a9c01',
    provision_state: provisionState,
    target_provision_state: targetProvisionState,
    driver_info: '{"ipmi_address":"10.0.0.1"}',
    maintenance: 0,
  }) as unknown as Parameters<typeof nodeCodec.decode>[0];

describe('node codec', () => {
  it('decodes a row whose provision_state is a known state', () => {
    const node = nodeCodec.decode(row('inspect wait', 'manageable'));
    expect(node.provision_state).to.equal('inspect wait');
    expect(node.target_provision_state).to.equal('manageable');
    expect(node.driver_info).to.deep.equal({ ipmi_address: '10.0.0.1' });
    expect(node.maintenance).to.equal(false);
  });

  it('refuses an unknown provision_state with an error naming the node and the value', () => {
    expect(() => nodeCodec.decode(row('deployed')))
      .to.throw(InvalidStoredRow)
      .with.property('message')
      .that.contains('0f6c1a4e-3b1d-4c2a-9e55-2d8f1b7a9c01')
      .and.contains('"deployed"');
  });

  it('refuses an unknown target_provision_state the same way, and accepts none', () => {
    expect(() => nodeCodec.decode(row('deploying', 'deployed')))
      .to.throw(InvalidStoredRow)
      .with.property('message')
      .that.contains('target_provision_state')
      .and.contains('"deployed"');
    expect(nodeCodec.decode(row('active')).target_provision_state).to.equal(null);
  });

  it('encodes without checking: only the conductor writes provision_state', () => {
    expect(nodeCodec.encode({ maintenance: true, driver_info: {} })).to.deep.equal({ maintenance: 1, driver_info: '{}' });
  });
});
