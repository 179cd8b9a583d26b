#!/usr/bin/python3
"""Walks a Redfish service with python3-sushy (the library Ironic's redfish driver uses) and
performs the actions Tyr's driver needs, printing one JSON document for the mocha test to check
against the simulator's state.

Input (environment, so the password never appears on argv): SUSHY_URL, SUSHY_USERNAME,
SUSHY_PASSWORD, SUSHY_CA (CA bundle), SUSHY_IMAGE_URL (an ISO), SUSHY_FIRMWARE_URL (an image
whose file name carries its version).
"""
import json
import logging
import os
import sys

import sushy
from sushy import auth

logging.basicConfig(level=logging.ERROR, stream=sys.stderr)

env = os.environ
out = {}

conn = sushy.Sushy(
    env['SUSHY_URL'],
    verify=env['SUSHY_CA'],
    auth=auth.SessionAuth(username=env['SUSHY_USERNAME'], password=env['SUSHY_PASSWORD']),
)
# Debian's python3-sushy 4.3.3 ships without sushy/standard_registries/ (the DMTF message registries
# sushy packages), so listing them fails; the service's own registries (the BIOS attribute
# registry under test) are still read from the BMC.
conn._get_standard_message_registry_collection = lambda: []
out['root'] = {'uuid': conn.uuid, 'product': conn.product}

system = conn.get_system('/redfish/v1/Systems/1')
out['system'] = {
    'manufacturer': system.manufacturer,
    'serial': system.serial_number,
    'power': system.power_state.value,
    'boot_allowed': sorted(v.value for v in system.get_allowed_system_boot_source_values()),
    'cpu_count': system.processors.summary[0],
    'cpu_arch': system.processors.summary[1].value if system.processors.summary[1] else None,
    'cores': sum(p.total_cores for p in system.processors.get_members()),
    'memory_gib': system.memory_summary.size_gib,
    'secure_boot': system.secure_boot.enabled,
}
out['nics'] = sorted(
    ({'mac': n.mac_address, 'speed': n.speed_mbps} for n in system.ethernet_interfaces.get_members()),
    key=lambda n: n['mac'],
)
out['simple_storage'] = sorted(
    d.capacity_bytes for s in system.simple_storage.get_members() for d in s.devices
)
# RAID on a system object of its own: sushy's refresh() re-reads cached sub-resources, and the
# deleted volume would then be a 404 on every later system.refresh().
storage = conn.get_system('/redfish/v1/Systems/1').storage.get_members()[0]
out['drives'] = sorted(
    ({'id': d.identity, 'bytes': d.capacity_bytes, 'media': d.media_type} for d in storage.drives),
    key=lambda d: d['id'],
)
out['raid_types'] = sorted(r.value for r in storage.storage_controllers[0].raid_types)
drive_paths = [d.path for d in storage.drives]
volume = storage.volumes.create({'RAIDType': 'RAID1', 'Links': {'Drives': [{'@odata.id': p} for p in drive_paths[:2]]}})
out['volume_created'] = {'raid': volume.raid_type.value, 'bytes': volume.capacity_bytes}
storage.volumes.refresh()
out['volumes_after_create'] = len(storage.volumes.get_members())
volume.delete()
# A fresh system object: refreshing the cached collection would re-read the deleted member.
fresh = conn.get_system('/redfish/v1/Systems/1').storage.get_members()[0]
out['volumes_after_delete'] = len(fresh.volumes.members_identities)

bios = system.bios
registry = bios.get_attribute_registry()
attrs = {a.name: a for a in registry.registry_entries.attributes}
out['bios'] = {
    'turbo': bios.attributes['ProcTurboMode'],
    'registry_turbo_values': [v['ValueName'] for v in attrs['ProcTurboMode'].allowable_values],
    'registry_read_only': sorted(n for n, a in attrs.items() if a.read_only),
    'apply_times': sorted(t.value for t in bios.supported_apply_times),
}
bios.set_attributes({'ProcTurboMode': 'Disabled'})
out['bios']['pending'] = bios.pending_attributes

manager = conn.get_manager('/redfish/v1/Managers/1')
cd = manager.virtual_media.get_members()[0]
out['vmedia'] = {'id': cd.identity, 'types': sorted(t.value for t in cd.media_types), 'inserted_before': cd.inserted}
cd.insert_media(env['SUSHY_IMAGE_URL'], inserted=True, write_protected=True)
cd.refresh()
out['vmedia']['inserted'] = cd.inserted
out['vmedia']['image'] = cd.image

system.set_system_boot_options(target=sushy.BootSource.PXE, enabled=sushy.BootSourceOverrideEnabled.ONCE)
system.reset_system(sushy.ResetType.ON)
system.refresh()
out['after_on'] = {'power': system.power_state.value, 'boot_enabled': system.boot.enabled.value}
bios.refresh()
out['bios']['turbo_after_reset'] = bios.attributes['ProcTurboMode']
cd.eject_media()
cd.refresh()
out['vmedia']['inserted_after_eject'] = cd.inserted
system.reset_system(sushy.ResetType.FORCE_OFF)
system.refresh()
out['after_off'] = {'power': system.power_state.value}

chassis = conn.get_chassis('/redfish/v1/Chassis/1')
out['chassis'] = {
    'temperatures': [t.name for t in chassis.thermal.temperatures],
    'fans': [f.name for f in chassis.thermal.fans],
    'power_supplies': [p.name for p in chassis.power.power_supplies],
}

update = conn.get_update_service()
out['firmware_before'] = {f.identity: f.version for f in update.firmware_inventory.get_members()}
monitor = update.simple_update(env['SUSHY_FIRMWARE_URL'])
monitor.wait(120)
task = monitor.get_task()
out['update_task'] = {'state': task.task_state.value, 'messages': [m.message for m in task.messages]}
update.firmware_inventory.refresh()
out['firmware_after'] = {f.identity: f.version for f in update.firmware_inventory.get_members()}

conn._conn._auth.close()
json.dump(out, sys.stdout)
