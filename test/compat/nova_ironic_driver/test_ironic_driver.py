"""Nova 26's own IronicDriver (Debian's python3-nova) against a real `tyr server`.

Nothing on the wire is faked: the driver talks to Tyr through its real openstacksdk adapter and
python-ironicclient, configured as an operator would without keystone ([ironic] auth_type none,
endpoint_override). Each scenario is checked on both sides: what Nova returns or records on its
Instance, and the node as Tyr's API shows it. The mocha wrapper
(test/compat/nova-ironic-driver.test.ts) starts the server with free fake-hardware nodes and
passes its URL in TYR_URL.

The driver's polling loops have no deadline of their own, so every test runs under an alarm.
"""

import json
import os
import signal
import time
import unittest

import fixtures
# Imported before any test swaps HOME for a temporary one: python-ironicclient fixes its version
# cache directory at import, and that directory must outlive the test that first loads it.
import ironicclient.common.filecache  # noqa: F401
import openstack.proxy
import requests

from nova.compute import power_state
from nova.compute import provider_tree
from nova.compute import task_states
from nova.compute import vm_states
from nova import context
from nova import exception
from nova.network import model as network_model
from nova import objects
from nova import test
from nova.tests import fixtures as nova_fixtures
from nova.tests.unit import fake_network_cache_model
from nova.tests.unit import utils as test_utils
from nova.virt import fake
from nova.virt.ironic import driver as ironic_driver
from oslo_utils import uuidutils

TYR_URL = os.environ.get('TYR_URL')
# The wrapper's nodes; the test takes a free one for each instance.
NODE_PREFIX = 'nova-ironic-'
# A node the wrapper gives the `no` deploy interface: it fails Ironic's validation.
UNDEPLOYABLE = 'nova-undeployable'
IMAGE_ID = 'cedef40a-ed67-4d10-800e-17455edce175'
REBUILD_IMAGE_ID = '9f1e3a0c-5b7d-4e2a-8c61-2d4b7a9e0f13'
MASK = '******'
# The trait the wrapper gives every node it prepares.
NODE_TRAIT = 'CUSTOM_GOLD'
# Seconds a whole test may take, Nova's loops included; Tyr's fake deploy takes about one.
TEST_DEADLINE = int(os.environ.get('NOVA_IRONIC_TEST_DEADLINE', '120'))
# nova.tests.fixtures.OpenStackSDKFixture stubs the SDK's endpoint look-up for unit tests; these
# tests need the real one, so it is put back after that fixture has run.
REAL_GET_ENDPOINT = openstack.proxy.Proxy.get_endpoint


class Deadline(fixtures.Fixture):
    """Fails the test (instead of hanging the run) when Nova keeps polling past `seconds`."""

    def __init__(self, seconds):
        super().__init__()
        self.seconds = seconds

    def _setUp(self):
        def expired(signum, frame):
            raise AssertionError('test still running after %ss: a Nova polling loop never '
                                 'saw the node state it waits for' % self.seconds)
        previous = signal.signal(signal.SIGALRM, expired)
        signal.alarm(self.seconds)
        self.addCleanup(signal.signal, signal.SIGALRM, previous)
        self.addCleanup(signal.alarm, 0)


def tyr(method, path, **kw):
    res = requests.request(method, TYR_URL + path, timeout=30,
                           headers={'X-OpenStack-Ironic-API-Version': '1.82'}, **kw)
    res.raise_for_status()
    return res.json() if res.content else None


def tyr_node(ident):
    return tyr('GET', '/v1/nodes/%s' % ident)


def wait_for_tyr(ident, provision_state, timeout=60):
    deadline = time.time() + timeout
    while True:
        node = tyr_node(ident)
        if node['provision_state'] == provision_state:
            return node
        if time.time() > deadline:
            raise AssertionError('node %s is %s, not %s, after %ss (last_error: %s)' % (
                ident, node['provision_state'], provision_state, timeout, node['last_error']))
        time.sleep(0.2)


