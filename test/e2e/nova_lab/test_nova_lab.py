"""`openstack server create` onto a lab machine, through Nova's own services, once per driver.

nova-api, conductor, scheduler and Placement run in-process from Nova's functional fixtures
(Debian's python3-nova and python3-placement), with Glance and Neutron as Nova's fixtures provide
them: neither service can run here. nova-compute runs with a real virt driver:

* TyrServerCreateTestCase: tyr_nova.TyrDriver → the Tyr Nova shim → `tyr server`;
* IronicServerCreateTestCase: Nova's stock ironic.IronicDriver → `tyr server`, as to Ironic.

The node is a lab machine (ipmi_sim BMC → QEMU/TCG VM) that deploys through the real agent ramdisk
and then boots the lab's test image from its disk; the test reads its serial console for the
instance marker. The mocha wrapper (test/e2e/nova-lab.test.ts) starts the lab, Tyr and the shim,
serves the image from Tyr's boot root under the Glance UUID used here, and runs one class at a
time on the same machine.
"""

# Nova's eventlet monkey patching comes before anything else imports sockets (requests, the SDK).
import nova.monkey_patch  # noqa: F401  isort:skip

import os
import time
import unittest

import fixtures
import openstack.proxy
import requests

import nova.virt
from nova.tests.functional import integrated_helpers

ENV = os.environ.get
LAB_NODE = ENV('TYR_TEST_LAB_NODE')
CORE_URL = ENV('TYR_TEST_CORE_URL')
SHIM_URL = ENV('TYR_TEST_SHIM_URL')
CONSOLE_LOG = ENV('TYR_TEST_LAB_CONSOLE')
IMAGE_ID = ENV('TYR_TEST_LAB_IMAGE_ID')
IMAGE_MD5 = ENV('TYR_TEST_LAB_IMAGE_MD5')
IMAGE_SIZE = ENV('TYR_TEST_LAB_IMAGE_SIZE')
MARKER = ENV('TYR_TEST_LAB_MARKER', 'TYR-INSTANCE-BOOTED')
RESOURCE_CLASS = 'CUSTOM_BAREMETAL'
# The trait the wrapper puts on the lab node; the flavor requires it.
TRAIT = 'CUSTOM_TYR_LAB'
# A deploy under TCG: two boots of the ramdisk's kernel plus the image write take minutes.
DEPLOY_SECONDS = 900
POLL_SECONDS = 2
HOST = 'compute-lab'
TYR_NOVA_VIRT = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'driver', 'python',
                             'nova_virt')
# Nova's test base stubs the SDK's endpoint look-up for unit tests; IronicDriver needs the real one.
REAL_GET_ENDPOINT = openstack.proxy.Proxy.get_endpoint
# Nova's compute API pipeline, which OSAPIFixture loads (see the file's header for why a copy).
API_PASTE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'api-paste.ini')


def wait(what, seconds, check):
    """check()'s first truthy answer, polling; fails the test with `what` when time runs out."""
    deadline = time.time() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.time() > deadline:
            raise AssertionError('%s: not within %ss' % (what, seconds))
        time.sleep(POLL_SECONDS)


def console_text(offset):
    with open(CONSOLE_LOG, 'rb') as f:
        f.seek(offset)
        return f.read().decode('latin1')


