// What every router is handed: the repositories, the conductor contract and the configuration.
import type { Config } from '../config.js';
import type { ConductorApi } from '../conductor/conductor-api.js';
import type { Store } from '../db/store.js';

export interface ApiDeps {
  store: Store;
  conductor: ConductorApi;
  config: Config;
}
