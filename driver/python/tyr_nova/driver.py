"""TyrDriver: Nova's ComputeDriver contract, forwarded to the Tyr shim over HTTP.

Each method turns Nova objects into the JSON the shim takes and the answer back into Nova
objects. Decisions (which node, what goes into instance_info, what counts as available,
which inventory to report) are made by the shim; see driver/README.md.
"""

import base64

from oslo_log import log as logging

import nova.conf
from nova.compute import task_states
from nova.console import type as console_type
from nova import exception
from nova.virt import driver as virt_driver
from nova.virt import hardware
from nova.virt import netutils

from tyr_nova import client as shim_client
from tyr_nova import conf as tyr_conf

CONF = nova.conf.CONF
tyr_conf.register(CONF)
LOG = logging.getLogger(__name__)


def _vifs(network_info):
    return [{'id': vif['id'], 'address': vif.get('address')}
            for vif in (network_info or [])]


def _flavor(flavor):
    return {'root_gb': flavor.root_gb, 'swap': flavor.swap,
            'ephemeral_gb': flavor.ephemeral_gb, 'vcpus': flavor.vcpus,
            'memory_mb': flavor.memory_mb,
            'extra_specs': dict(flavor.extra_specs or {})}


def _image(image_meta):
    # What Nova's ironic patcher reads (id, traits_required), plus the checksum and format
    # Tyr's direct deploy checks.
    props = {}
    meta_props = (image_meta.properties
                  if image_meta.obj_attr_is_set('properties') else None)
    if meta_props is not None and meta_props.obj_attr_is_set('traits_required'):
        props['traits_required'] = list(meta_props.traits_required)
    for field in ('checksum', 'disk_format'):
        if image_meta.obj_attr_is_set(field):
            props['image_%s' % field] = getattr(image_meta, field)
    image_id = image_meta.id if image_meta.obj_attr_is_set('id') else None
    return {'id': image_id, 'properties': props}


def _user_data(instance):
    data = instance.user_data
    if data is None:
        return None
    # Nova stores it base64-encoded; the shim takes it that way.
    return data if isinstance(data, str) else base64.b64encode(data).decode()