def password_values(value, path=''):
    """{path: value} for every key, at any depth, whose name contains 'password'."""
    found = {}
    if isinstance(value, dict):
        for k, v in value.items():
            if 'password' in k and not isinstance(v, (dict, list)):
                found[path + '/' + k] = v
            else:
                found.update(password_values(v, path + '/' + k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found.update(password_values(v, '%s/%d' % (path, i)))
    return found


def free_node():
    """One of the wrapper's nodes that is available and holds no instance."""
    nodes = tyr('GET', '/v1/nodes', params={
        'provision_state': 'available', 'associated': 'false', 'fields': 'uuid,name'})['nodes']
    for n in sorted(nodes, key=lambda n: n['name'] or ''):
        if (n['name'] or '').startswith(NODE_PREFIX):
            return n['uuid']
    raise AssertionError('no free %s* node left in Tyr' % NODE_PREFIX)


@unittest.skipUnless(TYR_URL, 'TYR_URL is not set: run through '
                     '`npx mocha test/compat/nova-ironic-driver.test.ts`')
class IronicDriverAgainstTyrTestCase(test.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(Deadline(TEST_DEADLINE))
        self.useFixture(fixtures.MonkeyPatch('openstack.proxy.Proxy.get_endpoint',
                                             REAL_GET_ENDPOINT))
        # No keystone: Nova 26 takes auth_type none with the endpoint given directly.
        self.flags(auth_type='none', endpoint_override=TYR_URL, group='ironic')
        # Nova's loops sleep this long between polls; its default of 2 s only slows the test.
        self.flags(api_retry_interval=1, api_max_retries=30, group='ironic')
        self.flags(host='compute-1')
        # The config drive's metadata asks Neutron for security groups; Neutron cannot run
        # here, so Nova's own stand-in answers.
        self.useFixture(nova_fixtures.NeutronFixture(self))
        self.driver = ironic_driver.IronicDriver(fake.FakeVirtAPI())
        self.ctxt = context.get_admin_context()

    def _network_info(self):
        vif = fake_network_cache_model.new_vif({'id': uuidutils.generate_uuid()})
        return network_model.NetworkInfo([vif])

    def _spawn(self, node=None):
        """What ComputeManager._build_and_run_instance does for a bare-metal instance."""
        instance = test_utils.get_test_instance(context=self.ctxt, obj=True)
        instance.node = node or free_node()
        instance.host = 'compute-1'
        instance.display_name = 'web-1'
        instance.hostname = 'web-1'
        # Loaded before the config drive is built: its metadata copy is orphaned and cannot
        # lazy-load them.
        instance.metadata = {'role': 'web'}
        instance.availability_zone = 'nova'
        instance.key_name = None
        instance.key_data = None
        instance.config_drive = 'True'
        instance.user_data = 'I2Nsb3VkLWNvbmZpZwpob3N0bmFtZTogd2ViLTEK'
        instance.vm_state = vm_states.BUILDING
        instance.task_state = task_states.SPAWNING
        instance.save()
        network_info = self._network_info()
        image = objects.ImageMeta.from_dict({'id': IMAGE_ID, 'properties': {}})
        self.driver.prepare_for_spawn(instance)
        # Frees the node for the next test; a second destroy after the test's own is a no-op.
        self.addCleanup(self.driver.destroy, self.ctxt, instance, network_info)
        self.driver.prepare_networks_before_block_device_mapping(instance, network_info)
        self.driver.spawn(self.ctxt, instance, image, [], 'admin-pw', {},
                          network_info=network_info)
        instance.vm_state = vm_states.ACTIVE
        instance.task_state = None
        instance.save()
        return instance, network_info

    def _power(self, instance):
        return self.driver.get_info(instance, use_cache=False).state

    def test_nodes_and_inventory_as_the_resource_tracker_reads_them(self):
        uuid = free_node()
        self.assertIn(uuid, self.driver.get_available_nodes())
        self.assertTrue(self.driver.node_is_available(uuid))

        resources = self.driver.get_available_resource(uuid)
        self.assertEqual('baremetal', resources['resource_class'])
        self.assertEqual([('x86_64', 'baremetal', 'hvm')],
                         [tuple(i) for i in resources['supported_instances']])
        self.assertEqual({'cpu_arch': 'x86_64', 'boot_mode': 'uefi'}, resources['stats'])

        tree = provider_tree.ProviderTree()
        tree.new_root(uuid, uuid)
        self.driver.update_provider_tree(tree, uuid)
        inventory = tree.data(uuid).inventory
        self.assertEqual({'CUSTOM_BAREMETAL'}, set(inventory))
        self.assertEqual((1, 0), (inventory['CUSTOM_BAREMETAL']['total'],
                                  inventory['CUSTOM_BAREMETAL']['reserved']))
        self.assertEqual({NODE_TRAIT}, tree.data(uuid).traits)

    def test_spawn_with_config_drive_then_destroy(self):
        instance, network_info = self._spawn()

        node = tyr_node(instance.node)
        self.assertEqual('active', node['provision_state'])
        self.assertIsNone(node['target_provision_state'])
        self.assertEqual(instance.uuid, node['instance_uuid'])
        self.assertEqual('power on', node['power_state'])
        ii = node['instance_info']
        self.assertEqual(IMAGE_ID, ii['image_source'])
        self.assertEqual(str(instance.flavor.root_gb), ii['root_gb'])
        self.assertEqual('web-1', ii['display_name'])
        self.assertEqual('compute-1', ii['nova_host_id'])
        # Nova built the drive itself (genisoimage) and sent it with the deploy request; like
        # Ironic, Tyr keeps it and shows it masked.
        self.assertEqual(MASK, ii['configdrive'])
        vifs = tyr('GET', '/v1/nodes/%s/vifs' % instance.node)['vifs']
        self.assertEqual([{'id': network_info[0]['id']}], vifs)

        self.assertTrue(self.driver.instance_exists(instance))
        self.assertEqual([instance.uuid], self.driver.list_instance_uuids())
        self.assertEqual(power_state.RUNNING, self._power(instance))
        self.assertIn(instance.node, self.driver.get_available_nodes())

        self.driver.destroy(self.ctxt, instance, network_info)

        node = wait_for_tyr(instance.node, 'available')
        self.assertIsNone(node['instance_uuid'])
        self.assertEqual({}, node['instance_info'])
        self.assertEqual([], tyr('GET', '/v1/nodes/%s/vifs' % instance.node)['vifs'])
        self.assertFalse(self.driver.instance_exists(instance))
        self.assertEqual([], self.driver.list_instance_uuids())
        self.assertEqual(power_state.NOSTATE, self._power(instance))

    def test_spawn_on_a_node_that_fails_validation(self):
        node = tyr_node(UNDEPLOYABLE)['uuid']
        self.assertRaises(exception.ValidationError, self._spawn, node)

        # Nova undid what it had set before validating: the node is free again as it was.
        node = tyr_node(node)
        self.assertEqual('available', node['provision_state'])
        self.assertIsNone(node['instance_uuid'])
        self.assertEqual({}, node['instance_info'])
        self.assertEqual([], tyr('GET', '/v1/nodes/%s/vifs' % node['uuid'])['vifs'])

    def test_power_off_on_and_reboot(self):
        instance, _ = self._spawn()

        self.driver.power_off(instance)
        node = tyr_node(instance.node)
        self.assertEqual('power off', node['power_state'])
        self.assertIsNone(node['target_power_state'])
        self.assertEqual(power_state.SHUTDOWN, self._power(instance))

        self.driver.power_on(self.ctxt, instance, None)
        self.assertEqual('power on', tyr_node(instance.node)['power_state'])
        self.assertEqual(power_state.RUNNING, self._power(instance))

        # A soft power off with a timeout goes through Ironic's soft power off first.
        self.driver.power_off(instance, timeout=30)
        self.assertEqual('power off', tyr_node(instance.node)['power_state'])
        self.driver.power_on(self.ctxt, instance, None)

        for reboot_type in ('SOFT', 'HARD'):
            self.driver.reboot(self.ctxt, instance, None, reboot_type)
            node = tyr_node(instance.node)
            self.assertEqual('power on', node['power_state'])
            self.assertIsNone(node['target_power_state'])
            self.assertEqual(power_state.RUNNING, self._power(instance))
        self.assertEqual('active', node['provision_state'])

    def test_rebuild(self):
        instance, network_info = self._spawn()
        instance.task_state = task_states.REBUILDING
        instance.save()
        image = objects.ImageMeta.from_dict({'id': REBUILD_IMAGE_ID, 'properties': {}})

        self.driver.rebuild(self.ctxt, instance, image, [], 'new-pw', {}, [], None, None,
                            network_info=network_info, preserve_ephemeral=False)

        instance.refresh()
        self.assertEqual(task_states.REBUILD_SPAWNING, instance.task_state)
        node = tyr_node(instance.node)
        self.assertEqual('active', node['provision_state'])
        self.assertIsNone(node['target_provision_state'])
        self.assertEqual(instance.uuid, node['instance_uuid'])
        self.assertEqual(REBUILD_IMAGE_ID, node['instance_info']['image_source'])
        self.assertEqual('False', node['instance_info']['preserve_ephemeral'])
        self.assertEqual(MASK, node['instance_info']['configdrive'])

    def test_rescue_then_unrescue(self):
        instance, network_info = self._spawn()

        self.driver.rescue(self.ctxt, instance, network_info, None, 'rescue-pw', None)
        node = tyr_node(instance.node)
        self.assertEqual('rescue', node['provision_state'])
        self.assertIsNone(node['target_provision_state'])
        self.assertEqual(instance.uuid, node['instance_uuid'])
        # Ironic keeps the rescue password (and its hash) for the rescue ramdisk but shows
        # neither: wherever a key names a password, its value is masked.
        self.assertNotIn('rescue-pw', json.dumps(node))
        self.assertEqual({}, {k: v for k, v in password_values(node).items() if v != MASK})
        self.assertTrue(self.driver.instance_exists(instance))

        self.driver.unrescue(self.ctxt, instance)
        node = tyr_node(instance.node)
        self.assertEqual('active', node['provision_state'])
        self.assertEqual(instance.uuid, node['instance_uuid'])
        self.assertEqual(power_state.RUNNING, self._power(instance))

    def test_destroy_a_rescued_instance(self):
        instance, network_info = self._spawn()
        self.driver.rescue(self.ctxt, instance, network_info, None, 'rescue-pw', None)

        self.driver.destroy(self.ctxt, instance, network_info)

        node = wait_for_tyr(instance.node, 'available')
        self.assertIsNone(node['instance_uuid'])
        self.assertEqual([], tyr('GET', '/v1/nodes/%s/vifs' % instance.node)['vifs'])
