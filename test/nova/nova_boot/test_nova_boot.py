"""`nova boot` and the instance actions a cloud user runs, through Nova's API, scheduler,
Placement and compute manager, onto Tyr's fake-hardware nodes: the same scenarios for both
compute drivers (see base.py for the services and the fleet)."""

from nova_boot import base
from nova_boot.base import RESOURCE_CLASS, TRAIT

# What Tyr shows instead of a config drive (it keeps the drive, as Ironic, and masks it).
MASK = '******'


class BootScenarios:
    """The scenario list; mixed into one concrete class per compute driver."""

    def test_placement_offers_each_node_with_its_class_and_traits(self):
        for node in base.pool_nodes():
            rc = 'CUSTOM_' + node['resource_class'].upper().replace('-', '_')
            inventory = self._get_provider_inventory(node['uuid'])
            self.assertEqual({rc}, set(inventory), node['name'])
            self.assertEqual((1, 0), (inventory[rc]['total'], inventory[rc]['reserved']),
                             node['name'])
            traits = self._get_provider_traits(node['uuid'])
            self.assertEqual(TRAIT in node['traits'], TRAIT in traits, node['name'])

        # What the scheduler asks Placement for a gold flavor: only the nodes with both the
        # class and the trait come back.
        candidates = self.placement.get(
            '/allocation_candidates?resources=%s:1&required=%s' % (RESOURCE_CLASS, TRAIT),
            version='1.29').body
        self.assertEqual(sorted(n['uuid'] for n in base.schedulable_nodes()),
                         sorted(candidates['provider_summaries']))

    def test_create_with_config_drive_and_user_data_then_delete_frees_the_node(self):
        flavor = self._gold_flavor()
        server = self._boot(flavor)

        node_uuid = self._node_of(server)
        self.assertIn(node_uuid, [n['uuid'] for n in base.schedulable_nodes()])
        node = base.tyr_node(node_uuid)
        self.assertEqual(('active', None, 'power on'), (
            node['provision_state'], node['target_provision_state'], node['power_state']))
        self.assertEqual(server['id'], node['instance_uuid'])
        self.assertEqual(self.glance.auto_disk_config_enabled_image['id'],
                         node['instance_info']['image_source'])
        # The config drive Nova (or the shim) built from the server's user data reached Tyr.
        self.assertEqual(MASK, node['instance_info']['configdrive'])
        self.assertEqual('True', server['config_drive'])
        self.assertEqual(base.b64('#cloud-config\nhostname: web-1\n'),
                         server['OS-EXT-SRV-ATTR:user_data'])
        allocations = self._get_allocations_by_server_uuid(server['id'])
        self.assertEqual({node_uuid: {RESOURCE_CLASS: 1}},
                         {rp: a['resources'] for rp, a in allocations.items()})
        self._sync()
        self.assertFalse(self._offered(node_uuid))

        self._delete_and_wait(server)
        node = base.tyr_node(node_uuid)
        self.assertEqual({}, node['instance_info'])
        self.assertEqual({}, self._get_allocations_by_server_uuid(server['id']))
        self._sync()
        self.assertTrue(self._offered(node_uuid))

    def test_create_forced_to_a_named_node(self):
        flavor = self._gold_flavor()
        target = base.schedulable_nodes()[-1]['uuid']
        # `openstack server create --availability-zone nova:compute-1:<node>` (admin only).
        server = self._boot(flavor, api=self.admin_api,
                            availability_zone='nova:%s:%s' % (base.COMPUTE_HOST, target))
        self.assertEqual(target, self._node_of(server))
        self.assertEqual(server['id'], base.tyr_node(target)['instance_uuid'])
        self.assertEqual([target], list(self._get_allocations_by_server_uuid(server['id'])))

    def test_reboot_stop_start_rescue_unrescue_and_rebuild(self):
        server = self._boot(self._gold_flavor())
        node_uuid = self._node_of(server)

        for kind in ('SOFT', 'HARD'):
            self._act(server, {'reboot': {'type': kind}}, 'reboot', 'ACTIVE')
            self.assertEqual('power on', base.tyr_node(node_uuid)['power_state'])

        self._act(server, {'os-stop': None}, 'stop', 'SHUTOFF')
        self.assertEqual('power off', base.tyr_node(node_uuid)['power_state'])
        self._act(server, {'os-start': None}, 'start', 'ACTIVE')
        self.assertEqual('power on', base.tyr_node(node_uuid)['power_state'])

        self._act(server, {'rescue': {'adminPass': 'r3scue-me'}}, 'rescue', 'RESCUE')
        node = base.tyr_node(node_uuid)
        self.assertEqual(('rescue', server['id']), (node['provision_state'], node['instance_uuid']))
        self.assertNotIn('r3scue-me', str(node))
        self._act(server, {'unrescue': None}, 'unrescue', 'ACTIVE')
        self.assertEqual('active', base.tyr_node(node_uuid)['provision_state'])

        other_image = self.glance.image1['id']
        # Microversion 2.92: from 2.93 Nova 26's API asks every rebuild to re-image a boot
        # volume, which its own ironic driver refuses (fixed in later Nova); the openstack
        # client of the Zed era does not ask for 2.93 unless told to.
        self._act(server, {'rebuild': {'imageRef': other_image}}, 'rebuild', 'ACTIVE',
                  microversion='2.92')
        node = base.tyr_node(node_uuid)
        self.assertEqual(('active', server['id'], other_image), (
            node['provision_state'], node['instance_uuid'],
            node['instance_info']['image_source']))
        # Still the same node and the same single allocation.
        self.assertEqual(node_uuid, self._node_of(server))
        self.assertEqual([node_uuid], list(self._get_allocations_by_server_uuid(server['id'])))

    def test_a_failed_deploy_reschedules_and_holds_the_node_until_repaired(self):
        flavor = self._gold_flavor()
        # The scheduler's order is stable for the same request: the node the first server
        # lands on is the one the next is tried on first. That node's disk is then broken.
        probe = self._boot(flavor, name='probe')
        broken = self._delete_and_wait(probe)
        base.tyr_patch(broken, {'op': 'add', 'path': '/driver_info/fake_disk_failure',
                                'value': 'disk sda is read-only'})
        self.addCleanup(self._repair, broken)

        server = self._boot(flavor)

        landed = self._node_of(server)
        self.assertNotEqual(broken, landed)
        self.assertEqual(server['id'], base.tyr_node(landed)['instance_uuid'])
        self.assertEqual([landed], list(self._get_allocations_by_server_uuid(server['id'])))
        # Nova tore the failed deploy down; the cleaning that follows fails on the same disk,
        # which holds the node with the error until an operator repairs it.
        node = base.wait_for_node(broken, provision_state='clean failed')
        self.assertIn('disk sda is read-only', node['last_error'])
        self.assertIsNone(node['instance_uuid'])
        self._sync()
        self.assertFalse(self._offered(broken))

        self._repair(broken)
        self._sync()
        self.assertTrue(self._offered(broken))

    def _repair(self, node_uuid):
        """The operator's repair: fix the disk, then `baremetal node manage` and `provide`."""
        node = base.tyr_node(node_uuid)
        if 'fake_disk_failure' in node['driver_info']:
            base.tyr_patch(node_uuid, {'op': 'remove', 'path': '/driver_info/fake_disk_failure'})
        if node['provision_state'] == 'clean failed':
            base.set_provision_state(node_uuid, 'manage')
            base.wait_for_node(node_uuid, provision_state='manageable')
            base.set_provision_state(node_uuid, 'provide')
        base.wait_for_node(node_uuid, provision_state='available')

    def test_capacity_n_nodes_n_servers_then_no_valid_host(self):
        flavor = self._gold_flavor()
        nodes = base.schedulable_nodes()
        servers = [self._boot(flavor, name='web-%d' % i) for i in range(len(nodes))]
        self.assertEqual(sorted(n['uuid'] for n in nodes),
                         sorted(self._node_of(s) for s in servers))

        extra = self._boot(flavor, name='one-too-many', expected='ERROR')
        self.assertIn('No valid host', extra['fault']['message'])
        self.assertEqual({}, self._get_allocations_by_server_uuid(extra['id']))

    def test_maintenance_takes_a_node_out_of_scheduling(self):
        flavor = self._gold_flavor()
        running = self._boot(flavor, name='running')
        busy = self._node_of(running)
        idle = [n['uuid'] for n in base.schedulable_nodes() if n['uuid'] != busy]
        held = idle[0]
        for node_uuid in (held, busy):
            base.tyr('PUT', '/v1/nodes/%s/maintenance' % node_uuid, json={'reason': 'fan'})
            self.addCleanup(base.tyr, 'DELETE', '/v1/nodes/%s/maintenance' % node_uuid)
        self._sync()

        # Nova still knows both nodes; neither is offered, and the running server keeps its
        # node and its allocation.
        self.assertFalse(self._offered(held))
        self.assertFalse(self._offered(busy))
        self.assertEqual([busy], list(self._get_allocations_by_server_uuid(running['id'])))
        self.assertEqual('ACTIVE', self.api.get_server(running['id'])['status'])
        others = [self._boot(flavor, name='web-%d' % i) for i in range(len(idle) - 1)]
        self.assertNotIn(held, [self._node_of(s) for s in others])
        self._boot(flavor, name='no-room', expected='ERROR')

        base.tyr('DELETE', '/v1/nodes/%s/maintenance' % held)
        self._sync()
        self.assertTrue(self._offered(held))


class TyrDriverBootTest(base.NovaBootTestBase, BootScenarios):
    DRIVER = 'tyr'


class IronicDriverBootTest(base.NovaBootTestBase, BootScenarios):
    DRIVER = 'ironic'
