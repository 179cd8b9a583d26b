// The Redfish client against a misbehaving BMC (the simulator's scripted faults): 503 with
// Retry-After, dropped sessions, a self-signed certificate, idle sessions; every session it opens
// is deleted; and neither the password nor a token ever reaches a log line.
import { expect } from 'chai';
import { loadConfig } from '../../../core/config-load.js';
import type { Node } from '../../../core/db/types.js';
import type { NodeContext } from '../../../core/drivers/interfaces/task.js';
import { RedfishPower } from '../../../core/drivers/redfish/power.js';
import { RedfishResources } from '../../../core/drivers/redfish/resources.js';
import { HardwareError } from '../../../core/errors.js';
import { startRedfishSim, type RedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { until } from '../../helpers/until.js';
import { QUICK_REDFISH } from './helpers.js';

describe('Redfish client faults (tyr-redfish-sim)', function () {
  this.timeout(60000);
  const captured = captureLogger();
  const config = loadConfig({ env: {}, overrides: { redfish: { ...QUICK_REDFISH.redfish, session_idle_seconds: 1 } } });
  let sim: RedfishSim;
  let resources: RedfishResources;
  let power: RedfishPower;

  const ctxFor = (driverInfo: Record<string, unknown>, uuid = 'rf-fault-node'): NodeContext => ({
    node: { uuid, driver_info: driverInfo } as unknown as Node,
    log: captured.log,
    config,
  });

  before(async () => {
    sim = await startRedfishSim();
  });
  beforeEach(() => {
    resources = new RedfishResources(config);
    power = new RedfishPower(config, resources);
  });
  afterEach(async () => {
    await resources.close();
  });
  after(async () => {
    await sim?.stop();
    // Nothing secret in any line logged by any test above, debug level included.
    const text = JSON.stringify(captured.lines());
    expect(text).not.to.contain(sim.password);
    expect(text).not.to.contain('wrong-password-123');
  });

  it('retries a 503 with Retry-After and then succeeds', async () => {
    sim.state.powerState = 'On';
    sim.faults.failNext(2, 503, 1);
    const before = sim.stats.requests;
    expect(await power.getPowerState(ctxFor(sim.driverInfo()))).to.equal('power on');
    // Two refused, then the real exchanges (service root, login, system).
    expect(sim.stats.requests - before).to.be.at.least(5);
    const retries = captured.lines().filter((l) => l.msg === 'Redfish request failed; retrying');
    expect(retries.map((l) => l.status)).to.deep.equal([503, 503]);
    // The BMC's Retry-After (1 s) was honoured, not the quick backoff (10 ms).
    expect(retries.map((l) => l.delayMs)).to.deep.equal([1000, 1000]);
  });

  it('gives up after the configured attempts with an error naming the BMC and the status, and tries afresh later', async () => {
    const ctx = ctxFor(sim.driverInfo());
    sim.faults.failNext(100, 503);
    const before = sim.stats.requests;
    const err = await power.getPowerState(ctx).catch((e: unknown) => e);
    expect(sim.stats.requests - before).to.equal(config.redfish.retry_attempts);
    sim.faults.failNext(0);
    expect(err).to.be.instanceOf(HardwareError);
    expect((err as Error).message)
      .to.contain(sim.url)
      .and.contain('503');
    // Nothing about the BMC was concluded from the failure: a session is opened as usual.
    const opened = sim.stats.sessionsOpened;
    expect(await power.getPowerState(ctx)).to.be.oneOf(['power on', 'power off']);
    expect(sim.stats.sessionsOpened).to.equal(opened + 1);
  });

  it('logs in again once when the BMC drops its sessions, and work continues', async () => {
    const ctx = ctxFor(sim.driverInfo());
    await power.getPowerState(ctx);
    const opened = sim.stats.sessionsOpened;
    sim.faults.dropSessions();
    await power.setPowerState(ctx, 'power off');
    expect(sim.state.powerState).to.equal('Off');
    expect(sim.stats.sessionsOpened).to.equal(opened + 1);
  });

  it('refuses a wrong password with a clear error, without retrying the login', async () => {
    const ctx = ctxFor({ ...sim.driverInfo(), redfish_password: 'wrong-password-123' });
    const before = sim.stats.requests;
    const errors: unknown[] = [];
    for (let i = 0; i < 5; i++) errors.push(await power.getPowerState(ctx).catch((e: unknown) => e));
    for (const err of errors) {
      expect(err).to.be.instanceOf(HardwareError);
      expect((err as Error).message).to.equal(
        `Redfish BMC at ${sim.url} refused the credentials for user ${sim.username}; check redfish_username/redfish_password (HTTP 401).`,
      );
    }
    // The service root and one login: the four calls after it got the remembered refusal.
    expect(sim.stats.requests - before).to.equal(2);
  });

  it('refuses a self-signed certificate unless redfish_verify_ca says otherwise', async () => {
    const info = sim.driverInfo();
    const { redfish_verify_ca: _ca, ...systemCas } = info;
    const err = await power.getPowerState(ctxFor(systemCas)).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(HardwareError);
    expect((err as Error).message)
      .to.contain('TLS certificate verification failed')
      .and.contain('redfish_verify_ca');
    expect(await power.getPowerState(ctxFor({ ...systemCas, redfish_verify_ca: 'False' }))).to.be.oneOf(['power on', 'power off']);
    expect(await power.getPowerState(ctxFor(info))).to.be.oneOf(['power on', 'power off']);
  });

  it('uses basic auth when asked, opening no session', async () => {
    const opened = sim.stats.sessionsOpened;
    expect(await power.getPowerState(ctxFor({ ...sim.driverInfo(), redfish_auth_type: 'basic' }))).to.be.oneOf(['power on', 'power off']);
    expect(sim.stats.sessionsOpened).to.equal(opened);
  });

  describe('session accounting (a BMC whose sessions were never dropped)', () => {
    let clean: RedfishSim;
    before(async () => {
      clean = await startRedfishSim();
    });
    after(async () => {
      await clean?.stop();
    });

    it('closes a session that stays idle', async () => {
      await power.getPowerState(ctxFor(clean.driverInfo()));
      expect(resources.openSessions).to.equal(1);
      await until('the idle session deleted on the BMC', 10000, () => clean.stats.sessionsClosed === clean.stats.sessionsOpened);
      expect(resources.openSessions).to.equal(0);
    });

    it('shares one session between nodes on the same BMC and deletes it on close', async () => {
      const opened = clean.stats.sessionsOpened;
      await Promise.all(['a', 'b', 'c', 'd'].map((n) => power.getPowerState(ctxFor(clean.driverInfo(), `rf-node-${n}`))));
      expect(clean.stats.sessionsOpened).to.equal(opened + 1);
      await resources.close();
      expect(clean.stats.sessionsClosed).to.equal(clean.stats.sessionsOpened);
    });
  });
});
