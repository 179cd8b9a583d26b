// The machine kept in memory: power and media exist only as the state SimMachine keeps. Media
// images are still downloaded (and discarded) so that an unreachable URL fails as on a real BMC.
import { fetchUrl } from './fetch-url.js';
import type { MachineBackend } from './machine.js';
import type { SimMachineSpec } from './types.js';

export class MemoryBackend implements MachineBackend {
  constructor(readonly spec: SimMachineSpec) {}

  async readPower(): Promise<null> {
    return null;
  }
  async powerOn(): Promise<void> {}
  async powerOff(): Promise<void> {}
  async softPowerOff(): Promise<void> {}
  async restart(): Promise<void> {}
  async nmi(): Promise<void> {}

  async insertMedia(image: string): Promise<number> {
    return (await fetchUrl(image, null)).bytes;
  }

  async ejectMedia(): Promise<void> {}
  async close(): Promise<void> {}
}
