// Registries: the BIOS attribute registry, found by the Bios resource's AttributeRegistry name;
// its registry file's Location points at the registry JSON.
import { BIOS_ATTRIBUTES, BIOS_REGISTRY_ID } from '../bios-registry.js';
import type { SimContext } from '../context.js';
import { collection, ok, resource } from '../odata.js';
import type { Route } from '../router.js';

const REGISTRIES = '/redfish/v1/Registries';
const FILE = `${REGISTRIES}/${BIOS_REGISTRY_ID}`;
const JSON_PATH = `${FILE}/${BIOS_REGISTRY_ID}.json`;

export function registryRoutes(ctx: SimContext): Route[] {
  return [
    {
      path: REGISTRIES,
      handlers: {
        GET: () => ok(collection(REGISTRIES, '#MessageRegistryFileCollection.MessageRegistryFileCollection', 'Registries', [FILE])),
      },
    },
    {
      path: FILE,
      handlers: {
        GET: () =>
          ok(
            resource(FILE, '#MessageRegistryFile.v1_1_0.MessageRegistryFile', {
              Id: BIOS_REGISTRY_ID,
              Name: 'BIOS Attribute Registry File',
              Languages: ['en'],
              Registry: BIOS_REGISTRY_ID,
              Location: [{ Language: 'en', Uri: JSON_PATH }],
            }),
          ),
      },
    },
    {
      path: JSON_PATH,
      handlers: {
        GET: () =>
          ok(
            resource(JSON_PATH, '#AttributeRegistry.v1_3_0.AttributeRegistry', {
              Id: BIOS_REGISTRY_ID,
              Name: 'BIOS Attribute Registry',
              Language: 'en',
              OwningEntity: ctx.machine.spec.manufacturer,
              RegistryVersion: '1.0.0',
              SupportedSystems: [
                { ProductName: ctx.machine.spec.model, SystemId: ctx.systemId, FirmwareVersion: ctx.machine.state.firmware.BIOS },
              ],
              RegistryEntries: { Attributes: BIOS_ATTRIBUTES.map((a) => ({ ...a })) },
            }),
          ),
      },
    },
  ];
}
