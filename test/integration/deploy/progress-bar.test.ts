// The deploy progress bar of `tyr node deploy --wait` (cli/deploy-progress.ts, cli/wait.ts).
import { expect } from 'chai';
import type { ApiNode } from '../../../client/types.js';
import { deployProgressText } from '../../../cli/deploy-progress.js';
import { progressReporter } from '../../../cli/wait.js';

const node = (state: string, progress?: Record<string, unknown>): ApiNode => ({
  uuid: 'u',
  name: null,
  driver: 'ipmi',
  provision_state: state,
  target_provision_state: 'active',
  power_state: 'power on',
  target_power_state: null,
  maintenance: false,
  last_error: null,
  instance_uuid: null,
  properties: {},
  driver_info: {},
  extra: {},
  driver_internal_info: progress ? { deploy_progress: progress } : {},
});

describe('deploy progress bar', () => {
  it('shows bytes written of the total, the percentage and MB/s while deploying', () => {
    const text = deployProgressText(node('deploying', { bytes_written: 1024 ** 3, total_bytes: 4 * 1024 ** 3, mb_per_s: 110.34 }));
    expect(text).to.equal('[#####---------------] 1.0 GiB / 4.0 GiB 25% 110.3 MB/s');
    expect(deployProgressText(node('deploying', { bytes_written: 5 * 1024 ** 2, total_bytes: null }))).to.equal('5.0 MiB written');
  });

  it('shows nothing outside the deploy or without progress', () => {
    expect(deployProgressText(node('active', { bytes_written: 1, total_bytes: 2 }))).to.equal(undefined);
    expect(deployProgressText(node('deploying'))).to.equal(undefined);
  });

  it('is part of the --wait line', () => {
    const lines: string[] = [];
    const r = progressReporter('deploy', { isTTY: false, write: (s: string) => lines.push(s) });
    r.onProgress(node('deploying', { bytes_written: 512, total_bytes: 1024, mb_per_s: 2 }), 3000);
    expect(lines[0]).to.contain('deploying').and.contain('[##########----------] 512 B / 1.0 KiB 50% 2.0 MB/s');
  });
});
