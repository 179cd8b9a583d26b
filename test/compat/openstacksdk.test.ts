// openstacksdk's own baremetal functional tests (Debian's python3-openstacksdk), unchanged, run
// against a real `tyr server` process: the check that Tyr answers as Ironic does for the client
// library Nova and the `openstack` CLI are built on. The only adaptation is in
// openstacksdk_runner.py (require_service asks the baremetal adapter for endpoint data).
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTyrServer, type TyrProcess } from '../helpers/tyr-process.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';
/** How many tests Debian's python3-openstacksdk 0.101 ships for the baremetal service. */
const EXPECTED_TESTS = 70;

function run(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(PYTHON, args, { cwd: HERE, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

export function writeCloudsYaml(dir: string, url: string): string {
  const file = path.join(dir, 'clouds.yaml');
  const cloud = (name: string) => `  ${name}:\n    auth_type: none\n    baremetal_endpoint_override: ${url}\n    region_name: RegionOne\n`;
  fs.writeFileSync(file, `clouds:\n${['devstack', 'devstack-admin', 'devstack-alt'].map(cloud).join('')}`);
  return file;
}

describe('openstacksdk functional suite (baremetal) against tyr server', function () {
  this.timeout(1_200_000);
  let tyr: TyrProcess | undefined;
  let dir = '';

  before(async () => {
    const probe = await run(['-c', 'import openstack.tests.functional.baremetal'], process.env, 60_000);
    if (probe.code !== 0)
      throw new Error(`python3-openstacksdk is needed: run \`bash scripts/install-system-deps.sh\`.\n${probe.out.slice(-800)}`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-sdk-'));
    tyr = await startTyrServer(['--data-dir', path.join(dir, 'data')], { TYR_LOG_LEVEL: 'warn' });
  });

  after(async () => {
    await tyr?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`passes all ${EXPECTED_TESTS} tests, none skipped`, async () => {
    const env = {
      ...process.env,
      OS_CLIENT_CONFIG_FILE: writeCloudsYaml(dir, tyr!.url),
      OS_CLOUD: 'devstack-admin',
      OS_TEST_TIMEOUT: '60',
      OPENSTACKSDK_FUNC_TEST_TIMEOUT: '60',
      HOME: dir,
    };
    const r = await run(['openstacksdk_runner.py'], env, 1_100_000);
    const summary = /openstacksdk functional: ran=(\d+) failures=(\d+) errors=(\d+) skipped=(\d+)/.exec(r.out);
    expect(summary, r.out.slice(-4000)).to.not.equal(null);
    const [ran, failures, errors, skipped] = summary!.slice(1).map(Number);
    expect({ ran, failures, errors, skipped }, r.out.slice(-20000)).to.deep.equal({
      ran: EXPECTED_TESTS,
      failures: 0,
      errors: 0,
      skipped: 0,
    });
    expect(r.code).to.equal(0);
  });
});
