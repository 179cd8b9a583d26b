// UpdateService: FirmwareInventory (BMC, BIOS), SimpleUpdate (the sim downloads ImageURI) and the
// multipart push; each update is a task whose monitor is the answer's Location. The component and
// version an image carries are decided in firmware.ts.
import { objectBody, requiredString } from '../body.js';
import type { SimContext } from '../context.js';
import { fail, notFound } from '../errors.js';
import { fetchUrl } from '../fetch-url.js';
import { componentFor, FIRMWARE_COMPONENTS, type FirmwareComponent, fileNameOf, versionOf } from '../firmware.js';
import { parseMultipart } from '../multipart.js';
import { ENABLED, collection, link, ok, resource } from '../odata.js';
import { param, type Route, type SimRequest } from '../router.js';
import { MONITORS } from './tasks.js';

const SERVICE = '/redfish/v1/UpdateService';
const INVENTORY = `${SERVICE}/FirmwareInventory`;
const PUSH = `${SERVICE}/upload`;
const PROTOCOLS = ['HTTP', 'HTTPS'];
/** How long "flashing" takes after the image arrived: long enough for a client to see 202. */
const FLASH_MS = 300;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function updateRoutes(ctx: SimContext): Route[] {
  // Read through the state each time: tests may replace sim.state.firmware.
  const firmware = () => ctx.machine.state.firmware;

  /** Starts the task that flashes what `image()` yields and answers with its monitor. */
  function startUpdate(label: string, image: () => Promise<{ component: FirmwareComponent; version: string }>) {
    const task = ctx.tasks.start(`Firmware update from ${label}`, async () => {
      const { component, version } = await image();
      await pause(FLASH_MS);
      const previous = firmware()[component];
      firmware()[component] = version;
      return `${component} firmware updated from ${previous} to ${version}.`;
    });
    return { status: 202, headers: { Location: `${MONITORS}/${task.id}` } };
  }

  function simpleUpdate(req: SimRequest) {
    const body = objectBody(req);
    const uri = requiredString(body, 'ImageURI');
    const protocol = body.TransferProtocol;
    if (protocol !== undefined && (typeof protocol !== 'string' || !PROTOCOLS.includes(protocol))) {
      fail(
        400,
        'ActionParameterNotSupported',
        `TransferProtocol ${JSON.stringify(protocol)} is not supported; use ${PROTOCOLS.join(' or ')}.`,
      );
    }
    const fileName = fileNameOf(uri);
    return startUpdate(uri, async () => {
      let head: Buffer;
      try {
        ({ head } = await fetchUrl(uri, null));
      } catch (err) {
        throw new Error(`The BMC could not download the image ${uri}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      return { component: componentFor(fileName, body.Targets), version: versionOf(fileName, head) };
    });
  }

  function multipartPush(req: SimRequest) {
    const parts = parseMultipart(req.raw, String(req.headers['content-type'] ?? ''));
    const file = parts?.find((p) => p.name === 'UpdateFile');
    if (!parts || !file)
      return fail(400, 'ActionParameterMissing', 'A multipart push needs an UpdateFile part (and optionally UpdateParameters JSON).');
    const paramsPart = parts.find((p) => p.name === 'UpdateParameters');
    let targets: unknown;
    try {
      targets = paramsPart ? (JSON.parse(paramsPart.data.toString('utf8')) as { Targets?: unknown }).Targets : undefined;
    } catch {
      fail(400, 'MalformedJSON', 'The UpdateParameters part is not valid JSON.');
    }
    const fileName = file.fileName ?? 'image';
    return startUpdate(fileName, async () => ({
      component: componentFor(fileName, targets),
      version: versionOf(fileName, file.data.subarray(0, 512)),
    }));
  }

  const inventoryBody = (component: FirmwareComponent) =>
    resource(`${INVENTORY}/${component}`, '#SoftwareInventory.v1_3_0.SoftwareInventory', {
      Id: component,
      Name: component === 'BMC' ? 'BMC firmware' : 'BIOS',
      Version: firmware()[component],
      Updateable: true,
      Status: ENABLED,
    });

  return [
    {
      path: SERVICE,
      handlers: {
        GET: () =>
          ok(
            resource(SERVICE, '#UpdateService.v1_8_0.UpdateService', {
              Id: 'UpdateService',
              Name: 'Update Service',
              ServiceEnabled: true,
              MultipartHttpPushUri: PUSH,
              FirmwareInventory: link(INVENTORY),
              Actions: {
                '#UpdateService.SimpleUpdate': {
                  target: `${SERVICE}/Actions/UpdateService.SimpleUpdate`,
                  'TransferProtocol@Redfish.AllowableValues': PROTOCOLS,
                },
              },
              Status: ENABLED,
            }),
          ),
      },
    },
    { path: `${SERVICE}/Actions/UpdateService.SimpleUpdate`, handlers: { POST: simpleUpdate } },
    { path: PUSH, handlers: { POST: multipartPush } },
    {
      path: INVENTORY,
      handlers: {
        GET: () =>
          ok(
            collection(
              INVENTORY,
              '#SoftwareInventoryCollection.SoftwareInventoryCollection',
              'Firmware Inventory',
              FIRMWARE_COMPONENTS.map((c) => `${INVENTORY}/${c}`),
            ),
          ),
      },
    },
    {
      path: `${INVENTORY}/:id`,
      handlers: {
        GET: (req) => {
          const component = FIRMWARE_COMPONENTS.find((c) => c === param(req, 'id'));
          return component ? ok(inventoryBody(component)) : notFound(req.path);
        },
      },
    },
  ];
}
