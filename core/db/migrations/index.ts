// The ordered list of migrations. Names sort in the order they run; never rename or reorder.
import type { Migration } from './types.js';
import { initial } from './0001-initial.js';
import { inspectionRules } from './0002-inspection-rules.js';
import { hardwareOps } from './0003-hardware-ops.js';
import { conductorUrls } from './0004-conductor-urls.js';
import { allocations } from './0005-allocations.js';
import { volume } from './0006-volume.js';
import { deployTemplates } from './0007-deploy-templates.js';
import { ironicInterfaceNames } from './0008-ironic-interface-names.js';
import { nodeShardIndex } from './0009-node-shard-index.js';
import { conductorHardwareTypes } from './0010-conductor-hardware-types.js';
import { consoleIndexes } from './0011-console-indexes.js';
import { portChangeIndexes } from './0012-port-change-indexes.js';

export const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-inspection-rules': inspectionRules,
  '0003-hardware-ops': hardwareOps,
  '0004-conductor-urls': conductorUrls,
  '0005-allocations': allocations,
  '0006-volume': volume,
  '0007-deploy-templates': deployTemplates,
  '0008-ironic-interface-names': ironicInterfaceNames,
  '0009-node-shard-index': nodeShardIndex,
  '0010-conductor-hardware-types': conductorHardwareTypes,
  '0011-console-indexes': consoleIndexes,
  '0012-port-change-indexes': portChangeIndexes,
};
