// /v1/volume/targets (API 1.32+): remote volumes a node boots from (boot_index 0) or attaches.
// A node uses each boot_index once.
import type { Store } from '../../db/store.js';
import type { VolumeTarget } from '../../db/types.js';
import { checkPatched } from '../body.js';
import type { ApiDeps } from '../deps.js';
import type { ResourceSpec } from '../resource-router.js';
import { idToUuid } from '../uuid-map.js';
import { nodeFilter, nodeIdOf, requirePoweredOff } from './node-side.js';

export function targetSpec({ store }: ApiDeps): ResourceSpec<VolumeTarget> {
  const writable = {
    uuid: { type: 'string' },
    node_uuid: { type: 'string' },
    volume_type: { type: 'string' },
    volume_id: { type: 'string' },
    boot_index: { type: 'integer' },
    properties: { type: 'object', nullable: true },
    extra: { type: 'object', nullable: true },
  } as const;
  const required = ['node_uuid', 'volume_type', 'boot_index', 'volume_id'];
  return {
    plural: 'targets',
    path: 'volume/targets',
    noun: 'volume target',
    since: 32,
    detail: 'query',
    fieldSince: {
      uuid: 32,
      node_uuid: 32,
      volume_type: 32,
      properties: 32,
      boot_index: 32,
      volume_id: 32,
      extra: 32,
      created_at: 32,
      updated_at: 32,
    },
    listFields: ['uuid', 'node_uuid', 'volume_type', 'boot_index', 'volume_id'],
    writable,
    required,
    readOnly: new Set(['uuid', 'created_at', 'updated_at', 'links']),
    get: (_req, ident) => store.volumeTargets.getByIdent(ident),
    list: async (req, page) => store.volumeTargets.list(await nodeFilter(req, store), page),
    represent: async (_req, rows) => {
      const nodes = await idToUuid(
        rows.map((t) => t.node_id),
        (id) => store.nodes.findById(id),
      );
      return (t) => ({
        uuid: t.uuid,
        node_uuid: nodes.get(t.node_id) ?? null,
        volume_type: t.volume_type,
        properties: t.properties,
        boot_index: t.boot_index,
        volume_id: t.volume_id,
        extra: t.extra,
        created_at: t.created_at,
        updated_at: t.updated_at,
      });
    },
    toColumns: async (_req, fields) => {
      checkPatched(fields, writable, required);
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(fields)) {
        if (key === 'node_uuid') out.node_id = await nodeIdOf(store, value, 'volume target');
        else if (key === 'extra' || key === 'properties') out[key] = value ?? {};
        else out[key] = value;
      }
      return out;
    },
    create: (c) => store.volumeTargets.create(c as Parameters<Store['volumeTargets']['create']>[0]),
    update: async (row, c) => {
      const changes = c as Partial<VolumeTarget>;
      await requirePoweredOff(store, changes.node_id ?? row.node_id, 'volume target update');
      // boot_index is unique per node: a conflict message names it.
      return store.volumeTargets.update(row.id, { boot_index: row.boot_index, ...changes });
    },
    remove: async (row) => {
      await requirePoweredOff(store, row.node_id, 'volume target deletion');
      await store.volumeTargets.delete(row.id);
    },
  };
}
