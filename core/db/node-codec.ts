// A nodes row becomes a Node here and nowhere else. provision_state and target_provision_state are
// TEXT in the database but a closed set in Tyr, so they are checked once on the way in: a value the
// state table does not know would otherwise reach the state machine as if it were a state.
import type { Selectable } from 'kysely';
import { InvalidStoredRow } from '../errors.js';
import { isProvisionState } from '../states/provision-states.js';
import { type Codec, makeCodec } from './codec.js';
import type { NodesTable } from './schema.js';
import type { Node } from './types.js';

type NodeRow = Selectable<NodesTable>;

const columns = makeCodec<NodeRow, Node>({
  json: [
    'driver_info',
    'driver_internal_info',
    'properties',
    'instance_info',
    'extra',
    'clean_step',
    'deploy_step',
    'raid_config',
    'target_raid_config',
    'network_data',
  ],
  bool: ['maintenance', 'console_enabled', 'automated_clean', 'protected', 'retired', 'secure_boot'],
  jsonDefault: {
    driver_info: {},
    driver_internal_info: {},
    properties: {},
    instance_info: {},
    extra: {},
    raid_config: {},
    target_raid_config: {},
    network_data: {},
  },
});

function unknownState(row: NodeRow, column: 'provision_state' | 'target_provision_state'): InvalidStoredRow {
  return new InvalidStoredRow(
    `Node ${row.uuid} (id ${row.id}) has ${column} ${JSON.stringify(row[column])} in the database, ` +
      'which is not a provision state Tyr knows; set the row to a valid state (for example "manageable").',
  );
}

export const nodeCodec: Codec<NodeRow, Node> = {
  decode(row) {
    if (!isProvisionState(row.provision_state)) throw unknownState(row, 'provision_state');
    if (row.target_provision_state !== null && !isProvisionState(row.target_provision_state))
      throw unknownState(row, 'target_provision_state');
    return columns.decode(row);
  },
  encode: (node) => columns.encode(node),
};
