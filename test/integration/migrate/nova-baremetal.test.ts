// The migration from each nova-baremetal schema variant (SQLite sources), checked through Tyr's
// API as a client would see it: nodes, ports, masked passwords, and the degraded mode.
import { expect } from 'chai';
import fs from 'node:fs';
import { migrateNovaBaremetal } from '../../../migrate/run.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { FIXTURE_PASSWORDS, fixtureScript, instance, OPTIONS, sqliteSource, tyrTarget, uuid, VARIANTS } from './sources.js';

const L = { version: '1.82' };

for (const variant of VARIANTS) {
  describe(`migrate nova-baremetal: ${variant} schema (SQLite source)`, function () {
    this.timeout(60_000);
    let api: ApiHarness;
    let printed: string[];
    let report: Awaited<ReturnType<typeof migrateNovaBaremetal>>['report'];
    const target = tyrTarget();

    before(async () => {
      const source = sqliteSource(fixtureScript(variant));
      const store = await target.open();
      printed = [];
      try {
        ({ report } = await migrateNovaBaremetal(
          store,
          target.config,
          { ...OPTIONS, source, reportFile: `${target.dir}/report.json` },
          (t) => printed.push(t),
        ));
      } finally {
        await store.close();
      }
      api = await startApi({ database: { url: target.url } });
    });
    after(async () => {
      await api?.stop();
      fs.rmSync(target.dir, { recursive: true, force: true });
    });

    it('detects the schema and counts migrated, skipped and invalid rows with reasons', () => {
      expect(report.schema_variant).to.equal(variant);
      expect(report.counts).to.deep.equal({
        nodes: { migrated: 6, skipped: 1, invalid: 1 },
        ports: { migrated: 9, skipped: 1, invalid: 3 },
      });
      expect(report.skipped.find((e) => e.table === 'bm_nodes'))
        .to.include({ id: 4 })
        .and.to.have.property('reason')
        .that.match(/soft-deleted/);
      expect(report.invalid.find((e) => e.table === 'bm_nodes'))
        .to.include({ id: 7 })
        .and.to.have.property('reason')
        .that.match(/missing pm_address/);
      const reasons = report.invalid.filter((e) => e.table === 'bm_interfaces').map((e) => e.reason);
      expect(
        reasons.some((r) => /duplicate MAC 52:54:00:00:01:01 on node .*5: also on node .*1/.test(r)),
        reasons.join('\n'),
      ).to.equal(true);
      expect(
        reasons.some((r) => /invalid MAC "52:54:00:zz:08:01"/.test(r)),
        reasons.join('\n'),
      ).to.equal(true);
      expect(report.warnings.some((w) => /virtual power driver; migrated as fake-hardware/.test(w))).to.equal(true);
      const onDisk = JSON.parse(fs.readFileSync(`${target.dir}/report.json`, 'utf8'));
      expect(onDisk.counts).to.deep.equal(report.counts);
    });

    it('never prints or reports a password', () => {
      const text = printed.join('\n') + fs.readFileSync(`${target.dir}/report.json`, 'utf8');
      for (const pw of FIXTURE_PASSWORDS) expect(text).not.to.include(pw);
    });

    it('keeps UUIDs and maps an active node: ipmi driver_info (password masked), properties, instance, power', async () => {
      const r = await api.call('GET', `/v1/nodes/${uuid(1)}`, undefined, L);
      expect(r.status, r.message).to.equal(200);
      const n = r.body;
      expect(n).to.include({ driver: 'ipmi', provision_state: 'active', power_state: 'power on', instance_uuid: instance(1) });
      expect(n.driver_info).to.deep.include({
        ipmi_address: '10.1.0.11',
        ipmi_username: 'admin',
        ipmi_password: '******',
        deploy_kernel: OPTIONS.deployKernel,
        deploy_ramdisk: OPTIONS.deployRamdisk,
      });
      expect(n.properties).to.deep.equal({ cpus: 8, memory_mb: 32768, local_gb: 500, cpu_arch: 'x86_64' });
      expect(n.instance_info).to.deep.include({ root_gb: 20, swap_mb: 1024, display_name: 'web-1' });
      if (variant === 'icehouse') expect(n.instance_info).to.deep.include({ ephemeral_gb: 4, preserve_ephemeral: true });
      expect(n.driver_internal_info).to.include({ migrated_from: 'nova-baremetal' });
      expect(JSON.stringify(n)).not.to.include('s3cret-one');
    });

    it('idle nodes become available; soft-deleted and invalid ones are absent', async () => {
      expect((await api.call('GET', `/v1/nodes/${uuid(3)}`, undefined, L)).body).to.include({
        provision_state: 'available',
        instance_uuid: null,
      });
      expect((await api.call('GET', `/v1/nodes/${uuid(4)}`, undefined, L)).status).to.equal(404);
      expect((await api.call('GET', `/v1/nodes/${uuid(7)}`, undefined, L)).status).to.equal(404);
      const list = await api.call('GET', '/v1/nodes', undefined, L);
      expect(list.body.nodes).to.have.length(6);
    });

    it('interfaces become ports: MAC, pxe_enabled, vif_uuid, local_link_connection, prov VLAN', async () => {
      const ports = (await api.call('GET', `/v1/ports/detail?node=${uuid(2)}`, undefined, L)).body.ports as any[];
      expect(ports.map((p) => p.address).sort()).to.deep.equal([
        '52:54:00:00:02:01',
        '52:54:00:00:02:02',
        '52:54:00:00:02:03',
        '52:54:00:00:02:04',
      ]);
      const p2 = ports.find((p) => p.address === '52:54:00:00:02:02');
      expect(p2.extra).to.include({ vif_uuid: 'f1f00000-0000-4000-8000-000000000002' });
      expect(p2.local_link_connection).to.deep.equal({ switch_id: 'a0:b1:c2:d3:e4:f5', switch_info: '0000a0b1c2d3e4f5', port_id: '11' });
      const pxe = ports.filter((p) => p.pxe_enabled).map((p) => p.address);
      expect(pxe).to.deep.equal(variant === 'grizzly' ? ['52:54:00:00:02:01'] : ports.map((p) => p.address));
      const n1 = (await api.call('GET', `/v1/ports/detail?node=${uuid(1)}`, undefined, L)).body.ports as any[];
      expect(n1).to.have.length(1);
      if (variant === 'grizzly') {
        expect(n1[0].extra).to.include({ prov_vlan_id: 100 });
        expect(n1[0].physical_network).to.equal('prov-vlan-100');
      }
      expect((await api.call('GET', `/v1/nodes/${uuid(5)}/ports`, undefined, L)).body.ports.map((p: any) => p.address)).to.deep.equal([
        '52:54:00:00:05:02',
      ]);
    });

    it('degraded mode: rescue and rebuild are refused with the reason; power works on the fake-hardware node', async () => {
      const virt = (await api.call('GET', `/v1/nodes/${uuid(6)}`, undefined, L)).body;
      expect(virt).to.include({ driver: 'fake-hardware', provision_state: 'active' });
      for (const [target, extra] of [
        ['rescue', { rescue_password: 'x' }],
        ['rebuild', {}],
      ] as const) {
        const r = await api.call('PUT', `/v1/nodes/${uuid(1)}/states/provision`, { target, ...extra }, L);
        expect(r.status, r.message).to.equal(400);
        expect(r.message).to.match(new RegExp(`migrated from nova-baremetal .*Tyr has not deployed it yet.*"${target}" is refused`));
      }
      const reboot = await api.call('PUT', `/v1/nodes/${uuid(6)}/states/power`, { target: 'rebooting' }, L);
      expect(reboot.status, reboot.message).to.equal(202);
      const off = await api.call('PUT', `/v1/nodes/${uuid(6)}/states/power`, { target: 'power off' }, L);
      expect(off.status, off.message).to.equal(202);
      await api.server.conductor.idle();
      expect((await api.call('GET', `/v1/nodes/${uuid(6)}/states`, undefined, L)).body).to.include({ power_state: 'power off' });
    });

    it('undeploy returns a migrated node to the pool; after a Tyr deploy, rebuild is accepted', async () => {
      const u = `/v1/nodes/${uuid(6)}/states/provision`;
      expect((await api.call('PUT', u, { target: 'deleted' }, L)).status).to.equal(202);
      await api.server.conductor.idle();
      expect((await api.call('GET', `/v1/nodes/${uuid(6)}`, undefined, L)).body).to.include({
        provision_state: 'available',
        instance_uuid: null,
      });
      const deploy = await api.call('PUT', u, { target: 'active' }, L);
      expect(deploy.status, deploy.message).to.equal(202);
      await api.server.conductor.idle();
      const node = (await api.call('GET', `/v1/nodes/${uuid(6)}`, undefined, L)).body;
      expect(node.provision_state, node.last_error).to.equal('active');
      expect(node.driver_internal_info).not.to.have.property('migrated_from');
      const rebuild = await api.call('PUT', u, { target: 'rebuild' }, L);
      expect(rebuild.status, rebuild.message).to.equal(202);
      await api.server.conductor.idle();
    });

    it('refuses to run while a conductor is alive', async () => {
      const store = await target.open();
      try {
        const err = await migrateNovaBaremetal(store, target.config, { ...OPTIONS, source: sqliteSource(fixtureScript(variant)) }).then(
          () => undefined,
          (e: Error) => e,
        );
        expect(err?.message).to.match(/conductor .* is alive .*stop tyr server before migrating/);
      } finally {
        await store.close();
      }
    });
  });
}
