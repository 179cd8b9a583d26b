// Managers/1/VirtualMedia/Cd: InsertMedia downloads the Image (as a BMC does) and makes it the
// CD's medium; EjectMedia removes it. Inserting over an inserted medium is refused: eject first.
import { objectBody, requiredString } from '../body.js';
import type { SimContext } from '../context.js';
import { fail } from '../errors.js';
import { fileNameOf } from '../firmware.js';
import { collection, noContent, ok, resource } from '../odata.js';
import type { Route, SimRequest } from '../router.js';

const COLLECTION = '/redfish/v1/Managers/1/VirtualMedia';
const CD = `${COLLECTION}/Cd`;

export function virtualMediaRoutes(ctx: SimContext): Route[] {
  const { state } = ctx.machine;

  async function insert(req: SimRequest) {
    const body = objectBody(req);
    const image = requiredString(body, 'Image');
    if (body.Inserted === false)
      fail(400, 'ActionParameterValueConflict', 'InsertMedia with Inserted false would insert nothing; leave Inserted out or set it true.');
    if (state.media.inserted) fail(409, 'ResourceInUse', `The virtual CD already holds ${state.media.image}; eject it first (EjectMedia).`);
    try {
      await ctx.machine.insertMedia(image, body.WriteProtected !== false);
    } catch (err) {
      fail(
        400,
        'ActionParameterValueError',
        `The BMC could not use the image ${image}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    return noContent();
  }

  async function eject() {
    if (!state.media.inserted) fail(400, 'ActionNotSupported', 'The virtual CD holds no medium to eject.');
    await ctx.machine.ejectMedia();
    return noContent();
  }

  return [
    {
      path: COLLECTION,
      handlers: { GET: () => ok(collection(COLLECTION, '#VirtualMediaCollection.VirtualMediaCollection', 'Virtual Media', [CD])) },
    },
    {
      path: CD,
      handlers: {
        GET: () =>
          ok(
            resource(CD, '#VirtualMedia.v1_3_0.VirtualMedia', {
              Id: 'Cd',
              Name: 'Virtual CD',
              MediaTypes: ['CD', 'DVD'],
              Image: state.media.image,
              ImageName: state.media.image ? fileNameOf(state.media.image) : null,
              Inserted: state.media.inserted,
              WriteProtected: state.media.writeProtected,
              ConnectedVia: state.media.inserted ? 'URI' : 'NotConnected',
              TransferProtocolType: state.media.image?.startsWith('https:') ? 'HTTPS' : state.media.image ? 'HTTP' : null,
              Actions: {
                '#VirtualMedia.InsertMedia': { target: `${CD}/Actions/VirtualMedia.InsertMedia` },
                '#VirtualMedia.EjectMedia': { target: `${CD}/Actions/VirtualMedia.EjectMedia` },
              },
            }),
          ),
      },
    },
    { path: `${CD}/Actions/VirtualMedia.InsertMedia`, handlers: { POST: insert } },
    { path: `${CD}/Actions/VirtualMedia.EjectMedia`, handlers: { POST: eject } },
  ];
}
