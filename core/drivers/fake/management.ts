// Fake management: remembers the boot device and indicator states per node in memory, and
// accepts every boot mode and secure boot change (the conductor records them on the node).
import { InvalidParameterValue } from '../../errors.js';
import type { BootDevice, IndicatorState, ManagementInterface, SupportedIndicators } from '../interfaces/management.js';
import type { NodeContext } from '../interfaces/task.js';
import { fakeDelay, NO_PROPERTIES } from './delay.js';

// Ironic's fake has the same two: a settable system LED and a read-only chassis one.
const INDICATORS: SupportedIndicators = {
  system: { 'led-0': { readonly: false, states: ['ON', 'OFF', 'BLINKING', 'UNKNOWN'] } },
  chassis: { 'led-0': { readonly: true, states: ['ON', 'OFF', 'UNKNOWN'] } },
};

export class FakeManagement implements ManagementInterface {
  readonly properties = NO_PROPERTIES;
  private readonly devices = new Map<string, { boot_device: BootDevice; persistent: boolean }>();
  private readonly leds = new Map<string, IndicatorState>();

  async validate(): Promise<void> {}

  supportedBootDevices(): BootDevice[] {
    return ['pxe', 'disk', 'cdrom', 'bios', 'safe'];
  }

  async setBootDevice(ctx: NodeContext, device: BootDevice, persistent: boolean): Promise<void> {
    this.devices.set(ctx.node.uuid, { boot_device: device, persistent });
  }

  async getBootDevice(ctx: NodeContext): Promise<{ boot_device: BootDevice | null; persistent: boolean | null }> {
    return this.devices.get(ctx.node.uuid) ?? { boot_device: null, persistent: null };
  }

  async injectNmi(): Promise<void> {}

  async setBootMode(ctx: NodeContext): Promise<void> {
    await fakeDelay(ctx);
  }

  async setSecureBoot(ctx: NodeContext): Promise<void> {
    await fakeDelay(ctx);
  }

  supportedIndicators(): SupportedIndicators {
    return INDICATORS;
  }

  async getIndicatorState(ctx: NodeContext, component: string, name: string): Promise<IndicatorState> {
    this.indicator(ctx, component, name);
    return this.leds.get(`${ctx.node.uuid}/${name}@${component}`) ?? 'OFF';
  }

  async setIndicatorState(ctx: NodeContext, component: string, name: string, state: IndicatorState): Promise<void> {
    const led = this.indicator(ctx, component, name);
    if (led.readonly) throw new InvalidParameterValue(`Indicator ${name}@${component} of node ${ctx.node.uuid} is read-only.`);
    if (!led.states.includes(state)) {
      throw new InvalidParameterValue(
        `Indicator ${name}@${component} of node ${ctx.node.uuid} cannot be set to "${state}"; it shows ${led.states.join(', ')}.`,
      );
    }
    this.leds.set(`${ctx.node.uuid}/${name}@${component}`, state);
  }

  private indicator(ctx: NodeContext, component: string, name: string) {
    const led = INDICATORS[component]?.[name];
    if (!led) {
      const known = Object.entries(INDICATORS).flatMap(([c, names]) => Object.keys(names).map((n) => `${n}@${c}`));
      throw new InvalidParameterValue(`Node ${ctx.node.uuid} has no indicator ${name}@${component}; it has ${known.join(', ')}.`);
    }
    return led;
  }
}
