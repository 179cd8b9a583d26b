// Software RAID with mdadm: create_configuration builds one array per logical disk (metadata
// 1.2 at the start of the members), delete_configuration stops every array and wipes its
// members' superblocks. The result is Ironic's raid_config shape, with the md device as each
// volume's root_device_hint, so the deploy can pick the root volume.
import fs from 'node:fs';
import { run } from '../exec.js';
import { writableDisks } from '../image/disks.js';
import { log } from '../log.js';
import { parseMdstat, planArrays, type MdPlan } from './config.js';

const MDSTAT = () => process.env.TYR_AGENT_MDSTAT ?? '/proc/mdstat';

function mdadmCreateArgs(p: MdPlan): string[] {
  return [
    '--create',
    p.device,
    '--run',
    '--metadata=1.2',
    `--level=${p.level}`,
    `--raid-devices=${p.disks.length}`,
    ...(p.size_kib !== null ? [`--size=${p.size_kib}`] : []),
    ...(p.volume_name ? [`--name=${p.volume_name}`] : []),
    ...p.disks,
  ];
}

async function sizeGb(device: string): Promise<number> {
  const bytes = Number((await run('blockdev', ['--getsize64', device])).stdout.trim());
  return Math.round((bytes / 2 ** 30) * 100) / 100;
}

export async function createConfiguration(args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const disks = (await writableDisks()).map((d) => d.name);
  const plans = planArrays(args.target_raid_config, disks);
  const logical = [];
  for (const p of plans) {
    log.info(`create_configuration: RAID ${p.raid_level} ${p.device} over ${p.disks.join(', ')}`);
    for (const d of p.disks) await run('wipefs', ['--all', '--force', d], 60_000);
    await run('mdadm', mdadmCreateArgs(p), 300_000);
    logical.push({
      raid_level: p.raid_level,
      size_gb: await sizeGb(p.device),
      is_root_volume: p.is_root_volume,
      controller: 'software',
      physical_disks: p.disks,
      volume_name: p.volume_name ?? p.device.slice(5),
      root_device_hint: { name: p.device },
    });
  }
  return { raid_config: { logical_disks: logical } };
}

export async function deleteConfiguration(): Promise<Record<string, unknown>> {
  const arrays = fs.existsSync(MDSTAT()) ? parseMdstat(fs.readFileSync(MDSTAT(), 'utf8')) : {};
  for (const [md, members] of Object.entries(arrays)) {
    log.info(`delete_configuration: stopping ${md} (${members.join(', ')})`);
    await run('mdadm', ['--stop', md], 120_000);
    for (const m of members) await run('mdadm', ['--zero-superblock', m], 60_000).catch(() => undefined);
  }
  return { deleted: Object.keys(arrays) };
}

export { mdadmCreateArgs };
