// GET /metrics on a real `tyr server` (in-process, http_basic): API calls, IPMI calls against a
// real ipmi_sim (one BMC call refused for a wrong password), a power-sync pass, a fake deploy
// to active and agent callbacks; then the scrape's series and values, who may scrape, the
// unauthenticated [metrics] port listener, and Debian's `promtool check metrics` over the text.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { startRedfishSim, type RedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { ipmiClientOverride } from '../../helpers/ipmi-client-choice.js';
import { availableNode } from '../../helpers/nova-harness.js';
import { freeTcpPort } from '../../helpers/ports.js';
import { until } from '../../helpers/until.js';
import { httpBasicSettings } from '../../helpers/http-basic-users.js';
import { declaredFamilies, parseExposition, promtoolCheck, sampleOf, valueOf, type Sample } from './exposition.js';

const basic = (user: string, pw: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}` });
const ADMIN = basic('admin', 'adminpw');
const READER = basic('viewer', 'viewpw');
const WAIT = { timeoutMs: 20_000, pollIntervalMs: 100 };

describe('metrics: GET /metrics on tyr server', function () {
  this.timeout(90_000);
  let dir: string;
  let bmc: Bmc;
  let sim: RedfishSim;
  let api: ApiHarness;
  let client: TyrClient;
  let metricsPort: number;
  let ipmiNode: string;
  let text: string;
  let samples: Sample[];

  async function scrape(headers: Record<string, string> = READER): Promise<Sample[]> {
    const res = await fetch(`${api.url}/metrics`, { headers });
    expect(res.status).to.equal(200);
    text = await res.text();
    samples = parseExposition(text);
    return samples;
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-metrics-'));
    metricsPort = await freeTcpPort();
    bmc = await startBmc();
    sim = await startRedfishSim();
    api = await startApi({
      api: httpBasicSettings(dir, { admin: { user: 'admin', password: 'adminpw' }, reader: { user: 'viewer', password: 'viewpw' } }),
      metrics: { port: metricsPort },
      ipmi: { command_timeout: 5, command_retry_timeout: 0, min_command_interval_ms: 20 },
      // Periodic tasks off: the test runs its power-sync pass itself.
      conductor: { sync_power_state_interval: 0, power_state_change_timeout: 10 },
    });
    client = new TyrClient({ url: api.url, apiVersion: 'latest', username: 'admin', password: 'adminpw' });

    // A node on the real BMC, managed (ipmitool power status), and one whose password is wrong.
    ipmiNode = (await client.nodes.create({ driver: 'ipmi', name: 'metrics-ipmi', driver_info: bmc.driverInfo() })).uuid;
    await client.nodes.setProvisionState(ipmiNode, 'manage');
    await client.nodes.waitForProvisionState(ipmiNode, 'manageable', WAIT);
    const wrong = await client.nodes.create({
      driver: 'ipmi',
      name: 'metrics-wrong-password',
      driver_info: { ...bmc.driverInfo(), ipmi_password: 'not-the-password' },
    });
    await client.nodes.setProvisionState(wrong.uuid, 'manage');
    await until('the manage with a wrong BMC password to fail', 20_000, async () => (await client.nodes.get(wrong.uuid)).last_error);
    // A node on the Redfish simulator, managed (GET of its system, power state).
    const redfish = await client.nodes.create({ driver: 'redfish', name: 'metrics-redfish', driver_info: sim.driverInfo() });
    await client.nodes.setProvisionState(redfish.uuid, 'manage');
    await client.nodes.waitForProvisionState(redfish.uuid, 'manageable', WAIT);

    await api.server.conductor.syncPowerStates();

    const deployed = await availableNode(client, 'metrics-deploy');
    await client.nodes.setProvisionState(deployed.uuid, 'active');
    await client.nodes.waitForProvisionState(deployed.uuid, 'active', WAIT);

    // Agent callbacks that are refused: an unknown machine's lookup, a heartbeat for no node.
    expect((await api.call('GET', '/v1/lookup?addresses=52:54:00:ee:ee:01')).status).to.equal(404);
    const heartbeat = await api.call('POST', '/v1/heartbeat/5a5a5a5a-0000-4000-8000-000000000001', {
      callback_url: 'http://192.0.2.9:9999',
    });
    expect(heartbeat.status).to.equal(404);
    expect((await api.call('GET', '/v1/no-such-thing', undefined, { headers: ADMIN })).status).to.equal(404);
    await scrape();
  });
  after(async () => {
    await api?.stop();
    await bmc?.stop();
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers anonymous callers 401 and lets readers scrape the text format', async () => {
    const anonymous = await fetch(`${api.url}/metrics`);
    expect(anonymous.status).to.equal(401);
    const reader = await fetch(`${api.url}/metrics`, { headers: READER });
    expect(reader.status).to.equal(200);
    expect(reader.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    expect(await reader.text()).to.include('# TYPE tyr_api_request_duration_seconds histogram');
  });

  it('times API requests by route template and status, never by raw URL', () => {
    const nodes = sampleOf(samples, 'tyr_api_request_duration_seconds_count', {
      method: 'GET',
      route: '/v1/nodes/:ident',
      status_code: '200',
    });
    expect(nodes?.value).to.be.greaterThan(0);
    expect(valueOf(samples, 'tyr_api_request_duration_seconds_count', { method: 'POST', route: '/v1/nodes', status_code: '201' })).to.equal(
      4,
    );
    expect(valueOf(samples, 'tyr_api_request_duration_seconds_count', { route: 'unmatched', status_code: '404' })).to.be.greaterThan(0);
    const routes = new Set(samples.filter((s) => s.name.startsWith('tyr_api_request')).map((s) => s.labels.route));
    for (const route of routes) expect(route).not.to.match(/[0-9a-f]{8}-[0-9a-f]{4}-/, 'a raw UUID in a route label');
  });

  it('times Redfish exchanges by operation, with member ids left out', () => {
    expect(valueOf(samples, 'tyr_bmc_request_duration_seconds_count', { driver: 'redfish', operation: 'GET Systems' })).to.be.greaterThan(
      0,
    );
    expect(valueOf(samples, 'tyr_bmc_request_errors_total', { driver: 'redfish' })).to.equal(0);
  });

  it('times IPMI calls by operation and counts the refused one', () => {
    // The driver label names the IPMI client the service uses (TYR_TEST_IPMI_CLIENT, else the default).
    const driver = (ipmiClientOverride().client ?? 'native') === 'native' ? 'ipmi-native' : 'ipmitool';
    expect(valueOf(samples, 'tyr_bmc_request_duration_seconds_count', { driver, operation: 'power_status' })).to.be.greaterThan(1);
    // Only the wrong password failed (command_retry_timeout 0: one attempt).
    expect(valueOf(samples, 'tyr_bmc_request_errors_total', { driver, operation: 'power_status' })).to.equal(1);
  });

  it('records the power-sync pass', () => {
    expect(valueOf(samples, 'tyr_power_sync_duration_seconds_count')).to.equal(1);
    // The ipmi and redfish nodes (the fake one joined later).
    expect(valueOf(samples, 'tyr_power_sync_nodes')).to.equal(3);
  });

  it('records the deploy to active', () => {
    expect(valueOf(samples, 'tyr_deploy_duration_seconds_count', { result: 'active' })).to.equal(1);
    expect(valueOf(samples, 'tyr_deploy_duration_seconds_count', { result: 'failed' })).to.equal(0);
  });

  it('counts agent lookups and heartbeats by result', () => {
    expect(valueOf(samples, 'tyr_agent_lookups_total', { result: 'refused' })).to.equal(1);
    expect(valueOf(samples, 'tyr_agent_heartbeats_total', { result: 'refused' })).to.equal(1);
    expect(valueOf(samples, 'tyr_agent_lookups_total', { result: 'accepted' })).to.equal(0);
  });

  it('reports the fleet by provision state, power state and maintenance', async () => {
    // The fleet is read at most every 2 s: poll until this scrape sees the deploy.
    await until('the fleet gauges to show the active node', 10_000, async () => {
      const now = await scrape();
      return valueOf(now, 'tyr_nodes_by_provision_state', { provision_state: 'active' }) === 1;
    });
    expect(valueOf(samples, 'tyr_nodes')).to.equal(4);
    expect(valueOf(samples, 'tyr_nodes_by_provision_state', { provision_state: 'manageable' })).to.equal(2);
    expect(valueOf(samples, 'tyr_nodes_by_provision_state', { provision_state: 'enroll' })).to.equal(1);
    // Every state is listed, empty ones with 0.
    expect(sampleOf(samples, 'tyr_nodes_by_provision_state', { provision_state: 'rescue' })?.value).to.equal(0);
    const byPower = samples.filter((s) => s.name === 'tyr_nodes_by_power_state');
    expect(byPower.reduce((n, s) => n + s.value, 0)).to.equal(4);
    expect(valueOf(samples, 'tyr_nodes_maintenance')).to.equal(0);
  });

  it('reports ring membership, DB query time and the event loop lag', () => {
    expect(valueOf(samples, 'tyr_conductors_live', { conductor_group: 'none' })).to.equal(1);
    expect(valueOf(samples, 'tyr_conductor_ring_member')).to.equal(1);
    for (const kind of ['select', 'insert', 'update']) {
      expect(valueOf(samples, 'tyr_db_query_duration_seconds_count', { kind })).to.be.greaterThan(0, kind);
    }
    const kinds = new Set(samples.filter((s) => s.name === 'tyr_db_query_duration_seconds_count').map((s) => s.labels.kind));
    for (const kind of kinds) expect(['select', 'insert', 'update', 'delete', 'other']).to.include(kind);
    expect(sampleOf(samples, 'nodejs_eventloop_lag_seconds')).not.to.equal(undefined);
    expect(sampleOf(samples, 'process_cpu_user_seconds_total')).not.to.equal(undefined);
  });

  it('serves the same metrics without credentials on the [metrics] port, and nothing else there', async () => {
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(res.status).to.equal(200);
    const families = declaredFamilies(await res.text());
    expect(families.get('tyr_bmc_request_duration_seconds')).to.equal('histogram');
    expect(families.get('tyr_nodes_by_provision_state')).to.equal('gauge');
    expect((await fetch(`http://127.0.0.1:${metricsPort}/v1/nodes`)).status).to.equal(404);
  });

  it('passes promtool check metrics', async () => {
    await scrape();
    const { status, output } = promtoolCheck(text);
    expect(output, 'promtool lint problems').to.equal('');
    expect(status).to.equal(0);
  });
});
