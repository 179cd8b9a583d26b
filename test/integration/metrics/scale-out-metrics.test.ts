// Metrics of the scale-out processes, both in this process on one SQLite file: `tyr conductor`
// has no API port, so the [metrics] port listener is its only /metrics; `tyr api` serves /metrics
// on its API port (and the fleet gauges, which conductors leave out). promtool checks both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { loadConfig } from '../../../core/config-load.js';
import { startApiProcess, type RunningApi } from '../../../core/processes/api-process.js';
import { startConductorProcess, type RunningConductor } from '../../../core/processes/conductor-process.js';
import { freeTcpPort } from '../../helpers/ports.js';
import { declaredFamilies, parseExposition, promtoolCheck, valueOf } from './exposition.js';

async function scrapeText(url: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status, url).to.equal(200);
  return res.text();
}

describe('metrics: tyr conductor and tyr api', function () {
  this.timeout(60_000);
  let dir: string;
  let conductor: RunningConductor;
  let api: RunningApi;
  let conductorMetricsPort: number;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-metrics-scale-'));
    const [apiPort, metricsPort] = [await freeTcpPort(), await freeTcpPort()];
    conductorMetricsPort = metricsPort;
    const common = {
      database: { url: `sqlite:${path.join(dir, 'tyr.sqlite')}` },
      rpc: { port: 0, secret: 'metrics-test-secret-0123456789' },
      api: { host: '127.0.0.1', port: apiPort, public_url: `http://127.0.0.1:${apiPort}` },
      service: { data_dir: dir, log_level: 'warn', host: 'metrics-conductor-1' },
      boot: { http_port: 0, tftp_port: 0 },
      conductor: { sync_power_state_interval: 0 },
    };
    conductor = await startConductorProcess(loadConfig({ env: {}, overrides: { ...common, metrics: { port: metricsPort } } }));
    api = await startApiProcess(loadConfig({ env: {}, overrides: common }));
  });
  after(async () => {
    await api?.stop();
    await conductor?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('tyr conductor: its listener shows ring membership and power sync, no fleet gauges', async () => {
    await conductor.conductor.syncPowerStates();
    const text = await scrapeText(`http://127.0.0.1:${conductorMetricsPort}/metrics`);
    const samples = parseExposition(text);
    expect(valueOf(samples, 'tyr_conductor_ring_member')).to.equal(1);
    expect(valueOf(samples, 'tyr_conductors_live', { conductor_group: 'none' })).to.equal(1);
    expect(valueOf(samples, 'tyr_power_sync_duration_seconds_count')).to.equal(1);
    expect(valueOf(samples, 'tyr_db_query_duration_seconds_count', { kind: 'select' })).to.be.greaterThan(0);
    expect(declaredFamilies(text).has('tyr_nodes')).to.equal(false);
    expect(promtoolCheck(text)).to.deep.equal({ status: 0, output: '' });
  });

  it('tyr api: /metrics on the API port with the fleet and the live conductors', async () => {
    const client = new TyrClient({ url: `http://127.0.0.1:${api.apiPort}`, apiVersion: 'latest' });
    await client.nodes.create({ driver: 'fake-hardware', name: 'scale-metrics' });
    const text = await scrapeText(`http://127.0.0.1:${api.apiPort}/metrics`);
    const samples = parseExposition(text);
    expect(valueOf(samples, 'tyr_nodes')).to.equal(1);
    expect(valueOf(samples, 'tyr_nodes_by_provision_state', { provision_state: 'enroll' })).to.equal(1);
    expect(valueOf(samples, 'tyr_conductors_live', { conductor_group: 'none' })).to.equal(1);
    expect(valueOf(samples, 'tyr_api_request_duration_seconds_count', { method: 'POST', route: '/v1/nodes', status_code: '201' })).to.equal(
      1,
    );
    // An API process is no member of the ring.
    expect(declaredFamilies(text).has('tyr_conductor_ring_member')).to.equal(false);
    expect(promtoolCheck(text)).to.deep.equal({ status: 0, output: '' });
  });
});
