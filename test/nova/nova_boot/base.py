"""Nova's own services in-process (nova-api, conductor, scheduler, Placement, nova-compute),
built with Nova's functional-test fixtures, with nova-compute driving a real `tyr server`.

The compute driver is a parameter of the class (DRIVER):
* 'tyr'    — tyr_nova.TyrDriver, talking to the Tyr Nova shim (TYR_SHIM_URL), which talks to
             the core;
* 'ironic' — Nova's stock nova.virt.ironic.IronicDriver, talking to the core (TYR_URL)
             directly through openstacksdk, configured as a deployer would without keystone.

Everything else is Nova's real code: the API is called over Nova's test WSGI client as a user
would, the scheduler asks the real Placement service (PlacementFixture runs it in-process over
wsgi-intercept), conductor and compute talk over oslo.messaging's in-memory transport. Glance
and Neutron cannot run here, so Nova's own stand-ins (GlanceFixture, NeutronFixture) answer for
them.

The nodes are those the mocha wrapper (test/compat/nova-boot.test.ts) enrolls before running
the suite: fake-hardware nodes named TYR_NOVA_NODE_PREFIX<…>, class TYR_NOVA_RESOURCE_CLASS, the
schedulable ones with trait TYR_NOVA_TRAIT. Another suite reuses this base by subclassing
NovaBootTestBase with DRIVER set, and DEPLOY_TIMEOUT raised for real machines.
"""

import base64
import copy
import os
import time

import fixtures
# Imported before any test swaps HOME for a temporary one: python-ironicclient (which Nova's
# ironic driver still uses for some calls) fixes its version cache directory at import, and
# that directory must outlive the test that first loads it.
import ironicclient.common.filecache  # noqa: F401
import openstack.proxy
import requests

import nova.virt
from nova.tests import fixtures as nova_fixtures
from nova.tests.functional import fixtures as func_fixtures
from nova.tests.functional import integrated_helpers
from nova import test

TYR_URL = os.environ.get('TYR_URL')
TYR_SHIM_URL = os.environ.get('TYR_SHIM_URL')
# The compute host every node is reported under (one nova-compute for the whole fleet).
COMPUTE_HOST = 'compute-1'
# The wrapper's nodes are named <prefix>…; every test leaves each of them available.
NODE_PREFIX = os.environ.get('TYR_NOVA_NODE_PREFIX', 'nova-boot-')
# The nodes' resource class and trait a gold flavor asks for, and Placement's name for the class.
NODE_RESOURCE_CLASS = os.environ.get('TYR_NOVA_RESOURCE_CLASS', 'baremetal-gold')
RESOURCE_CLASS = 'CUSTOM_' + NODE_RESOURCE_CLASS.upper().replace('-', '_')
TRAIT = os.environ.get('TYR_NOVA_TRAIT', 'CUSTOM_GOLD')
# nova/virt is where Nova's loader looks for compute_driver modules; TyrDriver's entry point
# (driver/python/nova_virt/tyr_nova.py) is added to its search path, as a deployment links it.
NOVA_VIRT_TYR = os.path.abspath(os.path.join(
    os.path.dirname(__file__), '..', '..', '..', 'driver', 'python', 'nova_virt'))
# nova.tests.fixtures.OpenStackSDKFixture stubs the SDK's endpoint look-up for unit tests; the
# ironic driver needs the real one to reach Tyr.
REAL_GET_ENDPOINT = openstack.proxy.Proxy.get_endpoint
# Nova's compute API pipeline (its header says why the suite has its own copy).
API_PASTE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'api-paste.ini')
COMPUTE_DRIVERS = {'tyr': 'tyr_nova.TyrDriver', 'ironic': 'ironic.IronicDriver'}


def tyr(method, path, **kw):
    """A call to Tyr's Ironic API, as an operator's `baremetal` command makes it."""
    res = requests.request(method, TYR_URL + path, timeout=30,
                           headers={'X-OpenStack-Ironic-API-Version': '1.82'}, **kw)
    if not res.ok:
        raise AssertionError('%s %s: %s %s' % (method, path, res.status_code, res.text))
    return res.json() if res.content else None


def tyr_node(ident):
    return tyr('GET', '/v1/nodes/%s' % ident)


def tyr_patch(ident, *ops):
    return tyr('PATCH', '/v1/nodes/%s' % ident, json=list(ops))


def wait_for_node(ident, timeout=60, **expected):
    """The node once every expected field has its value (provision_state='available', …)."""
    deadline = time.time() + timeout
    while True:
        node = tyr_node(ident)
        if all(node.get(k) == v for k, v in expected.items()):
            return node
        if time.time() > deadline:
            raise AssertionError('node %s: wanted %s after %ss, got %s (last_error: %s)' % (
                ident, expected, timeout,
                {k: node.get(k) for k in expected}, node.get('last_error')))
        time.sleep(0.2)


def set_provision_state(ident, target):
    tyr('PUT', '/v1/nodes/%s/states/provision' % ident, json={'target': target})


