// A vendor hardware type from a module outside Tyr (acme-driver.ts, test-only), loaded by a real
// `tyr server` process through drivers.modules, used end to end through the API: listed in
// /v1/drivers, a node created with it, powered on and off, and a manual clean step run by its
// own deploy implementation. Also: bad modules stop start-up with a message naming the module.
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { apiError } from '../../helpers/api-error.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { killAllStarted, runTyr, startTyrServer, type TyrProcess } from '../../helpers/tyr-process.js';
import { until } from '../../helpers/until.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MODULE = path.join(HERE, 'acme-driver.ts');

describe('vendor hardware type from drivers.modules', function () {
  this.timeout(120_000);
  let tyr: TyrProcess;
  let client: TyrClient;
  let tmp: string;
  let bmcDir: string;

  async function waitState(node: string, field: string, want: string): Promise<any> {
    let last: any = {};
    return until(
      `node ${node} ${field} to be ${want}`,
      30_000,
      async () => {
        last = await client.nodes.get(node);
        return last[field] === want ? last : undefined;
      },
      { diagnostics: () => `${field} is ${last[field]} (last_error: ${last.last_error})` },
    );
  }

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-vendor-'));
    bmcDir = path.join(tmp, 'acme-bmc');
    fs.mkdirSync(bmcDir);
    tyr = await startTyrServer(
      ['--data-dir', path.join(tmp, 'data')],
      // The vendor module is TypeScript: only a server under tsx can import it.
      { TYR_DRIVERS_MODULES: MODULE, TYR_CONDUCTOR_AUTOMATED_CLEAN: 'false', TYR_TEST_FROM_SOURCE: '1' },
      60_000,
    );
    client = new TyrClient({ url: tyr.url, apiVersion: 'latest' });
  });
  after(async () => {
    await tyr?.kill();
    killAllStarted();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lists the vendor hardware type with its interfaces and driver_info properties', async () => {
    const d = await client.getDriver('acme-test');
    expect(d.default_power_interface).to.equal('acme-power');
    expect(d.enabled_deploy_interfaces).to.deep.equal(['acme-local', 'fake']);
    // The client has no call for driver properties.
    const props = await fetch(`${tyr.url}/v1/drivers/acme-test/properties`, { headers: { 'X-OpenStack-Ironic-API-Version': 'latest' } });
    expect(await props.json()).to.have.property('acme_state_dir');
  });

  it('creates a node, powers it on and off, and runs a vendor clean step', async () => {
    const created = await client.nodes.create({ name: 'acme1', driver: 'acme-test', driver_info: { acme_state_dir: bmcDir } });
    expect(created.power_interface).to.equal('acme-power');
    expect(created.deploy_interface).to.equal('acme-local');

    await client.nodes.setPowerState('acme1', 'power on');
    await waitState('acme1', 'power_state', 'power on');
    expect(fs.readFileSync(path.join(bmcDir, 'power'), 'utf8')).to.equal('on');
    await client.nodes.setPowerState('acme1', 'power off');
    await waitState('acme1', 'power_state', 'power off');
    expect(fs.readFileSync(path.join(bmcDir, 'power'), 'utf8')).to.equal('off');

    await client.nodes.setProvisionState('acme1', 'manage');
    await waitState('acme1', 'provision_state', 'manageable');
    await client.nodes.setProvisionState('acme1', 'clean', {
      clean_steps: [{ interface: 'management', step: 'acme_reset_bmc', args: { mode: 'cold' } }],
    });
    const done = await waitState('acme1', 'provision_state', 'manageable');
    expect(done.last_error).to.equal(null);
    expect(JSON.parse(fs.readFileSync(path.join(bmcDir, 'bmc-reset'), 'utf8'))).to.deep.equal({ mode: 'cold' });
  });

  it('refuses vendor driver_info the vendor implementation rejects', async () => {
    await client.nodes.create({ name: 'acme2', driver: 'acme-test', driver_info: {} });
    const refused = await apiError(client.nodes.setPowerState('acme2', 'power on'));
    expect(refused.status).to.equal(400);
    expect(refused.message).to.match(/acme_state_dir/);
  });

  describe('bad modules stop start-up with a message naming the module', () => {
    const cases: [string, string, RegExp][] = [
      ['missing file', '/nonexistent/acme.ts', /drivers\.modules: cannot load \/nonexistent\/acme\.ts/],
      ['no tyrDrivers export', 'export const somethingElse = 1;\n', /has no "tyrDrivers" export/],
      [
        'unknown kind',
        'export const tyrDrivers = { implementations: { teleport: { x: () => ({}) } } };\n',
        /unknown interface kind "teleport"/,
      ],
      [
        'name clash',
        'export const tyrDrivers = { implementations: { power: { fake: () => ({}) } } };\n',
        /power implementation named "fake" is already registered/,
      ],
      [
        'type naming a missing implementation',
        `export const tyrDrivers = { hardwareTypes: [{ name: 'x', interfaces: ${JSON.stringify({
          power: ['nope'],
          management: ['fake'],
          boot: ['fake'],
          deploy: ['fake'],
          inspect: ['no'],
          console: ['no'],
          rescue: ['no'],
          bios: ['no'],
          raid: ['no'],
          firmware: ['no'],
          vendor: ['no'],
          network: ['noop'],
          storage: ['noop'],
        })} }] };\n`,
        /hardware type "x" names power implementation\(s\) nope that no module registers/,
      ],
    ];
    for (const [what, source, message] of cases) {
      it(what, async () => {
        let file = source;
        if (!source.startsWith('/')) {
          file = path.join(tmp, `bad-${what.replace(/\W+/g, '-')}.mjs`);
          fs.writeFileSync(file, source);
        }
        const r = await runTyr(
          [
            'server',
            '--api-port',
            '0',
            '--boot-http-port',
            '0',
            '--tftp-port',
            '0',
            '--data-dir',
            path.join(tmp, `d-${what.replace(/\W+/g, '-')}`),
          ],
          { TYR_DRIVERS_MODULES: file },
          60_000,
        );
        expect(r.code).to.not.equal(0);
        expect(r.stdout + r.stderr).to.match(message);
      });
    }
  });
});