class _LabServerCreate:
    """The scenario, mixed into Nova's ProviderUsageBaseTestCase; a subclass names the compute
    driver and points it at Tyr. Not a TestCase itself, so that unittest does not run it bare."""

    def configure_driver(self):
        raise NotImplementedError

    def setUp(self):
        self.flags(api_paste_config=API_PASTE, group='wsgi')
        super().setUp()
        self.configure_driver()
        # What an operator gives Glance: the lab image, with the checksum Glance computes.
        self.glance.create(None, {
            'id': IMAGE_ID, 'name': 'tyr-lab-test-image', 'status': 'active',
            'container_format': 'bare', 'disk_format': 'raw', 'size': int(IMAGE_SIZE),
            'checksum': IMAGE_MD5, 'min_disk': 0, 'min_ram': 0, 'visibility': 'public',
            'properties': {}})
        self._start_compute(HOST)
        # openstack flavor create --ram 1024 --disk 1 --vcpus 1 \
        #   --property resources:CUSTOM_BAREMETAL=1 --property resources:VCPU=0 \
        #   --property resources:MEMORY_MB=0 --property resources:DISK_GB=0 \
        #   --property trait:CUSTOM_TYR_LAB=required bm.lab
        self.flavor = self._create_flavor(
            name='bm.lab', memory_mb=1024, vcpu=1, disk=1, ephemeral=0,
            extra_spec={'resources:%s' % RESOURCE_CLASS: '1', 'resources:VCPU': '0',
                        'resources:MEMORY_MB': '0', 'resources:DISK_GB': '0',
                        'trait:%s' % TRAIT: 'required'})

    def test_server_create_boots_the_lab_machine_then_delete_frees_it(self):
        # The compute service reported the node: one unit of its class, and its trait.
        self.assertEqual(1, self._get_provider_inventory(LAB_NODE)[RESOURCE_CLASS]['total'])
        self.assertIn(TRAIT, self._get_provider_traits(LAB_NODE))
        offset = os.path.getsize(CONSOLE_LOG) if os.path.exists(CONSOLE_LOG) else 0

        # openstack server create --flavor bm.lab --image <lab image> --nic none lab-1
        started = time.time()
        server = self.api.post_server({'server': self._build_server(
            name='lab-1', image_uuid=IMAGE_ID, flavor_id=self.flavor,
            networks='none')})
        server = wait('server %s ACTIVE' % server['id'], DEPLOY_SECONDS,
                      lambda: self._active_or_fail(server['id']))
        print('\n    %s: server ACTIVE in %.0f s' % (type(self).__name__, time.time() - started))
        self.assertEqual(LAB_NODE, server['OS-EXT-SRV-ATTR:hypervisor_hostname'])
        self.assertEqual(HOST, server['OS-EXT-SRV-ATTR:host'])
        # Placement holds the instance's allocation on the lab node's provider.
        allocations = self._get_allocations_by_server_uuid(server['id'])
        self.assertEqual({LAB_NODE: {RESOURCE_CLASS: 1}},
                         {rp: a['resources'] for rp, a in allocations.items()})
        node = self.tyr_node()
        self.assertEqual(('active', server['id'], IMAGE_ID),
                         (node['provision_state'], node['instance_uuid'],
                          node['instance_info']['image_source']))

        # The machine boots the image from its disk: its init prints the marker on ttyS0.
        wait('the instance marker on the lab console', 300,
             lambda: '%s BOOT_IMAGE=' % MARKER in console_text(offset))

        # openstack server delete lab-1
        self.api.delete_server(server['id'])
        wait('server %s gone' % server['id'], 300, lambda: self._gone(server['id']))
        wait('the lab node available again', 300,
             lambda: self.tyr_node()['provision_state'] == 'available')
        node = self.tyr_node()
        self.assertIsNone(node['instance_uuid'])
        self.assertEqual({}, self._get_allocations_by_server_uuid(server['id']))

    def _active_or_fail(self, server_id):
        server = self.api.get_server(server_id)
        if server['status'] == 'ERROR':
            self.fail('server went to ERROR: %s' % server.get('fault'))
        return server if server['status'] == 'ACTIVE' else None

    def _gone(self, server_id):
        return not [s for s in self.api.get_servers(detail=False) if s['id'] == server_id]

    def tyr_node(self):
        res = requests.get('%s/v1/nodes/%s' % (CORE_URL, LAB_NODE), timeout=30,
                           headers={'X-OpenStack-Ironic-API-Version': 'latest'})
        res.raise_for_status()
        return res.json()


@unittest.skipUnless(LAB_NODE and SHIM_URL, 'run by test/e2e/nova-lab.test.ts')
class TyrServerCreateTestCase(_LabServerCreate, integrated_helpers.ProviderUsageBaseTestCase):
    compute_driver = 'tyr_nova.TyrDriver'

    def configure_driver(self):
        # nova-compute imports nova.virt.tyr_nova, which an installation links into nova/virt/;
        # here nova.virt's search path takes in that file's directory instead.
        self.useFixture(fixtures.MonkeyPatch(
            'nova.virt.__path__', list(nova.virt.__path__) + [os.path.abspath(TYR_NOVA_VIRT)]))
        # tyr_nova registers [tyr] when imported; it must exist before its flags are set.
        import tyr_nova  # noqa: F401
        self.flags(shim_url=SHIM_URL, deploy_timeout=DEPLOY_SECONDS, group='tyr')


@unittest.skipUnless(LAB_NODE and CORE_URL, 'run by test/e2e/nova-lab.test.ts')
class IronicServerCreateTestCase(_LabServerCreate, integrated_helpers.ProviderUsageBaseTestCase):
    compute_driver = 'ironic.IronicDriver'

    def configure_driver(self):
        # Nova's test base stubs the SDK's endpoint look-up; the baremetal service's must be
        # the real one to reach Tyr, while Placement's stays on the in-process service.
        stubbed = openstack.proxy.Proxy.get_endpoint

        def get_endpoint(proxy, *args, **kwargs):
            real = proxy.service_type == 'baremetal'
            return (REAL_GET_ENDPOINT if real else stubbed)(proxy, *args, **kwargs)
        self.useFixture(fixtures.MonkeyPatch('openstack.proxy.Proxy.get_endpoint', get_endpoint))
        # No keystone: Nova 26 takes auth_type none with Tyr's endpoint given directly.
        self.flags(auth_type='none', endpoint_override=CORE_URL, group='ironic')
