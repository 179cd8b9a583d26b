"""Spawn and destroy through TyrDriver on a lab machine with a real image. Run only by
test/e2e/nova-lab.test.ts, which starts the lab, the core and the shim, and calls the two
steps in turn (it watches the machine boot the instance in between)."""

import os
import unittest

from nova.compute import power_state
from nova import context
from nova import objects
from nova import test
from nova.virt import fake

import tyr_nova
from tests import base

LAB_NODE = os.environ.get('TYR_TEST_LAB_NODE')
INSTANCE = os.environ.get('TYR_TEST_LAB_INSTANCE')
IMAGE_ID = os.environ.get('TYR_TEST_LAB_IMAGE_ID')
IMAGE_MD5 = os.environ.get('TYR_TEST_LAB_IMAGE_MD5')


@unittest.skipUnless(LAB_NODE and INSTANCE and base.SHIM_URL, 'run by test/e2e/nova-lab.test.ts')
class LabSpawnTestCase(test.NoDBTestCase):

    def setUp(self):
        super(LabSpawnTestCase, self).setUp()
        base.shim_flags(self, deploy_timeout=900)
        self.driver = tyr_nova.TyrDriver(fake.FakeVirtAPI())
        self.ctxt = context.get_admin_context()
        flavor = objects.Flavor(flavorid='bm.small', name='bm.small', root_gb=1,
                                swap=0, ephemeral_gb=0, vcpus=1,
                                memory_mb=1024, extra_specs={})
        # What nova-compute hands the driver after scheduling on the lab node.
        self.instance = objects.Instance(
            self.ctxt, id=7, uuid=INSTANCE, node=LAB_NODE, host='compute-1',
            display_name='lab-vm', hostname='lab-vm', availability_zone='nova',
            key_name=None, key_data=None, user_data=None, metadata={},
            flavor=flavor, project_id='p', user_id='u')

    def test_1_spawn_to_active(self):
        image = objects.ImageMeta.from_dict({
            'id': IMAGE_ID, 'checksum': IMAGE_MD5, 'disk_format': 'raw',
            'container_format': 'bare', 'properties': {}})
        self.driver.spawn(self.ctxt, self.instance, image, [], None, {},
                          network_info=[])
        node = base.core_node(LAB_NODE)
        self.assertEqual('active', node['provision_state'])
        self.assertEqual(INSTANCE, node['instance_uuid'])
        self.assertEqual(IMAGE_ID, node['instance_info']['image_source'])
        self.assertTrue(self.driver.instance_exists(self.instance))
        self.assertEqual(power_state.RUNNING,
                         self.driver.get_info(self.instance).state)

    def test_2_destroy(self):
        self.driver.destroy(self.ctxt, self.instance, [])
        node = base.core_node(LAB_NODE)
        self.assertIsNone(node['instance_uuid'])
        self.assertIn(node['provision_state'],
                      ('cleaning', 'clean wait', 'available'))
        self.assertFalse(self.driver.instance_exists(self.instance))
