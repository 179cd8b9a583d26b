"""TyrDriver against a running shim and core with fake-hardware nodes, using Nova's real
objects (Instance, Flavor, ImageMeta, network_info) the way nova-compute calls the driver."""

import os
import unittest

import fixtures
import nova.virt

from nova.compute import manager
from nova.compute import power_state
from nova.compute import provider_tree
from nova.compute import task_states
from nova.compute import vm_states
from nova import context
from nova import exception
from nova import objects
from nova import test
from nova.tests.unit import utils as test_utils
from nova.virt import fake
from nova.virt import hardware
from oslo_utils import uuidutils

import tyr_nova
from tests import base

IMAGE_ID = '6b4a2a4e-3f5c-4c8f-9a51-0c3e6d2b1a77'


@unittest.skipUnless(base.SHIM_URL and base.CORE_URL, base.NOT_STARTED)
class TyrDriverAdapterTestCase(test.TestCase):

    def setUp(self):
        super(TyrDriverAdapterTestCase, self).setUp()
        base.shim_flags(self, deploy_timeout=120)
        self.flags(host='compute-1')
        self.driver = tyr_nova.TyrDriver(fake.FakeVirtAPI())
        self.ctxt = context.get_admin_context()
        self.addCleanup(base.destroy_all)
        self.image = objects.ImageMeta.from_dict({
            'id': IMAGE_ID,
            'properties': {'trait:CUSTOM_IMG': 'required'}})
        self.network_info = test_utils.get_test_network_info()

    def _spawn(self, node=None, **updates):
        instance = base.placed_instance(self.ctxt, node, **updates)
        instance.flavor.extra_specs = {'capabilities:boot_mode': 'uefi',
                                       'trait:CUSTOM_GOLD': 'required'}
        self.driver.spawn(self.ctxt, instance, self.image, [], 'pw', {},
                          network_info=self.network_info)
        return instance

    def test_spawn_reaches_active_with_instance_info_and_vifs(self):
        instance = self._spawn()
        node = base.core_node(instance.node)
        self.assertEqual('active', node['provision_state'])
        self.assertEqual(instance.uuid, node['instance_uuid'])
        ii = node['instance_info']
        flavor = instance.flavor
        self.assertEqual(IMAGE_ID, ii['image_source'])
        self.assertEqual(str(flavor.root_gb), ii['root_gb'])
        self.assertEqual(str(flavor.memory_mb), ii['memory_mb'])
        self.assertEqual(str(flavor.vcpus), ii['vcpus'])
        self.assertEqual('web-1', ii['display_name'])
        self.assertEqual('compute-1', ii['nova_host_id'])
        self.assertEqual(['CUSTOM_GOLD', 'CUSTOM_IMG'], ii['traits'])
        self.assertTrue(ii['configdrive'])
        vifs = base.core('GET', '/v1/nodes/%s/vifs' % instance.node)['vifs']
        self.assertEqual([{'id': self.network_info[0]['id']}], vifs)
        self.assertIn(instance.name, self.driver.list_instances())
        self.assertIn(instance.uuid, self.driver.list_instance_uuids())
        self.assertTrue(self.driver.instance_exists(instance))

    def test_rebuild_redeploys_and_moves_the_task_to_rebuild_spawning(self):
        instance = self._spawn()
        # What ComputeManager.rebuild_instance has set when it calls the driver; it saves the
        # instance afterwards expecting REBUILD_SPAWNING.
        instance.task_state = task_states.REBUILDING
        instance.save()
        other = objects.ImageMeta.from_dict({'id': uuidutils.generate_uuid(), 'properties': {}})
        self.driver.rebuild(self.ctxt, instance, other, [], 'pw', {}, [], None, None,
                            network_info=self.network_info)
        instance.refresh()
        self.assertEqual(task_states.REBUILD_SPAWNING, instance.task_state)
        node = base.core_node(instance.node)
        self.assertEqual(('active', instance.uuid), (node['provision_state'], node['instance_uuid']))
        self.assertEqual(other.id, node['instance_info']['image_source'])

    def test_get_info_reboot_and_power(self):
        instance = self._spawn()
        info = self.driver.get_info(instance)
        self.assertIsInstance(info, hardware.InstanceInfo)
        self.assertEqual(power_state.RUNNING, info.state)
        self.driver.power_off(instance)
        self.assertEqual(power_state.SHUTDOWN, self.driver.get_info(instance).state)
        self.assertEqual('power off', base.core_node(instance.node)['power_state'])
        self.driver.power_on(self.ctxt, instance, self.network_info)
        self.assertEqual(power_state.RUNNING, self.driver.get_info(instance).state)
        for kind in ('SOFT', 'HARD'):
            self.driver.reboot(self.ctxt, instance, self.network_info, kind)
            self.assertEqual(power_state.RUNNING,
                             self.driver.get_info(instance).state)
        self.driver.trigger_crash_dump(instance)

    def test_rescue_and_unrescue(self):
        instance = self._spawn()
        self.driver.rescue(self.ctxt, instance, self.network_info, self.image,
                           's3cret', None)
        self.assertEqual('rescue', base.core_node(instance.node)['provision_state'])
        self.driver.unrescue(self.ctxt, instance)
        self.assertEqual('active', base.core_node(instance.node)['provision_state'])

    def test_destroy_frees_the_node(self):
        instance = self._spawn()
        self.driver.destroy(self.ctxt, instance, self.network_info)
        node = base.core_node(instance.node)
        self.assertIsNone(node['instance_uuid'])
        self.assertIn(node['provision_state'], ('cleaning', 'available'))
        self.assertFalse(self.driver.instance_exists(instance))
        self.assertRaises(exception.InstanceNotFound, self.driver.get_info,
                          instance)
        # Nova destroys again after failures: nothing left is not an error.
        self.driver.destroy(self.ctxt, instance, self.network_info)

    def test_available_nodes_resources_and_provider_tree(self):
        nodes = self.driver.get_available_nodes(refresh=True)
        free = base.free_node()
        self.assertIn(free, nodes)
        self.assertTrue(self.driver.node_is_available(free))
        self.assertFalse(self.driver.node_is_available(uuidutils.generate_uuid()))
        res = self.driver.get_available_resource(free)
        self.assertEqual(free, res['hypervisor_hostname'])
        self.assertEqual([('x86_64', 'baremetal', 'hvm')],
                         res['supported_instances'])
        tree = provider_tree.ProviderTree()
        tree.new_root(free, uuidutils.generate_uuid())
        self.driver.update_provider_tree(tree, free)
        unit = {'total': 1, 'min_unit': 1, 'max_unit': 1, 'step_size': 1,
                'allocation_ratio': 1.0}
        self.assertEqual({'CUSTOM_BAREMETAL': dict(unit, reserved=0)},
                         tree.data(free).inventory)
        instance = self._spawn(node=free)
        self.driver.get_available_nodes(refresh=True)
        self.driver.update_provider_tree(tree, instance.node)
        self.assertEqual({'CUSTOM_BAREMETAL': dict(unit, reserved=1)},
                         tree.data(free).inventory)

    def test_spawn_failure_raises_and_cleans_up(self):
        node = base.core_node(base.NO_DEPLOY)
        instance = base.placed_instance(self.ctxt, node['uuid'])
        exc = self.assertRaises(exception.InstanceDeployFailure,
                                self.driver.spawn, self.ctxt, instance,
                                self.image, [], 'pw', {},
                                network_info=self.network_info)
        self.assertIn('Failed to request Tyr to provision instance %s'
                      % instance.uuid, str(exc))
        after = base.core_node(node['uuid'])
        self.assertIsNone(after['instance_uuid'])
        self.assertEqual({}, after['instance_info'])
        self.assertEqual([], base.core('GET', '/v1/nodes/%s/vifs'
                                       % node['uuid'])['vifs'])

    def test_spawn_on_a_busy_node_is_resources_unavailable(self):
        first = self._spawn()
        second = base.placed_instance(self.ctxt, first.node)
        self.assertRaises(exception.ComputeResourcesUnavailable,
                          self.driver.spawn, self.ctxt, second, self.image,
                          [], 'pw', {}, network_info=[])

    def test_power_update_event_saves_the_instance(self):
        instance = self._spawn()
        instance.task_state = task_states.POWERING_OFF
        instance.save()
        self.driver.power_update_event(instance, 'POWER_OFF')
        instance.refresh()
        self.assertEqual(power_state.SHUTDOWN, instance.power_state)
        self.assertEqual(vm_states.STOPPED, instance.vm_state)
        self.assertIsNone(instance.task_state)

    def test_interfaces(self):
        instance = self._spawn()
        vif = self.network_info[0]
        self.driver.unplug_vifs(instance, self.network_info)
        self.driver.plug_vifs(instance, self.network_info)
        self.driver.detach_interface(self.ctxt, instance, vif)
        self.driver.attach_interface(self.ctxt, instance, self.image, vif)
        vifs = base.core('GET', '/v1/nodes/%s/vifs' % instance.node)['vifs']
        self.assertEqual([{'id': vif['id']}], vifs)
        self.assertRaises(exception.ConsoleTypeUnavailable,
                          self.driver.get_serial_console, self.ctxt, instance)

    def test_nova_compute_loads_the_driver_by_name(self):
        # What nova-compute does at start-up with compute_driver=tyr_nova.TyrDriver. Nova
        # imports nova.virt.tyr_nova, the file an installation links into nova/virt/; here
        # nova.virt's search path takes in its directory instead of touching the system's.
        here = os.path.join(os.path.dirname(__file__), '..', 'nova_virt')
        self.useFixture(fixtures.MonkeyPatch(
            'nova.virt.__path__', list(nova.virt.__path__) + [os.path.abspath(here)]))
        self.flags(compute_driver='tyr_nova.TyrDriver')
        cm = manager.ComputeManager()
        self.assertIsInstance(cm.driver, tyr_nova.TyrDriver)
        self.assertTrue(cm.driver.capabilities['supports_attach_interface'])
        cm.driver.init_host('compute-1')
