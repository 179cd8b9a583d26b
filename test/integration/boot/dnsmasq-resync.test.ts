// The dnsmasq resync between full rebuilds (core/boot/dnsmasq/pxe-host-sync.ts): a pass reads only
// the ports and nodes written since the last one, plus a count of PXE ports for deletions, so
// ports added, changed or deleted between passes reach dnsmasq's host files without a scan of the
// ports and nodes tables. The real dnsmasq runs in a network namespace this test creates (root);
// the store is real SQLite, and the sync logic is also checked on PostgreSQL.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDhcpService, type DhcpService } from '../../../core/boot/dnsmasq/dhcp-service.js';
import { PxeHostSync } from '../../../core/boot/dnsmasq/pxe-host-sync.js';
import { loadConfig } from '../../../core/config-load.js';
import type { Store } from '../../../core/db/store.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { forEachDialect, freshStore } from '../../helpers/databases.js';
import { createNetns, type TestNetns } from '../../helpers/netns.js';
import { requireTool } from '../../helpers/tools.js';

const SECURE = { capabilities: 'boot_mode:uefi,secure_boot:true' };

/** Counts the full-table reads (the paged lists of all PXE ports and all nodes) the store serves. */
function countFullScans(store: Store): { scans: () => number } {
  let scans = 0;
  for (const repo of [store.ports, store.nodes] as const) {
    const list = repo.list.bind(repo) as (...a: unknown[]) => Promise<unknown>;
    (repo as { list: unknown }).list = (...args: unknown[]) => {
      scans++;
      return list(...args);
    };
  }
  return { scans: () => scans };
}

describe('dnsmasq resync: only what changed between full rebuilds (real dnsmasq in a namespace, SQLite)', function () {
  this.timeout(60_000);
  let net: TestNetns;
  let work: string;
  let store: Store;
  let dhcp: DhcpService | undefined;
  const cap = captureLogger();

  before(async () => {
    requireTool('dnsmasq', ['/usr/sbin/dnsmasq']);
    net = createNetns();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-dnsmasq-resync-'));
    store = await freshStore('sqlite');
  });
  after(async () => {
    await dhcp?.stop();
    await store?.close();
    net?.destroy();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const hostFile = (mac: string) => fs.readFileSync(path.join(dhcp!.dnsmasq.hostsDir, mac.replace(/:/g, '-')), 'utf8').trim();

  it('a port added, and one deleted, between passes shows up and goes without a full rebuild', async () => {
    const node = await store.nodes.create({ driver: 'fake-hardware' });
    await store.ports.create({ node_id: node.id, address: '52:54:00:cc:00:01', pxe_enabled: true });
    dhcp = await startDhcpService({
      config: loadConfig({
        env: {},
        overrides: {
          service: { data_dir: work },
          boot: { dhcp_mode: 'dnsmasq', dhcp_interface: net.bridge, dhcp_range: net.dhcpRange, tftp_address: net.hostAddress },
        },
      }),
      store,
      log: cap.log,
      bootUrl: `http://${net.hostAddress}:8080`,
      netns: net.name,
      tftp: false,
      // The test drives the passes itself; no full rebuild falls due while it runs.
      resyncMs: 3_600_000,
      fullResyncMs: 3_600_000,
    });
    expect(hostFile('52:54:00:cc:00:01')).to.equal('52:54:00:cc:00:01,set:tyr-known');
    const full = countFullScans(store);

    const secureNode = await store.nodes.create({ driver: 'fake-hardware', properties: SECURE });
    const added = await store.ports.create({ node_id: secureNode.id, address: '52:54:00:CC:00:02', pxe_enabled: true });
    await dhcp.resync();
    expect(hostFile('52:54:00:cc:00:02')).to.equal('52:54:00:cc:00:02,set:tyr-known,set:tyr-secureboot');

    await store.ports.delete(added.id);
    await dhcp.resync();
    // dnsmasq is never sent SIGHUP, so a MAC keeps its file; it loses its tags (host-table.ts).
    expect(hostFile('52:54:00:cc:00:02')).to.equal('52:54:00:cc:00:02,set:tyr-seen');
    expect(hostFile('52:54:00:cc:00:01')).to.equal('52:54:00:cc:00:01,set:tyr-known');
    expect(full.scans(), 'full-table reads during the incremental passes').to.equal(0);

    await dhcp.rebuild();
    expect(full.scans(), 'a rebuild reads the ports and the nodes').to.be.greaterThan(0);
    expect(hostFile('52:54:00:cc:00:02')).to.equal('52:54:00:cc:00:02,set:tyr-seen');
  });
});

forEachDialect('PxeHostSync: incremental passes agree with a full rebuild', (ctx) => {
  it('follows additions, MAC and pxe_enabled changes, Secure Boot changes and deletions, with no full read', async () => {
    const { store } = ctx;
    const a = await store.nodes.create({ driver: 'fake-hardware' });
    const pa = await store.ports.create({ node_id: a.id, address: '52:54:00:dd:00:01', pxe_enabled: true });
    const sync = new PxeHostSync(store);
    expect(await sync.rebuild()).to.deep.equal({ macs: ['52:54:00:dd:00:01'], secureBoot: [] });
    const full = countFullScans(store);
    const sorted = (h: { macs: string[]; secureBoot: string[] }) => ({ macs: [...h.macs].sort(), secureBoot: [...h.secureBoot].sort() });

    const b = await store.nodes.create({ driver: 'fake-hardware', properties: SECURE });
    const pb = await store.ports.create({ node_id: b.id, address: '52:54:00:dd:00:02', pxe_enabled: true });
    await store.ports.create({ node_id: b.id, address: '52:54:00:dd:00:03', pxe_enabled: false });
    expect(sorted(await sync.catchUp())).to.deep.equal({
      macs: ['52:54:00:dd:00:01', '52:54:00:dd:00:02'],
      secureBoot: ['52:54:00:dd:00:02'],
    });

    await store.ports.update(pa.id, { address: '52:54:00:dd:00:11' });
    await store.nodes.update(b.id, { properties: {} });
    expect(sorted(await sync.catchUp())).to.deep.equal({ macs: ['52:54:00:dd:00:02', '52:54:00:dd:00:11'], secureBoot: [] });

    await store.ports.update(pb.id, { pxe_enabled: false });
    await store.ports.delete(pa.id);
    expect(await sync.catchUp()).to.deep.equal({ macs: [], secureBoot: [] });
    expect(full.scans()).to.equal(0);

    // What the passes built is what a full read finds.
    const c = await store.nodes.create({ driver: 'fake-hardware', properties: SECURE });
    await store.ports.create({ node_id: c.id, address: '52:54:00:dd:00:04', pxe_enabled: true });
    const incremental = sorted(await sync.catchUp());
    expect(incremental).to.deep.equal(sorted(await new PxeHostSync(store).rebuild()));
    expect(incremental).to.deep.equal({ macs: ['52:54:00:dd:00:04'], secureBoot: ['52:54:00:dd:00:04'] });
  });
});
