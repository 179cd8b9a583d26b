// Mocha root hooks: shared test infrastructure is torn down once, after the whole run.
import { stopBaremetalCli } from './helpers/baremetal-cli.js';
import { stopMariadb } from './helpers/mariadb.js';
import { stopPostgres } from './helpers/postgres.js';

export const mochaHooks = {
  afterAll(): void {
    stopPostgres();
    stopBaremetalCli();
    stopMariadb();
  },
};
