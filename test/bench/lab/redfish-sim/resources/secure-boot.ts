// SecureBoot: SecureBootEnable is writable; it takes effect at the next boot, as on real firmware,
// so SecureBootCurrentBoot reports what the last boot used.
import { objectBody, onlyProperties } from '../body.js';
import type { SimContext } from '../context.js';
import { fail } from '../errors.js';
import { noContent, ok, resource } from '../odata.js';
import type { Route } from '../router.js';

export function secureBootRoutes(ctx: SimContext): Route[] {
  const path = `${ctx.systemPath}/SecureBoot`;
  const { state } = ctx.machine;
  return [
    {
      path,
      handlers: {
        GET: () =>
          ok(
            resource(path, '#SecureBoot.v1_1_0.SecureBoot', {
              Id: 'SecureBoot',
              Name: 'UEFI Secure Boot',
              SecureBootEnable: state.secureBootEnable,
              SecureBootCurrentBoot: state.secureBootCurrentBoot ? 'Enabled' : 'Disabled',
              SecureBootMode: 'UserMode',
            }),
          ),
        PATCH: (req) => {
          const body = objectBody(req);
          onlyProperties(body, ['SecureBootEnable'], path);
          if (typeof body.SecureBootEnable !== 'boolean')
            return fail(400, 'PropertyValueTypeError', 'SecureBootEnable must be true or false.');
          if (body.SecureBootEnable && state.bootOverride.mode === 'Legacy') {
            return fail(400, 'PropertyValueConflict', 'Secure boot needs UEFI: set Boot.BootSourceOverrideMode to UEFI first.');
          }
          state.secureBootEnable = body.SecureBootEnable;
          return noContent();
        },
      },
    },
  ];
}
