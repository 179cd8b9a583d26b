// fake-hardware's disk fails on demand (driver_info.fake_disk_failure), as a machine whose disk
// can be neither written nor erased: a deploy ends in `deploy failed` and the undeploy's
// cleaning in `clean failed`, each with the message as last_error. Once the key is removed,
// manage and provide clean the node back to available and it deploys again. The nova-boot suite
// (test/nova/nova_boot) uses it to make Nova reschedule a server.
import { expect } from 'chai';
import { TyrClient } from '../../../client/client.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { availableNode } from '../../helpers/nova-harness.js';

describe('fake-hardware disk failure on demand', function () {
  this.timeout(60_000);
  let api: ApiHarness;
  let client: TyrClient;
  const WAIT = { timeoutMs: 20_000, pollIntervalMs: 100 };
  const CAUSE = 'disk sda is read-only (driver_info.fake_disk_failure)';

  before(async () => {
    api = await startApi();
    client = new TyrClient({ url: api.url });
  });
  after(async () => {
    await api?.stop();
  });

  it('is listed among the driver properties', async () => {
    const r = await api.call('GET', '/v1/drivers/fake-hardware/properties', undefined, { version: 'latest' });
    expect(r.body.fake_disk_failure).to.match(/every deploy and every cleaning of this node fails/);
  });

  it('fails deploy and cleaning with the given text until removed, then the node deploys again', async () => {
    const node = await availableNode(client, 'bad-disk');
    await client.nodes.patch(node.uuid, [{ op: 'add', path: '/driver_info/fake_disk_failure', value: 'disk sda is read-only' }]);

    await client.nodes.setProvisionState(node.uuid, 'active');
    const failed = await client.nodes.waitForProvisionState(node.uuid, 'deploy failed', WAIT);
    expect(failed.last_error).to.equal(`Deploy failed: ${CAUSE}`);
    await client.nodes.setProvisionState(node.uuid, 'deleted');
    const unclean = await client.nodes.waitForProvisionState(node.uuid, 'clean failed', WAIT);
    expect(unclean.last_error).to.contain(CAUSE);

    await client.nodes.patch(node.uuid, [{ op: 'remove', path: '/driver_info/fake_disk_failure' }]);
    await client.nodes.setProvisionState(node.uuid, 'manage');
    await client.nodes.waitForProvisionState(node.uuid, 'manageable', WAIT);
    await client.nodes.setProvisionState(node.uuid, 'provide');
    await client.nodes.waitForProvisionState(node.uuid, 'available', WAIT);
    await client.nodes.setProvisionState(node.uuid, 'active');
    const active = await client.nodes.waitForProvisionState(node.uuid, 'active', WAIT);
    expect(active.last_error).to.equal(null);
  });
});
