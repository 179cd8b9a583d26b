// The config-drive layout cloud-init, glean and Tyr's agent read: openstack/latest/ with
// meta_data.json (always, with the node's UUID), user_data, network_data.json and
// vendor_data.json. Written into a directory that an ISO builder then packs; both the
// instance's config drive (core/conductor/provision-inputs/configdrive.ts) and the
// virtual-media boot ISO (core/boot/vmedia/) use it, so the two never disagree on the layout.
import fs from 'node:fs/promises';
import path from 'node:path';

/** The volume label readers look for. */
export const CONFIG_DRIVE_LABEL = 'config-2';

export interface ConfigDriveDocument {
  meta_data?: Record<string, unknown>;
  user_data?: string | Record<string, unknown> | unknown[];
  network_data?: Record<string, unknown>;
  vendor_data?: Record<string, unknown>;
}

export async function writeConfigDriveTree(tree: string, doc: ConfigDriveDocument, nodeUuid: string): Promise<void> {
  const latest = path.join(tree, 'openstack', 'latest');
  await fs.mkdir(latest, { recursive: true });
  // cloud-init needs a uuid in meta_data; the node's UUID is the natural default.
  const meta = { uuid: nodeUuid, ...(doc.meta_data ?? {}) };
  await fs.writeFile(path.join(latest, 'meta_data.json'), JSON.stringify(meta));
  if (doc.user_data !== undefined) {
    const ud = typeof doc.user_data === 'string' ? doc.user_data : JSON.stringify(doc.user_data);
    await fs.writeFile(path.join(latest, 'user_data'), ud);
  }
  if (doc.network_data !== undefined) await fs.writeFile(path.join(latest, 'network_data.json'), JSON.stringify(doc.network_data));
  if (doc.vendor_data !== undefined) await fs.writeFile(path.join(latest, 'vendor_data.json'), JSON.stringify(doc.vendor_data));
}
