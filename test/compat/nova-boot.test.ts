// `nova boot` for real (issue #23): Nova's own nova-api, conductor, scheduler, Placement and
// nova-compute (Debian's python3-nova and python3-placement, started in-process by Nova's
// functional-test fixtures) against a real `tyr server` process with fake-hardware nodes. The
// same scenarios run with each compute driver: tyr_nova.TyrDriver through the shim, and Nova's
// stock IronicDriver straight to the core. The Python side is test/nova/nova_boot.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNovaFleet, type NovaFleet } from '../helpers/nova-fleet.js';
import { runPython, testsRan, unittestFailures } from '../helpers/python-unittest.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SUITE_DIR = path.join(ROOT, 'test/nova');
const MODULE = 'nova_boot.test_nova_boot';

/** What python3 must import for the suite: Nova's functional fixtures and Placement's. */
const PROBE = 'import nova.tests.functional.integrated_helpers, placement.tests.functional.fixtures, ironicclient';

const DRIVERS = [
  { name: 'tyr_nova.TyrDriver (through the shim)', testCase: 'TyrDriverBootTest' },
  { name: "Nova's ironic.IronicDriver (straight to the core)", testCase: 'IronicDriverBootTest' },
];

/** The scenario list both drivers must pass, test for test. */
const SCENARIOS = [
  'test_placement_offers_each_node_with_its_class_and_traits',
  'test_create_with_config_drive_and_user_data_then_delete_frees_the_node',
  'test_create_forced_to_a_named_node',
  'test_reboot_stop_start_rescue_unrescue_and_rebuild',
  'test_a_failed_deploy_reschedules_and_holds_the_node_until_repaired',
  'test_capacity_n_nodes_n_servers_then_no_valid_host',
  'test_maintenance_takes_a_node_out_of_scheduling',
];

describe('nova boot through Nova API, scheduler and Placement onto Tyr (python3-nova functional fixtures)', function () {
  this.timeout(600_000);
  let fleet: NovaFleet | undefined;

  before(async () => {
    const probe = await runPython(['-c', PROBE], { cwd: SUITE_DIR, env: process.env, timeoutMs: 120_000 });
    if (probe.code !== 0) {
      throw new Error(
        "python3-nova, python3-placement and Nova's test dependencies are needed: run `sudo bash scripts/install-system-deps.sh`.\n" +
          probe.out.slice(-1500),
      );
    }
    fleet = await startNovaFleet();
  });

  after(async () => {
    await fleet?.stop();
  });

  for (const driver of DRIVERS) {
    it(`passes every scenario with ${driver.name}`, async () => {
      const env = {
        ...process.env,
        ...fleet!.env,
        PYTHONPATH: [path.join(ROOT, 'driver/python'), SUITE_DIR].join(path.delimiter),
        OS_TEST_TIMEOUT: '240',
        PYTHONWARNINGS: 'ignore::DeprecationWarning',
      };
      const r = await runPython(['-m', 'unittest', '-v', `${MODULE}.${driver.testCase}`], { cwd: SUITE_DIR, env, timeoutMs: 540_000 });
      const log = path.join(os.tmpdir(), `tyr-nova-boot-${driver.testCase}.log`);
      fs.writeFileSync(log, r.out);
      const why = `${unittestFailures(r.out)}\n(full output: ${log})`;
      expect(testsRan(r.out, `${MODULE}.${driver.testCase}`).sort(), why).to.deep.equal([...SCENARIOS].sort());
      expect(r.code, why).to.equal(0);
      expect(r.out, why).to.match(new RegExp(`^Ran ${SCENARIOS.length} tests? in .*\\n\\nOK$`, 'm'));
    });
  }
});