def pool_nodes():
    """The wrapper's nodes, sorted by name."""
    nodes = tyr('GET', '/v1/nodes', params={'detail': 'true', 'limit': 1000})['nodes']
    return sorted((n for n in nodes if (n['name'] or '').startswith(NODE_PREFIX)),
                  key=lambda n: n['name'])


def schedulable_nodes():
    """The wrapper's nodes a gold flavor may land on (class and trait both match)."""
    return [n for n in pool_nodes()
            if n['resource_class'] == NODE_RESOURCE_CLASS and TRAIT in n['traits']
            and not n['maintenance']]


def b64(text):
    return base64.b64encode(text.encode()).decode()


class BaremetalNeutronFixture(nova_fixtures.NeutronFixture):
    """Nova's Neutron stand-in, taught one thing real Neutron does: a port that was never bound
    can be "unbound". Nova's ironic driver leaves a port's binding:host_id unset (Ironic binds
    it when it plugs the VIF), so Nova's create sends binding:host_id None for an unbound port,
    which the stand-in only accepts for a bound one."""

    def update_port(self, port_id, body=None):
        fields = (body or {}).get('port', {})
        bound = any(b['status'] == 'ACTIVE'
                    for b in self._port_bindings.get(port_id, {}).values())
        if 'binding:host_id' in fields and fields['binding:host_id'] is None and not bound:
            port = self._ports[port_id]
            port.update(copy.deepcopy(fields))
            return {'port': copy.deepcopy(port)}
        return super().update_port(port_id, body)


