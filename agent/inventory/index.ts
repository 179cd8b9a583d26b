// The whole inventory (IPA keys plus pci_devices). Sections are collected in parallel; a section
// whose tool fails is logged and reported empty rather than losing the whole inventory.
import os from 'node:os';
import { errorText, log } from '../log.js';
import type { Inventory } from '../../protocol/agent-wire.js';
import { collectBmcAddress } from './bmc.js';
import { collectBoot, currentBootMode } from './boot.js';
import { collectCpu, collectMemory } from './cpu-memory.js';
import { collectDisks } from './disks.js';
import { collectInterfaces } from './interfaces.js';
import { collectPci } from './pci.js';
import { collectSystemVendor } from './system.js';

async function section<T>(name: string, collect: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await collect();
  } catch (err) {
    log.warn(`inventory: ${name} failed, reported empty: ${errorText(err)}`);
    return fallback;
  }
}

export async function collectInventory(bootifMac: string | null): Promise<Inventory> {
  const [cpu, memory, disks, interfaces, systemVendor, bmcAddress, pci, boot] = await Promise.all([
    section('cpu', collectCpu, { model_name: 'unknown', frequency: '0', count: os.cpus().length, architecture: os.machine(), flags: [] }),
    section('memory', collectMemory, { total: os.totalmem(), physical_mb: Math.ceil(os.totalmem() / 2 ** 20) }),
    section('disks', collectDisks, []),
    section('interfaces', collectInterfaces, []),
    section('system', collectSystemVendor, {
      product_name: null,
      serial_number: null,
      manufacturer: null,
      firmware: { vendor: null, version: null, build_date: null },
    }),
    section('bmc', () => collectBmcAddress(), null),
    section('pci', collectPci, []),
    section('boot', () => collectBoot(bootifMac), { current_boot_mode: currentBootMode(), pxe_interface: bootifMac }),
  ]);
  return {
    cpu,
    memory,
    disks,
    interfaces,
    system_vendor: systemVendor,
    boot,
    bmc_address: bmcAddress,
    pci_devices: pci,
  };
}
