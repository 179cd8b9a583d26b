// /v1/volume/connectors (API 1.32+): a node's identities on the storage network (its iSCSI
// initiator IQN, FC WWPNs, IP…). A connector's (type, connector_id) is unique.
import type { Store } from '../../db/store.js';
import type { VolumeConnector } from '../../db/types.js';
import { InvalidParameterValue } from '../../errors.js';
import { checkPatched } from '../body.js';
import type { ApiDeps } from '../deps.js';
import type { ResourceSpec } from '../resource-router.js';
import { idToUuid } from '../uuid-map.js';
import { nodeFilter, nodeIdOf, requirePoweredOff } from './node-side.js';

export const CONNECTOR_TYPES = ['iqn', 'ip', 'mac', 'wwnn', 'wwpn', 'port', 'portgroup'];

export function connectorSpec({ store }: ApiDeps): ResourceSpec<VolumeConnector> {
  const writable = {
    uuid: { type: 'string' },
    node_uuid: { type: 'string' },
    type: { type: 'string' },
    connector_id: { type: 'string' },
    extra: { type: 'object', nullable: true },
  } as const;
  const required = ['node_uuid', 'type', 'connector_id'];
  return {
    plural: 'connectors',
    path: 'volume/connectors',
    noun: 'volume connector',
    since: 32,
    detail: 'query',
    fieldSince: { uuid: 32, node_uuid: 32, type: 32, connector_id: 32, extra: 32, created_at: 32, updated_at: 32 },
    listFields: ['uuid', 'node_uuid', 'type', 'connector_id'],
    writable,
    required,
    readOnly: new Set(['uuid', 'created_at', 'updated_at', 'links']),
    get: (_req, ident) => store.volumeConnectors.getByIdent(ident),
    list: async (req, page) => store.volumeConnectors.list(await nodeFilter(req, store), page),
    represent: async (_req, rows) => {
      const nodes = await idToUuid(
        rows.map((c) => c.node_id),
        (id) => store.nodes.findById(id),
      );
      return (c) => ({
        uuid: c.uuid,
        node_uuid: nodes.get(c.node_id) ?? null,
        type: c.type,
        connector_id: c.connector_id,
        extra: c.extra,
        created_at: c.created_at,
        updated_at: c.updated_at,
      });
    },
    toColumns: async (_req, fields) => {
      checkPatched(fields, writable, required);
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(fields)) {
        if (key === 'node_uuid') out.node_id = await nodeIdOf(store, value, 'volume connector');
        else if (key === 'type' && !CONNECTOR_TYPES.includes(String(value))) {
          throw new InvalidParameterValue(
            `Invalid volume connector type ${JSON.stringify(value)}; use one of ${CONNECTOR_TYPES.join(', ')}.`,
          );
        } else if (key === 'extra') out.extra = value ?? {};
        else out[key] = value;
      }
      return out;
    },
    create: (c) => store.volumeConnectors.create(c as Parameters<Store['volumeConnectors']['create']>[0]),
    update: async (row, c) => {
      const changes = c as Partial<VolumeConnector>;
      await requirePoweredOff(store, changes.node_id ?? row.node_id, 'volume connector update');
      // The pair is unique together: a conflict message names both halves.
      return store.volumeConnectors.update(row.id, { type: row.type, connector_id: row.connector_id, ...changes });
    },
    remove: async (row) => {
      await requirePoweredOff(store, row.node_id, 'volume connector deletion');
      await store.volumeConnectors.delete(row.id);
    },
  };
}
