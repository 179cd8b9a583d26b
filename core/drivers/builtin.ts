// The implementations that ship with the framework itself: `fake` and `no` of every kind, and
// `flat`/`noop` network (their behaviour lives in conductor/vifs.ts) and `noop` storage. The
// composition root (core/processes/drivers.ts) starts its map from these and adds
// the hardware-specific ones (ipmitool, …). Tests build their own maps the same way.
import { FakeBios } from './fake/bios.js';
import { FakeBoot } from './fake/boot.js';
import { FakeConsole } from './fake/console.js';
import { FakeDeploy } from './fake/deploy.js';
import { FakeFirmware } from './fake/firmware.js';
import { FakeInspect } from './fake/inspect.js';
import { FakeManagement } from './fake/management.js';
import { NoopInterface } from './noop/noop.js';
import { FakePower } from './fake/power.js';
import { FakeRaid } from './fake/raid.js';
import { FakeRescue } from './fake/rescue.js';
import { FakeVendor } from './fake/vendor.js';
import { NoBios } from './no/bios.js';
import { NoBoot } from './no/boot.js';
import { NoConsole } from './no/console.js';
import { NoDeploy } from './no/deploy.js';
import { NoFirmware } from './no/firmware.js';
import { NoInspect } from './no/inspect.js';
import { NoManagement } from './no/management.js';
import { NoPower } from './no/power.js';
import { NoRaid } from './no/raid.js';
import { NoRescue } from './no/rescue.js';
import { NoVendor } from './no/vendor.js';
import type { ImplementationMap } from './registry.js';

export function builtinImplementations(): ImplementationMap {
  return {
    power: { fake: () => new FakePower(), no: () => new NoPower() },
    management: { fake: () => new FakeManagement(), no: () => new NoManagement() },
    boot: { fake: () => new FakeBoot(), no: () => new NoBoot() },
    deploy: { fake: () => new FakeDeploy(), no: () => new NoDeploy() },
    inspect: { fake: () => new FakeInspect(), 'no-inspect': () => new NoInspect() },
    console: { fake: () => new FakeConsole(), 'no-console': () => new NoConsole() },
    rescue: { fake: () => new FakeRescue(), 'no-rescue': () => new NoRescue() },
    bios: { fake: () => new FakeBios(), 'no-bios': () => new NoBios() },
    raid: { fake: () => new FakeRaid(), 'no-raid': () => new NoRaid() },
    firmware: { fake: () => new FakeFirmware(), 'no-firmware': () => new NoFirmware() },
    vendor: { fake: () => new FakeVendor(), 'no-vendor': () => new NoVendor() },
    network: { flat: () => new NoopInterface(), noop: () => new NoopInterface() },
    storage: { noop: () => new NoopInterface() },
  };
}