class NovaBootTestBase(test.TestCase, integrated_helpers.PlacementInstanceHelperMixin):
    """Nova's control plane plus one nova-compute whose driver is DRIVER ('tyr' or 'ironic')."""

    DRIVER = None
    # Seconds a deploy may take (TyrDriver's [tyr] deploy_timeout, and _boot's wait): a fake
    # node deploys in about one; a lab machine boots a ramdisk and writes an image.
    DEPLOY_TIMEOUT = 120
    # Only the services' own locks are needed; Nova's external file locks are not.
    REQUIRES_LOCKING = False
    microversion = 'latest'

    def setUp(self):
        if not TYR_URL or (self.DRIVER == 'tyr' and not TYR_SHIM_URL):
            self.skipTest('TYR_URL (and TYR_SHIM_URL for TyrDriver) are not set: run through '
                          '`npx mocha test/compat/nova-boot.test.ts`')
        self.flags(compute_driver=COMPUTE_DRIVERS[self.DRIVER])
        super().setUp()
        self._real_baremetal_endpoint()
        self._driver_flags()
        self.flags(api_paste_config=API_PASTE, group='wsgi')

        self.policy = self.useFixture(nova_fixtures.RealPolicyFixture())
        self.neutron = self.useFixture(BaremetalNeutronFixture(self))
        self.glance = self.useFixture(nova_fixtures.GlanceFixture(self))
        self.placement = self.useFixture(func_fixtures.PlacementFixture()).api
        self.useFixture(nova_fixtures.AllServicesCurrent())
        self.notifier = self.useFixture(nova_fixtures.NotificationFixture(self))

        self.api_fixture = self.useFixture(nova_fixtures.OSAPIFixture(api_version='v2.1'))
        self.admin_api = self.api_fixture.admin_api
        self.admin_api.microversion = self.microversion
        # Servers are created as a project member, as a cloud user does.
        self.api = self.api_fixture.api
        self.api.microversion = self.microversion

        self.start_service('conductor')
        self.start_service('scheduler')
        self.compute = self._start_compute(COMPUTE_HOST)
        # Every server a test leaves is deleted and its node waited back to available, so the
        # next test (whose Nova starts empty) finds the fleet free.
        self.addCleanup(self._release_nodes)

    def _real_baremetal_endpoint(self):
        # Nova's OpenStackSDKFixture stubs the SDK's endpoint look-up for every service; the
        # ironic driver's (service type baremetal) must be the real one to reach Tyr, while
        # Placement's stays on the fixture's path to the in-process service.
        stubbed = openstack.proxy.Proxy.get_endpoint

        def get_endpoint(proxy, *args, **kwargs):
            if proxy.service_type == 'baremetal':
                return REAL_GET_ENDPOINT(proxy, *args, **kwargs)
            return stubbed(proxy, *args, **kwargs)
        self.useFixture(fixtures.MonkeyPatch('openstack.proxy.Proxy.get_endpoint',
                                             get_endpoint))

    def _driver_flags(self):
        if self.DRIVER == 'tyr':
            self.useFixture(fixtures.MonkeyPatch(
                'nova.virt.__path__', list(nova.virt.__path__) + [NOVA_VIRT_TYR]))
            # tyr_nova registers [tyr] when imported; it must exist before flags are set.
            import tyr_nova  # noqa: F401
            self.flags(shim_url=TYR_SHIM_URL, deploy_timeout=self.DEPLOY_TIMEOUT,
                       api_timeout=120, group='tyr')
        else:
            # No keystone: Nova 26 takes auth_type none with the endpoint given directly.
            self.flags(auth_type='none', endpoint_override=TYR_URL, group='ironic')
            # Nova's ironic loops sleep this long between polls (default 2 s).
            self.flags(api_retry_interval=1, api_max_retries=60, group='ironic')

    # -- the cloud user's view ----------------------------------------------------

    def _gold_flavor(self, name='bm.gold', trait=TRAIT):
        """The bare-metal flavor a deployer creates: one unit of the node's class, no VCPU/RAM/
        disk from Placement, and a required trait."""
        flavor = self.admin_api.post_flavor({'flavor': {
            'name': name, 'ram': 8192, 'vcpus': 4, 'disk': 10}})
        self.admin_api.post_extra_spec(flavor['id'], {'extra_specs': {
            'resources:%s' % RESOURCE_CLASS: '1',
            'resources:VCPU': '0',
            'resources:MEMORY_MB': '0',
            'resources:DISK_GB': '0',
            'trait:%s' % trait: 'required',
        }})
        return flavor['id']

    def _boot(self, flavor_id, name='web-1', api=None, expected='ACTIVE', **extra):
        """POST /servers on network_1 with a config drive and user data; the server once it is
        `expected` (a bare-metal server always has a network: Nova's ironic driver builds the
        config drive's network data from its ports)."""
        server = {
            'name': name,
            'imageRef': self.glance.auto_disk_config_enabled_image['id'],
            'flavorRef': flavor_id,
            'networks': [{'uuid': self.neutron.network_1['id']}],
            'config_drive': True,
            'user_data': b64('#cloud-config\nhostname: %s\n' % name),
        }
        server.update(extra)
        created = (api or self.api).post_server({'server': server})
        return self._wait_for_status(created, expected, timeout=self.DEPLOY_TIMEOUT)

    def _wait_for_status(self, server, expected, timeout=90):
        """The server once its status is `expected`; fails at once on an unexpected ERROR."""
        deadline = time.time() + timeout
        while True:
            server = self.admin_api.get_server(server['id'])
            if server['status'] == expected:
                return server
            if server['status'] == 'ERROR' or time.time() > deadline:
                self.fail('server %s is %s, not %s (fault: %s)' % (
                    server['id'], server['status'], expected,
                    server.get('fault', {}).get('message')))
            time.sleep(0.2)

    def _node_of(self, server):
        """The node a server runs on, as an admin sees it (OS-EXT-SRV-ATTR:hypervisor_hostname)."""
        return self.admin_api.get_server(server['id'])['OS-EXT-SRV-ATTR:hypervisor_hostname']

    def _delete_and_wait(self, server):
        node = self._node_of(server)
        self.api.delete_server(server['id'])
        self._wait_until_deleted(server)
        if node:
            wait_for_node(node, provision_state='available', instance_uuid=None)
        return node

    def _sync(self):
        """Nova's resource tracker periodic, which reads the nodes and updates Placement."""
        self._run_periodics()

    def _offered(self, node_uuid):
        """Whether Placement would hand out this node: its class has a unit not reserved or used."""
        inventory = self._get_provider_inventory(node_uuid)
        gold = inventory.get(RESOURCE_CLASS)
        if not gold:
            return False
        used = self._get_provider_usages(node_uuid).get(RESOURCE_CLASS, 0)
        return gold['total'] - gold['reserved'] - used > 0

    def _release_nodes(self):
        """Deletes what the test left and waits for every node to be free again; a node left
        otherwise (a test that broke one repairs it itself) fails the test here, loudly, rather
        than the next test that would trip over it."""
        for server in self.admin_api.get_servers(search_opts={'all_tenants': 1}):
            self.admin_api.delete_server(server['id'])
        for node in pool_nodes():
            wait_for_node(node['uuid'], timeout=self.DEPLOY_TIMEOUT, provision_state='available',
                          instance_uuid=None)

    def _act(self, server, body, action, expected, timeout=90, microversion=None):
        """POST /servers/{id}/action as the user; waits for Nova's compute event of `action` to
        succeed and for the server to be `expected` again."""
        default = self.api.microversion
        self.api.microversion = microversion or default
        try:
            self.api.post_server_action(server['id'], body)
        finally:
            self.api.microversion = default
        event = 'compute_%s_instance' % action
        deadline = time.time() + timeout
        while not self._action_succeeded(server, action, event):
            if time.time() > deadline:
                self.fail('no successful %s event for server %s after %ss: %s' % (
                    event, server['id'], timeout,
                    self.admin_api.get_instance_actions(server['id'])))
            time.sleep(0.2)
        return self._wait_for_status(server, expected, timeout)

    def _action_succeeded(self, server, action, event):
        for act in self.admin_api.get_instance_actions(server['id']):
            if act['action'] != action:
                continue
            if act['message'] == 'Error':
                self.fail('%s of server %s failed: %s' % (
                    action, server['id'], self.admin_api.get_instance_action_details(
                        server['id'], act['request_id'])['events']))
            events = self.admin_api.get_instance_action_details(
                server['id'], act['request_id'])['events']
            if any(e['event'] == event and e['result'] == 'Success' for e in events):
                return True
            # Only the newest action of that kind counts: the API lists newest first.
            return False
        return False
