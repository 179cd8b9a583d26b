// Runs the Python suites of driver/python (TyrDriver with Debian's real Nova code: its objects,
// its ProviderTree, and Nova's generic virt-driver test case) against a real `tyr server`
// process and the shim (in this process; `tyr nova-shim` itself is tested in cli.test.ts).
// Both run with http_basic, as in production: the adapter logs in to the shim with [tyr]
// username/password, and the shim to the core as its own user. The Python side lives in
// driver/python/tests.
import { expect } from 'chai';
import bcrypt from 'bcryptjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TyrClient } from '../../../client/client.js';
import { SHIM_DEFAULTS, startShim, type RunningShim } from '../../../driver/server.js';
import { startTyrServer, type TyrProcess } from '../../helpers/tyr-process.js';
import { availableNode } from '../../helpers/nova-harness.js';
import { runPython } from '../../helpers/python-unittest.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CORE_PASSWORD = 'sh1m-to-core';
const SHIM_PASSWORD = 'c0mpute-to-shim';
/** The generic tests TyrDriver cannot pass, each with its reason in test_virt_drivers_tyr.py. */
const EXPECTED_SKIPS = [
  'test_rescue',
  'test_unrescue_rescued_instance',
  'test_get_serial_console',
  'test_live_migration',
  'test_live_migration_force_complete',
];

describe('Nova adapter (Python, Debian python3-nova) against the shim and core', function () {
  this.timeout(900_000);
  let core: TyrProcess | undefined;
  let shim: RunningShim | undefined;
  let dataDir = '';

  before(async function () {
    const probe = await runPython(['-c', 'import nova.tests.unit.virt.test_virt_drivers, requests'], {
      cwd: ROOT,
      env: process.env,
      timeoutMs: 120_000,
    });
    if (probe.code !== 0) {
      throw new Error(
        `python3-nova and Nova's test dependencies are needed: run \`bash scripts/install-system-deps.sh\` ` +
          `(apt-get install python3-nova python3-oslotest python3-fixtures python3-testtools python3-ddt python3-wsgi-intercept).\n${probe.out.slice(-1500)}`,
      );
    }
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-nova-py-'));
    fs.writeFileSync(path.join(dataDir, 'core-users'), `nova-shim:${bcrypt.hashSync(CORE_PASSWORD, 4)}\n`);
    fs.writeFileSync(path.join(dataDir, 'shim-users'), `compute:${bcrypt.hashSync(SHIM_PASSWORD, 4)}\n`);
    core = await startTyrServer(['--data-dir', path.join(dataDir, 'data'), '--auth-strategy', 'http_basic'], {
      TYR_LOG_LEVEL: 'warn',
      TYR_API_HTPASSWD_FILE: path.join(dataDir, 'core-users'),
    });
    const client = new TyrClient({ url: core.url, username: 'nova-shim', password: CORE_PASSWORD });
    for (let i = 1; i <= 4; i++) await availableNode(client, `tyr-free-${i}`, { resource_class: 'baremetal' });
    // Without automated cleaning, provide needs no deploy interface (interfaces change only before provide).
    await availableNode(client, 'tyr-nodeploy', { resource_class: 'baremetal', deploy_interface: 'no', automated_clean: false });
    shim = await startShim({
      ...SHIM_DEFAULTS,
      port: 0,
      coreUrl: core.url,
      coreUsername: 'nova-shim',
      corePassword: CORE_PASSWORD,
      cacheTtlMs: 2000,
      pollIntervalMs: 200,
      auth: {
        strategy: 'http_basic',
        htpasswdFile: path.join(dataDir, 'shim-users'),
        readerUsers: '',
        failuresPerMinute: 10,
        realm: 'Tyr Nova shim',
      },
    });
  });

  after(async () => {
    await shim?.stop();
    await core?.kill();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("passes the adapter suite and Nova's generic virt-driver tests, skipping only the recorded ones", async () => {
    const env = {
      ...process.env,
      PYTHONPATH: path.join(ROOT, 'driver/python'),
      TYR_TEST_SHIM_URL: shim!.url,
      TYR_TEST_CORE_URL: core!.url,
      OS_TEST_TIMEOUT: '300',
      TYR_TEST_SHIM_AUTH: `compute:${SHIM_PASSWORD}`,
      TYR_TEST_CORE_AUTH: `nova-shim:${CORE_PASSWORD}`,
    };
    const r = await runPython(['-m', 'unittest', '-v', 'tests.test_adapter', 'tests.test_virt_drivers_tyr'], {
      cwd: ROOT,
      env: { ...env, PWD: path.join(ROOT, 'driver/python') },
      timeoutMs: 840_000,
    });
    const ran = Number(/Ran (\d+) tests?/.exec(r.out)?.[1] ?? 0);
    fs.writeFileSync(path.join(os.tmpdir(), 'tyr-nova-python.log'), r.out);
    expect(r.code, r.out.slice(-8000)).to.equal(0);
    expect(ran, 'tests run').to.be.greaterThan(60);
    const skipped = [...r.out.matchAll(/\.(test_\w+) \.\.\. skipped/g)].map((m) => m[1]);
    expect(skipped.sort()).to.deep.equal([...EXPECTED_SKIPS].sort());
    expect(r.out).to.contain('test_spawn_reaches_active_with_instance_info_and_vifs');
  });
});
