// Managers and the BMC itself (Managers/1); virtual media hangs off it (virtual-media.ts).
import type { SimContext } from '../context.js';
import { ENABLED, collection, link, ok, resource } from '../odata.js';
import type { Route } from '../router.js';

export function managerRoutes(ctx: SimContext): Route[] {
  const path = '/redfish/v1/Managers/1';
  return [
    {
      path: '/redfish/v1/Managers',
      handlers: { GET: () => ok(collection('/redfish/v1/Managers', '#ManagerCollection.ManagerCollection', 'Managers', [path])) },
    },
    {
      path,
      handlers: {
        GET: () =>
          ok(
            resource(path, '#Manager.v1_10_0.Manager', {
              Id: '1',
              Name: 'Tyr lab BMC',
              ManagerType: 'BMC',
              Manufacturer: ctx.machine.spec.manufacturer,
              Model: 'tyr-redfish-sim',
              FirmwareVersion: ctx.machine.state.firmware.BMC,
              UUID: ctx.machine.spec.uuid,
              PowerState: 'On',
              Status: ENABLED,
              VirtualMedia: link(`${path}/VirtualMedia`),
              Links: { ManagerForServers: [link(ctx.systemPath)], ManagerForChassis: [link('/redfish/v1/Chassis/1')] },
            }),
          ),
      },
    },
  ];
}
