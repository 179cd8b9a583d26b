"""What the Python suites share: the running core and shim (started by the mocha wrapper,
test/integration/nova/python-adapter.test.ts, which passes their URLs in the environment),
and a look-up of free fake-hardware nodes in the core."""

import os

import requests

from nova.tests.unit import utils as test_utils

SHIM_URL = os.environ.get('TYR_TEST_SHIM_URL')
CORE_URL = os.environ.get('TYR_TEST_CORE_URL')


def _credentials(name):
    """(user, password) from a `user:password` variable, when the wrapper
    runs the core and the shim with http_basic."""
    value = os.environ.get(name)
    return tuple(value.split(':', 1)) if value else None


SHIM_AUTH = _credentials('TYR_TEST_SHIM_AUTH')
CORE_AUTH = _credentials('TYR_TEST_CORE_AUTH')
NOT_STARTED = ('TYR_TEST_SHIM_URL and TYR_TEST_CORE_URL are not set: run these tests '
               'through `npx mocha test/integration/nova/python-adapter.test.ts`, '
               'which starts the core and the shim')
# Nodes the wrapper prepares: tyr-free-<n> deploy; tyr-nodeploy refuses deploys.
FREE_PREFIX = 'tyr-free-'
NO_DEPLOY = 'tyr-nodeploy'


def core(method, path, **kw):
    res = requests.request(method, CORE_URL + path, timeout=30,
                           auth=CORE_AUTH,
                           headers={'X-OpenStack-Ironic-API-Version': 'latest'},
                           **kw)
    res.raise_for_status()
    return res.json() if res.content else None


def core_node(ident):
    return core('GET', '/v1/nodes/%s' % ident)


def free_node():
    """A tyr-free-* node that is available and runs nothing."""
    nodes = core('GET', '/v1/nodes', params={
        'provision_state': 'available', 'associated': 'false',
        'fields': 'uuid,name,maintenance', 'limit': 100})['nodes']
    for n in sorted(nodes, key=lambda n: n['name'] or ''):
        if (n['name'] or '').startswith(FREE_PREFIX) and not n['maintenance']:
            return n['uuid']
    raise AssertionError('no free tyr-free-* node left in the core')


def destroy_all():
    """Every instance back to a free node, whatever a test left behind."""
    res = requests.get(SHIM_URL + '/instances', timeout=60, auth=SHIM_AUTH)
    for inst in res.json()['instances']:
        requests.delete(SHIM_URL + '/instances/%s' % inst['uuid'], json={},
                        timeout=300, auth=SHIM_AUTH)


def shim_flags(test, **kw):
    """Points [tyr] at the wrapper's shim, with its credentials if any."""
    if SHIM_AUTH:
        kw.update(username=SHIM_AUTH[0], password=SHIM_AUTH[1])
    test.flags(shim_url=SHIM_URL, group='tyr', **kw)


def placed_instance(ctxt, node=None, **updates):
    """A real nova.objects.Instance in the test DB, as the scheduler leaves it."""
    instance = test_utils.get_test_instance(context=ctxt, obj=True)
    instance.node = node or free_node()
    instance.host = 'compute-1'
    instance.display_name = 'web-1'
    instance.hostname = 'web-1'
    instance.availability_zone = 'nova'
    instance.key_name = None
    instance.key_data = None
    instance.user_data = None
    instance.metadata = {}
    for k, v in updates.items():
        setattr(instance, k, v)
    instance.save()
    return instance
