// The ipmitool runner against real ipmitool and ipmi_sim: secrets stay out of argv, password
// files are private and always removed, dead BMCs and wrong passwords fail within their budget,
// and no ipmitool child outlives its call.
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { HardwareError } from '../../../core/errors.js';
import { parseDriverInfo } from '../../../core/drivers/ipmitool/driver-info.js';
import { IpmitoolPower } from '../../../core/drivers/ipmitool/power.js';
import { execChild } from '../../../core/drivers/ipmitool/runner.js';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { closeIpmitool, ipmitool, nodeCtx, processAlive, recordingExec, testConfig, type Recorded } from './helpers.js';

const PASSWORD = 'S3cret-Pass-word';

describe('ipmitool runner against ipmi_sim', function () {
  this.timeout(30000);
  let bmc: Bmc;
  before(async () => {
    bmc = await startBmc({ password: PASSWORD });
  });
  after(async () => {
    await bmc?.stop();
    await closeIpmitool();
  });

  // The runner's own behaviour (argv, password files, children): always the ipmitool client.
  function power(ipmi: Record<string, unknown> = {}) {
    const config = testConfig({ client: 'ipmitool', ...ipmi });
    const calls: Recorded[] = [];
    const client = ipmitool(config).client(config, recordingExec(fs, calls));
    return { config, calls, power: new IpmitoolPower(config, client) };
  }

  it('passes the password through a 0600 file, never in argv or the environment, and removes the file', async () => {
    const { config, calls, power: p } = power();
    const ctx = nodeCtx(config, bmc.driverInfo());
    await p.setPowerState(ctx, 'power on');
    await p.getPowerState(ctx);
    expect(calls.length).to.be.greaterThan(1);
    for (const { req, passwordFile } of calls) {
      expect(req.file).to.equal('ipmitool');
      expect(req.args.join(' ')).not.to.contain(PASSWORD);
      expect(req.args).not.to.include('-P');
      expect(Object.values(req.env)).not.to.include(PASSWORD);
      expect(req.args).to.include.members(['-I', 'lanplus', '-C', '3', '-U', 'admin', '-L', 'ADMINISTRATOR', '-f']);
      expect(passwordFile).to.deep.include({ existed: true, mode: 0o600, content: PASSWORD });
      expect(fs.existsSync(passwordFile!.path), 'password file removed').to.equal(false);
    }
  });

  it('keeps password files in a private directory of the service, removed when the service stops', async () => {
    const config = testConfig({ client: 'ipmitool' });
    const calls: Recorded[] = [];
    const resources = ipmitool(config);
    await new IpmitoolPower(config, resources.client(config, recordingExec(fs, calls))).getPowerState(nodeCtx(config, bmc.driverInfo()));
    const dir = path.dirname(calls[0]!.passwordFile!.path);
    expect(fs.statSync(dir).mode & 0o777).to.equal(0o700);
    const other = ipmitool(config);
    const otherFile = await other.passwords.write('x');
    expect(path.dirname(otherFile), 'each service has its own directory').not.to.equal(dir);
    await resources.close();
    expect(fs.existsSync(dir), 'directory removed on close').to.equal(false);
    expect(fs.existsSync(otherFile), 'the other service is untouched').to.equal(true);
    await other.close();
    expect(fs.existsSync(otherFile)).to.equal(false);
  });

  it('removes the password file when the call fails too', async () => {
    const { config, calls, power: p } = power({ command_retry_timeout: 0 });
    const err = await p.getPowerState(nodeCtx(config, { ...bmc.driverInfo(), ipmi_password: 'wrong-password' })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(HardwareError);
    expect(calls).to.have.length(1);
    expect(fs.existsSync(calls[0]!.passwordFile!.path)).to.equal(false);
  });

  it('passes the BMC key (ipmi_kg_key) through the environment with -K, never in argv', async () => {
    // ipmi_sim has no Kg set, so the session fails; what matters is how the key reached ipmitool.
    const { config, calls, power: p } = power({ command_retry_timeout: 0 });
    const err = await p.getPowerState(nodeCtx(config, { ...bmc.driverInfo(), ipmi_kg_key: 'kg-secret-text' })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(HardwareError);
    expect(calls).to.have.length(1);
    expect(calls[0]!.req.args).to.include('-K');
    expect(calls[0]!.req.args.join(' ')).not.to.contain('kg-secret-text');
    expect(calls[0]!.req.env.IPMI_KGKEY).to.equal('kg-secret-text');
    expect((err as Error).message).not.to.contain('kg-secret-text');
  });

  it('refuses a BMC key ipmitool could only take on its command line, before running anything', async () => {
    const { config, calls, power: p } = power();
    const err = await p.getPowerState(nodeCtx(config, { ...bmc.driverInfo(), ipmi_kg_key: '00'.repeat(20) })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(HardwareError);
    expect((err as Error).message).to.match(/ipmi_kg_key of BMC 127\.0\.0\.1:\d+ .*\[ipmi\] client = native/);
    expect(calls).to.have.length(0);
  });

  it('a wrong password fails at once with a clear message and is not retried', async () => {
    const { config, calls, power: p } = power({ command_retry_timeout: 20 });
    const started = Date.now();
    const err = await p.getPowerState(nodeCtx(config, { ...bmc.driverInfo(), ipmi_password: 'wrong-password' })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(HardwareError);
    const msg = (err as Error).message;
    expect(msg).to.contain(`127.0.0.1:${bmc.port}`).and.contain('rejected the credentials').and.contain('ipmi_password');
    expect(msg).not.to.contain('wrong-password');
    expect(calls, 'attempts').to.have.length(1);
    expect(Date.now() - started).to.be.lessThan(2000);
  });

  it('an unknown user fails the same way', async () => {
    const { config, calls, power: p } = power({ command_retry_timeout: 20 });
    const err = await p.getPowerState(nodeCtx(config, { ...bmc.driverInfo(), ipmi_username: 'nobody' })).then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as Error).message).to.contain('rejected the credentials');
    expect(calls).to.have.length(1);
  });

  it('runs commands to one BMC one at a time, with the minimum interval between them', async () => {
    const config = testConfig({ min_command_interval_ms: 100 });
    const spans: [number, number][] = [];
    const runner = ipmitool(config).runner(config, async (req) => {
      const t0 = Date.now();
      const r = await execChild(req);
      spans.push([t0, Date.now()]);
      return r;
    });
    const ctx = nodeCtx(config, bmc.driverInfo());
    const target = parseDriverInfo(bmc.driverInfo());
    const outs = await Promise.all(Array.from({ length: 4 }, () => runner.run(target, ['power', 'status'], ctx)));
    expect(outs.every((o) => /Chassis Power is/.test(o))).to.equal(true);
    spans.sort((a, b) => a[0] - b[0]);
    expect(spans).to.have.length(4);
    for (let i = 1; i < spans.length; i++) {
      expect(spans[i]![0] - spans[i - 1]![1], `gap before call ${i}`).to.be.at.least(95);
    }
  });

  describe('a BMC that stops answering', () => {
    let dead: Bmc;
    beforeEach(async () => {
      dead = await startBmc();
    });
    afterEach(async () => {
      await dead?.stop();
    });

    it('kills ipmitool at the hard timeout and leaves no child behind', async () => {
      // ipmitool -N 1 -R 1 gives up by itself after about 2 s; a 1 s timeout must kill it first.
      const { config, calls, power: p } = power({ command_timeout: 1, command_retry_timeout: 0 });
      const ctx = nodeCtx(config, dead.driverInfo());
      expect(await p.getPowerState(ctx)).to.equal('power off');
      await dead.kill();
      const started = Date.now();
      const err = await p.getPowerState(ctx).then(
        () => null,
        (e: unknown) => e,
      );
      const took = Date.now() - started;
      expect(err).to.be.instanceOf(HardwareError);
      expect((err as Error).message)
        .to.contain(`127.0.0.1:${dead.port}`)
        .and.contain('timed out after 1 s; ipmitool was killed');
      expect(took).to.be.within(900, 1800);
      const last = calls.at(-1)!;
      expect(last.result.timedOut).to.equal(true);
      expect(processAlive(last.result.pid!), 'ipmitool child still alive').to.equal(false);
      expect(fs.existsSync(last.passwordFile!.path)).to.equal(false);
    });

    it('retries within the retry budget, then fails with HardwareError', async () => {
      const { config, calls, power: p } = power({ command_timeout: 5, command_retry_timeout: 3 });
      const ctx = nodeCtx(config, dead.driverInfo());
      await dead.kill();
      const started = Date.now();
      const err = await p.getPowerState(ctx).then(
        () => null,
        (e: unknown) => e,
      );
      const took = Date.now() - started;
      expect(err).to.be.instanceOf(HardwareError);
      expect((err as Error).message)
        .to.match(/Unable to establish IPMI v2 \/ RMCP\+ session/)
        .and.contain('ipmi_cipher_suite');
      expect(calls.length, 'attempts').to.be.within(2, 3);
      expect(took).to.be.within(3000, 8000);
      for (const c of calls) expect(processAlive(c.result.pid!)).to.equal(false);
    });

    it('answers again after the simulator restarts', async () => {
      const { config, power: p } = power({ command_retry_timeout: 0 });
      const ctx = nodeCtx(config, dead.driverInfo());
      await dead.kill();
      await p.getPowerState(ctx).then(
        () => expect.fail('dead BMC answered'),
        () => undefined,
      );
      await dead.restart();
      expect(await p.getPowerState(ctx)).to.equal('power off');
    });
  });

  it('says how to install ipmitool when it is missing', async () => {
    const { config } = power({ ipmitool_path: '/nonexistent/ipmitool' });
    const p = new IpmitoolPower(config, ipmitool(config).client());
    const err = await p.getPowerState(nodeCtx(config, bmc.driverInfo())).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(HardwareError);
    expect((err as Error).message).to.contain('install-system-deps.sh');
  });
});
