"""Runs openstacksdk's own baremetal functional tests, unchanged, against a Tyr server.

The tests come from Debian's python3-openstacksdk
(openstack/tests/functional/baremetal). The one adaptation is here, in the harness:
BaseFunctionalTest.require_service asks the keystoneauth *session* for endpoint data, which a
noauth session without a service catalog cannot answer. We ask the baremetal adapter instead,
keeping the same microversion check (a test whose microversion Tyr lacks is still skipped).

Usage: python3 openstacksdk_runner.py [unittest names...]; OS_CLIENT_CONFIG_FILE and OS_CLOUD
must point at the clouds.yaml the caller wrote.
"""
import sys
import unittest

from keystoneauth1 import discover
from openstack.tests.functional import base


def require_service(self, service_type, min_microversion=None, **kwargs):
    if not self.conn.has_service(service_type):
        self.skipTest('Service {} not found in cloud'.format(service_type))
    if not min_microversion:
        return
    data = self.conn.baremetal.get_endpoint_data()
    if not (data.min_microversion and data.max_microversion
            and discover.version_between(data.min_microversion,
                                         data.max_microversion,
                                         min_microversion)):
        self.skipTest('Service {} does not provide microversion {}'.format(
            service_type, min_microversion))


base.BaseFunctionalTest.require_service = require_service

if __name__ == '__main__':
    names = sys.argv[1:] or ['openstack.tests.functional.baremetal']
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    for name in names:
        if name.endswith('baremetal'):
            suite.addTests(loader.discover(
                start_dir=sys.modules['openstack.tests.functional'].__path__[0] + '/baremetal',
                pattern='test_*.py',
                top_level_dir=sys.modules['openstack'].__path__[0] + '/..'))
        else:
            suite.addTests(loader.loadTestsFromName(name))
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    print('openstacksdk functional: ran={} failures={} errors={} skipped={}'.format(
        result.testsRun, len(result.failures), len(result.errors), len(result.skipped)))
    sys.exit(0 if result.wasSuccessful() else 1)
