// Deploy duration and image write throughput, from the transitions the conductor reports, in a
// registry of their own (as each service has).
import { expect } from 'chai';
import { Registry } from 'prom-client';
import type { Node } from '../../../core/db/types.js';
import { DeployMetrics, imageWriteOf } from '../../../core/metrics/deploy-metrics.js';

const node = (provision_state: string, driver_internal_info: Record<string, unknown> = {}) =>
  ({ uuid: '0f0f0f0f-0000-4000-8000-000000000001', provision_state, driver_internal_info }) as unknown as Node;

describe('metrics: deploys', () => {
  it("reads the image write from the deploy step's result, else the agent's progress (MiB/s)", () => {
    expect(imageWriteOf(node('active', { image_write: { bytes_written: 4e9, seconds: 20, mb_per_s: 190.7 } }))).to.deep.equal({
      bytes: 4e9,
      seconds: 20,
    });
    expect(imageWriteOf(node('active', { deploy_progress: { bytes_written: 2 ** 30, mb_per_s: 512 } }))).to.deep.equal({
      bytes: 2 ** 30,
      seconds: 2,
    });
    expect(imageWriteOf(node('active', { image_write: { bytes_written: null, seconds: null } }))).to.equal(undefined);
    expect(imageWriteOf(node('active'))).to.equal(undefined);
  });

  it('observes one duration per deploy it saw start, by result, and the throughput of successful ones', async () => {
    const registry = new Registry();
    const deploys = new DeployMetrics(registry);
    const written = node('deploying', { image_write: { bytes_written: 3e9, seconds: 10 } });
    deploys.transitioned(node('available'), node('deploying'), 'deploy');
    deploys.transitioned(node('deploying'), node('wait call-back'), 'wait');
    deploys.transitioned(node('wait call-back'), node('deploying'), 'resume');
    deploys.transitioned(written, node('active', written.driver_internal_info), 'done');
    // A deploy whose start this process did not see (taken over) is not observed.
    deploys.transitioned(node('deploying'), node('deploy failed'), 'fail');
    // A rebuild that fails.
    deploys.transitioned(node('active'), node('deploying'), 'rebuild');
    deploys.transitioned(node('deploying'), node('deploy failed'), 'fail');

    const text = await registry.metrics();
    expect(text).to.include('tyr_deploy_duration_seconds_count{result="active"} 1');
    expect(text).to.include('tyr_deploy_duration_seconds_count{result="failed"} 1');
    expect(text).to.include('tyr_deploy_image_write_bytes_per_second_sum 300000000');
    expect(text).to.include('tyr_deploy_image_write_bytes_per_second_count 1');
    expect(text).to.include('tyr_deploy_image_written_bytes_total 3000000000');
  });
});
