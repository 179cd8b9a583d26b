// `noop` network and storage: nothing to set up, and nothing to refuse either.
import type { PassiveInterface } from '../interfaces/kinds.js';
import { NO_PROPERTIES } from '../fake/delay.js';

export class NoopInterface implements PassiveInterface {
  readonly properties = NO_PROPERTIES;
  async validate(): Promise<void> {}
}
