"""Nova's generic virt-driver test case (nova/tests/unit/virt/test_virt_drivers.py, shipped in
python3-nova) run against TyrDriver, the shim and the core with fake-hardware nodes.

Tests for methods TyrDriver does not implement pass through Nova's own
@catch_notimplementederror (snapshot, pause, suspend, volumes, migration, other consoles...).
Adapted and skipped tests are listed below and in driver/python/README.md.
"""

import unittest

from nova import test
from nova.tests.unit import utils as test_utils
from nova.tests.unit.virt import test_virt_drivers

from tests import base

_get_test_instance = test_utils.get_test_instance

# test name -> why it cannot pass for a bare-metal driver (mirrored in driver/python/README.md)
SKIPPED = {
    'test_rescue': 'passes an empty rescue password; Tyr (like Ironic) requires '
                   'a non-empty one. Rescue is covered in test_adapter.py.',
    'test_unrescue_rescued_instance': 'rescues with an empty password, see '
                                      'test_rescue.',
    'test_get_serial_console': 'fake-hardware consoles have no tcp://host:port '
                               'socket; TyrDriver raises ConsoleTypeUnavailable '
                               '(tested in test_adapter.py).',
    'test_live_migration_force_complete': 'writes to the libvirt driver\'s '
                                          'active_migrations dict before '
                                          'calling; bare metal has no '
                                          'migrations.',
    'test_live_migration': 'not decorated with catch_notimplementederror; bare '
                           'metal cannot live-migrate (Nova skips it for the '
                           'abstract driver too).',
}


def _placed_instance(context=None, flavor=None, obj=False):
    """Nova's test instance, placed on a free node as the scheduler would."""
    instance = _get_test_instance(context=context, flavor=flavor, obj=obj)
    if obj:
        instance.node = base.free_node()
        instance.host = 'compute-1'
    return instance


@unittest.skipUnless(base.SHIM_URL and base.CORE_URL, base.NOT_STARTED)
class TyrDriverTestCase(test_virt_drivers._VirtDriverTestCase, test.TestCase):

    def setUp(self):
        self.driver_module = 'tyr_nova.TyrDriver'
        super(TyrDriverTestCase, self).setUp()
        if self._testMethodName in SKIPPED:
            self.skipTest(SKIPPED[self._testMethodName])
        base.shim_flags(self, deploy_timeout=120)
        self.stub_out('nova.tests.unit.utils.get_test_instance',
                      _placed_instance)
        self.addCleanup(base.destroy_all)

    # Adapted: Nova's version asks for a node named "myhostname", which no
    # bare-metal driver has; a real node's resource dict is checked instead.
    def test_get_available_resource(self):
        self._check_available_resource_fields(
            self.connection.get_available_resource(base.free_node()))
