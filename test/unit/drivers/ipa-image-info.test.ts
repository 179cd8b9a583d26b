// The image_info sent to a stock IPA (Ironic's AgentDeploy.write_image shape) and which dialect a
// node's agent gets (the boot mode rule itself: test/unit/boot/boot-mode.test.ts).
import { expect } from 'chai';
import { loadConfig } from '../../../core/config-load.js';
import type { Node } from '../../../core/db/types.js';
import { InvalidParameterValue } from '../../../core/errors.js';
import { agentDialect } from '../../../core/drivers/ramdisk-agent/dialect.js';
import { IPA_DIALECT } from '../../../core/drivers/ramdisk-agent/ipa-dialect.js';
import { TYR_DIALECT } from '../../../core/drivers/ramdisk-agent/tyr-dialect.js';
import type { NodeContext } from '../../../core/drivers/interfaces/task.js';
import { ipaImageInfo, isPartitionImage } from '../../../core/drivers/ramdisk-agent/ipa-image-info.js';
import { testLogger } from '../../helpers/test-logger.js';

const UUID = '5d1f0c3a-7b8e-4c2d-9e1f-0a1b2c3d4e5f';
const IMAGE = { image_source: 'http://img/x.raw', image_checksum: 'a'.repeat(32), image_disk_format: 'raw' };

function ctx(instance_info: Record<string, unknown>, extra: Partial<Node> = {}): NodeContext {
  const node = {
    uuid: UUID,
    instance_info,
    properties: {},
    boot_mode: null,
    raid_config: null,
    driver_internal_info: {},
    ...extra,
  } as unknown as Node;
  return { node, log: testLogger(), config: loadConfig({ env: {} }) };
}

describe('IPA image_info and boot mode', () => {
  it("a whole-disk image: Tyr's image_info plus node_uuid, stream_raw_images and image_type", () => {
    const info = ipaImageInfo(ctx(IMAGE));
    expect(info).to.include({
      id: UUID,
      node_uuid: UUID,
      checksum: IMAGE.image_checksum,
      disk_format: 'raw',
      stream_raw_images: true,
      image_type: 'whole-disk',
      container_format: 'bare',
    });
    expect(info).not.to.have.property('root_mb');
  });

  it('a partition image: root_mb from root_gb, swap, ephemeral, boot mode and local boot', () => {
    const info = ipaImageInfo(
      ctx({ ...IMAGE, image_type: 'partition', root_gb: '20', ephemeral_gb: 2, ephemeral_format: 'ext4' }, { boot_mode: 'uefi' }),
    );
    expect(info).to.include({
      image_type: 'partition',
      root_mb: 20480,
      swap_mb: 0,
      ephemeral_mb: 2048,
      ephemeral_format: 'ext4',
      deploy_boot_mode: 'uefi',
      boot_option: 'local',
      preserve_ephemeral: false,
    });
  });

  it('a partition image without a usable root_gb is refused with what to set', () => {
    for (const root_gb of [undefined, 0, -1, 'ten', 1.5]) {
      expect(() => ipaImageInfo(ctx({ ...IMAGE, image_type: 'partition', root_gb })), String(root_gb)).to.throw(
        InvalidParameterValue,
        /instance_info\/root_gb as a positive whole number/,
      );
    }
  });

  it("Ironic's partition rule: image_type, else a kernel and a ramdisk of the image's own", () => {
    expect(isPartitionImage({ image_type: 'partition' })).to.equal(true);
    expect(isPartitionImage({ image_type: 'whole-disk', kernel: 'k', ramdisk: 'r' })).to.equal(false);
    expect(isPartitionImage({ kernel: 'k', ramdisk: 'r' })).to.equal(true);
    expect(isPartitionImage({ kernel: 'k' })).to.equal(false);
  });
});

describe('the agent dialect of a node', () => {
  const withVersion = (agent_version: unknown) => ctx(IMAGE, { driver_internal_info: { agent_version } });
  it("follows the heartbeat's agent_version: IPA's for 9.4.1, Tyr's for 0.1.0 or none", () => {
    expect(agentDialect(withVersion('9.4.1'))).to.equal(IPA_DIALECT);
    expect(agentDialect(withVersion('0.1.0'))).to.equal(TYR_DIALECT);
    expect(agentDialect(withVersion(undefined))).to.equal(TYR_DIALECT);
  });
});
