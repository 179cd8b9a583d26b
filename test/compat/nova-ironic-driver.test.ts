// Nova 26's own ironic virt driver (nova.virt.ironic.driver.IronicDriver from Debian's
// python3-nova), unchanged, with its real openstacksdk adapter and python-ironicclient, against a
// real `tyr server` process: spawn with a config drive Nova builds itself, power off/on, soft and
// hard reboot, rebuild, rescue/unrescue, destroy, a spawn that fails validation, and the resource
// tracker's view of the nodes. The Python side is
// test/compat/nova_ironic_driver/test_ironic_driver.py; it checks Nova's answers and Tyr's nodes.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TyrClient } from '../../client/client.js';
import { startTyrServer, type TyrProcess } from '../helpers/tyr-process.js';
import { availableNode } from '../helpers/nova-harness.js';
import { runPython, testsRan, unittestFailures as failures, type PythonRun } from '../helpers/python-unittest.js';

const HERE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'nova_ironic_driver');
const TESTS = [
  'test_destroy_a_rescued_instance',
  'test_nodes_and_inventory_as_the_resource_tracker_reads_them',
  'test_power_off_on_and_reboot',
  'test_rebuild',
  'test_rescue_then_unrescue',
  'test_spawn_on_a_node_that_fails_validation',
  'test_spawn_with_config_drive_then_destroy',
];

function run(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<PythonRun> {
  return runPython(args, { cwd: HERE, env, timeoutMs });
}

describe("Nova's IronicDriver (python3-nova) against tyr server", function () {
  this.timeout(900_000);
  let tyr: TyrProcess | undefined;
  let dir = '';

  before(async () => {
    const probe = await run(['-c', 'import nova.virt.ironic.driver, nova.tests.fixtures, ironicclient'], process.env, 120_000);
    if (probe.code !== 0) {
      throw new Error(
        "python3-nova, python3-ironicclient and Nova's test dependencies are needed: run " +
          `\`bash scripts/install-system-deps.sh\`.\n${probe.out.slice(-1500)}`,
      );
    }
    const iso = await run(['-c', 'import shutil, sys; sys.exit(0 if shutil.which("genisoimage") else 1)'], process.env, 30_000);
    if (iso.code !== 0) throw new Error('Nova builds the config drive with genisoimage: apt-get install genisoimage.');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-nova-ironic-'));
    tyr = await startTyrServer(['--data-dir', path.join(dir, 'data')], { TYR_LOG_LEVEL: 'warn' });
    const client = new TyrClient({ url: tyr.url });
    // One node per instance a test holds at once, plus a spare for the inventory test.
    for (let i = 1; i <= 3; i++) {
      const node = await availableNode(client, `nova-ironic-${i}`, { resource_class: 'baremetal' });
      await client.nodes.setTraits(node.uuid, ['CUSTOM_GOLD']);
    }
    // Without automated cleaning, provide needs no deploy interface; `no` then fails a deploy's validation.
    await availableNode(client, 'nova-undeployable', { resource_class: 'baremetal', deploy_interface: 'no', automated_clean: false });
  });

  after(async () => {
    await tyr?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('spawns with a config drive, powers, reboots, rebuilds, rescues and destroys through Tyr', async () => {
    // HOME: python-ironicclient caches the negotiated version under ~/.cache.
    const env = { ...process.env, TYR_URL: tyr!.url, HOME: dir, OS_TEST_TIMEOUT: '300', PYTHONWARNINGS: 'ignore::DeprecationWarning' };
    const r = await run(['-m', 'unittest', '-v', 'test_ironic_driver'], env, 840_000);
    fs.writeFileSync(path.join(os.tmpdir(), 'tyr-nova-ironic-driver.log'), r.out);
    const ran = testsRan(r.out, 'test_ironic_driver');
    const why = `${failures(r.out)}\n(full output: ${os.tmpdir()}/tyr-nova-ironic-driver.log)`;
    expect(ran.sort(), why).to.deep.equal([...TESTS].sort());
    expect(r.code, why).to.equal(0);
    // Plain OK: nothing skipped, nothing an expected failure.
    expect(r.out, why).to.match(new RegExp(`^Ran ${TESTS.length} tests in .*\\n\\nOK$`, 'm'));
  });
});
