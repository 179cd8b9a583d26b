// ServiceRoot (public, as the standard requires) and the /redfish version document.
import type { SimContext } from '../context.js';
import { link, ok, resource } from '../odata.js';
import type { Route } from '../router.js';

export function rootRoutes(ctx: SimContext): Route[] {
  const root = () =>
    ok(
      resource('/redfish/v1', '#ServiceRoot.v1_11_0.ServiceRoot', {
        Id: 'RootService',
        Name: 'Tyr lab Redfish service',
        RedfishVersion: '1.15.0',
        UUID: ctx.machine.spec.uuid,
        Vendor: ctx.machine.spec.manufacturer,
        Product: 'tyr-redfish-sim',
        ProtocolFeaturesSupported: { ExpandQuery: { ExpandAll: false }, FilterQuery: false, SelectQuery: false, OnlyMemberQuery: false },
        Systems: link('/redfish/v1/Systems'),
        Chassis: link('/redfish/v1/Chassis'),
        Managers: link('/redfish/v1/Managers'),
        SessionService: link('/redfish/v1/SessionService'),
        UpdateService: link('/redfish/v1/UpdateService'),
        TaskService: link('/redfish/v1/TaskService'),
        Registries: link('/redfish/v1/Registries'),
        Links: { Sessions: link('/redfish/v1/SessionService/Sessions') },
      }),
    );
  return [
    { path: '/redfish', public: ['GET'], handlers: { GET: () => ok({ v1: '/redfish/v1/' }) } },
    { path: '/redfish/v1', public: ['GET'], handlers: { GET: root } },
  ];
}
