// Fake vendor passthru: one method, "echo", that returns its arguments.
import type { NodeContext } from '../interfaces/task.js';
import type { VendorInterface } from '../interfaces/vendor.js';
import { InvalidParameterValue } from '../../errors.js';
import { NO_PROPERTIES } from './delay.js';

export class FakeVendor implements VendorInterface {
  readonly properties = NO_PROPERTIES;
  async validate(): Promise<void> {}
  routes() {
    return { echo: { http_methods: ['POST'], async: false, description: 'Returns its arguments.' } };
  }
  async call(_ctx: NodeContext, method: string, args: Record<string, unknown>): Promise<unknown> {
    if (method !== 'echo') throw new InvalidParameterValue(`Unsupported vendor method "${method}"; the fake vendor interface has: echo.`);
    return args;
  }
}