class TyrDriver(virt_driver.ComputeDriver):
    """Bare-metal machines managed by Tyr, one Nova compute node each."""

    # The capabilities Nova's ironic driver declares.
    capabilities = {
        "has_imagecache": False,
        "supports_evacuate": False,
        "supports_migrate_to_same_host": False,
        "supports_attach_interface": True,
        "supports_multiattach": False,
        "supports_trusted_certs": False,
        "supports_pcpus": False,
        "supports_accelerators": False,
        "supports_remote_managed_ports": False,
        "supports_image_type_aki": False,
        "supports_image_type_ami": True,
        "supports_image_type_ari": False,
        "supports_image_type_iso": False,
        "supports_image_type_qcow2": True,
        "supports_image_type_raw": True,
        "supports_image_type_vdi": False,
        "supports_image_type_vhd": False,
        "supports_image_type_vhdx": False,
        "supports_image_type_vmdk": False,
        "supports_image_type_ploop": False,
    }

    rebalances_nodes = True

    def __init__(self, virtapi, read_only=False):
        super(TyrDriver, self).__init__(virtapi)
        self._shim = None

    @property
    def shim(self):
        # Built on first use, so [tyr] options set after loading still count.
        if self._shim is None:
            self._shim = shim_client.ShimClient(CONF.tyr.shim_url,
                                                CONF.tyr.api_timeout,
                                                CONF.tyr.username,
                                                CONF.tyr.password)
        return self._shim

    def _deploy_timeout(self):
        # The HTTP call outlives the shim's own wait by a margin.
        return (CONF.tyr.deploy_timeout or 86400) + 60

    # -- host and instances -------------------------------------------------

    def init_host(self, host):
        self.shim.call('POST', '/init_host')

    def _instances(self):
        return self.shim.call('GET', '/instances')['instances']

    def list_instances(self):
        return [i['name'] for i in self._instances() if i['name']]

    def list_instance_uuids(self):
        return [i['uuid'] for i in self._instances()]

    def instance_exists(self, instance):
        try:
            self.shim.call('GET', '/instances/%s' % instance.uuid)
            return True
        except exception.NotFound:
            return False

    def get_info(self, instance, use_cache=True):
        info = self.shim.call('GET', '/instances/%s/info' % instance.uuid)
        return hardware.InstanceInfo(state=info['state'])

    # -- lifecycle ------------------------------------------------------------

    def _deploy_body(self, instance, image_meta, network_info, flavor=None):
        body = {
            'node': instance.node,
            'name': instance.name,
            'display_name': instance.display_name,
            'hostname': instance.hostname,
            'host': instance.host or CONF.host,
            'availability_zone': instance.availability_zone,
            'key_name': instance.key_name,
            'key_data': instance.key_data,
            'user_data': _user_data(instance),
            'metadata': dict(instance.metadata or {}),
            'flavor': _flavor(flavor or instance.flavor),
            'image': _image(image_meta),
            'network_info': _vifs(network_info),
            'timeout': CONF.tyr.deploy_timeout or None,
        }
        if network_info:
            body['network_data'] = netutils.get_network_metadata(network_info)
        return body

    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, allocations, network_info=None,
              block_device_info=None, power_on=True, accel_info=None):
        body = self._deploy_body(instance, image_meta, network_info)
        self.shim.call('PUT', '/instances/%s' % instance.uuid, body,
                       timeout=self._deploy_timeout())

    def destroy(self, context, instance, network_info, block_device_info=None,
                destroy_disks=True, destroy_secrets=True):
        self.shim.call('DELETE', '/instances/%s' % instance.uuid,
                       {'network_info': _vifs(network_info)},
                       timeout=self._deploy_timeout())

    def cleanup(self, context, instance, network_info, block_device_info=None,
                destroy_disks=True, migrate_data=None, destroy_vifs=True,
                destroy_secrets=True):
        # destroy() did everything; as in Nova's ironic driver.
        pass

    def rebuild(self, context, instance, image_meta, injected_files,
                admin_password, allocations, bdms, detach_block_devices,
                attach_block_devices, network_info=None, evacuate=False,
                block_device_info=None, preserve_ephemeral=False,
                accel_uuids=None, reimage_boot_volume=False):
        # The compute manager saves the instance after rebuild expecting REBUILD_SPAWNING:
        # the driver moves it there, as Nova's ironic driver and its default rebuild do.
        instance.task_state = task_states.REBUILD_SPAWNING
        instance.save(expected_task_state=[task_states.REBUILDING])
        body = self._deploy_body(instance, image_meta, network_info)
        body['preserve_ephemeral'] = bool(preserve_ephemeral)
        self.shim.call('POST', '/instances/%s/actions/rebuild' % instance.uuid,
                       body, timeout=self._deploy_timeout())

    def _action(self, instance, action, body=None):
        return self.shim.call(
            'POST', '/instances/%s/actions/%s' % (instance.uuid, action),
            body or {})

    def reboot(self, context, instance, network_info, reboot_type,
               block_device_info=None, bad_volumes_callback=None,
               accel_info=None):
        self._action(instance, 'reboot', {'reboot_type': reboot_type})

    def power_off(self, instance, timeout=0, retry_interval=0):
        self._action(instance, 'power_off', {'timeout': timeout})

    def power_on(self, context, instance, network_info,
                 block_device_info=None, accel_info=None):
        self._action(instance, 'power_on')

    def trigger_crash_dump(self, instance):
        self._action(instance, 'trigger_crash_dump')

    def rescue(self, context, instance, network_info, image_meta,
               rescue_password, block_device_info):
        self.shim.call('PUT', '/instances/%s/rescue' % instance.uuid,
                       {'rescue_password': rescue_password})

    def unrescue(self, context, instance):
        self.shim.call('DELETE', '/instances/%s/rescue' % instance.uuid)

    def power_update_event(self, instance, target_power_state):
        state = self.shim.call(
            'POST', '/instances/%s/events/power_update' % instance.uuid,
            {'target_power_state': target_power_state})
        instance.power_state = state['power_state']
        instance.vm_state = state['vm_state']
        instance.task_state = state['task_state']
        instance.save(expected_task_state=state['expected_task_state'])

    # -- networking and console -----------------------------------------------

    def plug_vifs(self, instance, network_info):
        self.shim.call('PUT', '/instances/%s/vifs' % instance.uuid,
                       {'network_info': _vifs(network_info)})

    def unplug_vifs(self, instance, network_info):
        ids = ','.join(v['id'] for v in _vifs(network_info))
        if ids:
            self.shim.call('DELETE', '/instances/%s/vifs' % instance.uuid,
                           params={'ids': ids})

    def attach_interface(self, context, instance, image_meta, vif):
        self.shim.call('POST', '/instances/%s/vifs' % instance.uuid,
                       {'vif': {'id': vif['id'], 'address': vif.get('address')}})

    def detach_interface(self, context, instance, vif):
        try:
            self.shim.call('DELETE', '/instances/%s/vifs/%s'
                           % (instance.uuid, vif['id']))
        except exception.PortNotFound:
            LOG.warning('VIF %s was not attached', vif['id'], instance=instance)

    def get_serial_console(self, context, instance):
        c = self.shim.call('GET', '/instances/%s/console/serial' % instance.uuid)
        return console_type.ConsoleSerial(host=c['host'], port=c['port'])

    # -- the resource tracker ---------------------------------------------------

    def get_available_nodes(self, refresh=False):
        # Always a fresh read, as Nova's ironic driver does: the resource tracker's periodic
        # pass never asks for refresh, and a pass that saw a snapshot taken before an operator
        # repaired a node would keep that node reserved until the next pass. The per-node calls
        # of the same pass are then answered from this read.
        return self.shim.call('GET', '/nodes', params={
            'host': CONF.host, 'refresh': 'true'})['nodes']

    def node_is_available(self, nodename):
        try:
            return self.shim.call('GET', '/nodes/%s' % nodename,
                                  params={'host': CONF.host})['available']
        except exception.NotFound:
            return False

    def get_available_resource(self, nodename):
        res = self.shim.call('GET', '/nodes/%s/resources' % nodename)
        res['supported_instances'] = [tuple(s) for s in
                                      res['supported_instances']]
        res.pop('properties', None)
        return res

    def update_provider_tree(self, provider_tree, nodename, allocations=None):
        tree = self.shim.call('GET', '/nodes/%s/provider_tree' % nodename)
        provider_tree.update_inventory(nodename, tree['inventory'])
        provider_tree.update_traits(nodename, tree['traits'])

    def get_host_ip_addr(self):
        return CONF.my_ip

