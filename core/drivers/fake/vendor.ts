// Fake vendor passthru, for trying the passthru API: `first_method` answers at once with its
// arguments (200), `second_method` runs in the background (202) and only waits the fake delay.
// Drivers get `first_method` too.
import type { NodeContext } from '../interfaces/task.js';
import { passthru, type PassthruArgs, type VendorInterface } from '../interfaces/vendor.js';
import { fakeDelay, NO_PROPERTIES } from './delay.js';

export class FakeVendor implements VendorInterface {
  readonly properties = NO_PROPERTIES;
  async validate(): Promise<void> {}

  routes() {
    return {
      first_method: passthru(['POST'], 'Returns the arguments it was given.', { async: false, require_exclusive_lock: false }),
      second_method: passthru(['POST'], 'Does nothing, in the background.'),
    };
  }

  async call(ctx: NodeContext, method: string, args: PassthruArgs): Promise<unknown> {
    if (method === 'second_method') return fakeDelay(ctx);
    return args;
  }

  driverRoutes() {
    return { first_method: passthru(['POST'], 'Returns the arguments it was given.', { async: false, require_exclusive_lock: false }) };
  }

  async driverCall(_config: unknown, _method: string, args: PassthruArgs): Promise<unknown> {
    return args;
  }
}
