"""One real machine: `openstack server create` onto a lab machine (ipmi_sim BMC → QEMU/TCG VM)
through Nova's API, scheduler, Placement and compute manager (base.py), once per compute driver.

The node deploys through the real agent ramdisk (image, config drive), then boots the lab's test
image from its disk; its serial console shows the instance marker. The server is then deleted.
Run only by test/e2e/nova-lab.test.ts, which starts the lab machine, `tyr server` and the shim,
enrolls the machine as a gold node, serves the image from Tyr's boot root under the Glance UUID
given here, and runs one class after the other on the same machine.
"""

import os
import time
import unittest

from nova_boot import base

LAB = os.environ.get
CONSOLE_LOG = LAB('TYR_LAB_CONSOLE')
IMAGE_ID = LAB('TYR_LAB_IMAGE_ID')
IMAGE_MD5 = LAB('TYR_LAB_IMAGE_MD5')
IMAGE_SIZE = LAB('TYR_LAB_IMAGE_SIZE')
MARKER = LAB('TYR_LAB_MARKER')
# A deploy under TCG (the ramdisk's boot, the image write, the instance's boot) takes minutes.
DEPLOY_SECONDS = 900


def console_since(offset):
    with open(CONSOLE_LOG, 'rb') as f:
        f.seek(offset)
        return f.read().decode('latin1')


def wait(what, seconds, check):
    deadline = time.time() + seconds
    while not check():
        if time.time() > deadline:
            raise AssertionError('%s: not within %ss' % (what, seconds))
        time.sleep(2)


class LabMachineScenario:
    """Mixed into NovaBootTestBase with one driver; the lab node is the fleet's only node."""

    # Deploys and undeploys through a real ramdisk are slower than the fleet's fake ones.
    DEPLOY_TIMEOUT = DEPLOY_SECONDS

    def setUp(self):
        super().setUp()
        if self.DRIVER == 'ironic':
            self.flags(api_max_retries=DEPLOY_SECONDS, group='ironic')
        # The image as an operator uploads it to Glance (which records its md5).
        self.glance.create(None, {
            'id': IMAGE_ID, 'name': 'tyr-lab-test-image', 'status': 'active',
            'container_format': 'bare', 'disk_format': 'raw', 'size': int(IMAGE_SIZE),
            'checksum': IMAGE_MD5, 'visibility': 'public', 'min_disk': 0, 'min_ram': 0,
            'properties': {}})

    def test_server_create_boots_the_machine_then_delete_frees_it(self):
        node_uuid = base.pool_nodes()[0]['uuid']
        offset = os.path.getsize(CONSOLE_LOG) if os.path.exists(CONSOLE_LOG) else 0
        started = time.time()
        server = self._boot(self._gold_flavor(), name='lab-1', imageRef=IMAGE_ID)
        print('\n    %s: ACTIVE in %.0f s' % (type(self).__name__, time.time() - started))

        self.assertEqual(node_uuid, self._node_of(server))
        node = base.tyr_node(node_uuid)
        self.assertEqual(('active', server['id'], IMAGE_ID),
                         (node['provision_state'], node['instance_uuid'],
                          node['instance_info']['image_source']))
        allocations = self._get_allocations_by_server_uuid(server['id'])
        self.assertEqual({node_uuid: {base.RESOURCE_CLASS: 1}},
                         {rp: a['resources'] for rp, a in allocations.items()})
        # The machine boots the image from its disk: its init prints the marker on ttyS0.
        wait('the instance marker on the lab console', 300,
             lambda: '%s BOOT_IMAGE=' % MARKER in console_since(offset))

        self.api.delete_server(server['id'])
        wait('server %s deleted' % server['id'], 300,
             lambda: not self.admin_api.get_servers(search_opts={'all_tenants': 1}))
        base.wait_for_node(node_uuid, timeout=300, provision_state='available',
                           instance_uuid=None)
        self.assertEqual({}, self._get_allocations_by_server_uuid(server['id']))


@unittest.skipUnless(CONSOLE_LOG, 'run by test/e2e/nova-lab.test.ts')
class TyrDriverLabMachineTest(LabMachineScenario, base.NovaBootTestBase):
    DRIVER = 'tyr'


@unittest.skipUnless(CONSOLE_LOG, 'run by test/e2e/nova-lab.test.ts')
class IronicDriverLabMachineTest(LabMachineScenario, base.NovaBootTestBase):
    DRIVER = 'ironic'
