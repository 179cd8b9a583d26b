// The order deploy template steps run in, as Ironic orders deploy steps: priority first, then
// interface (power, management, deploy, bios, raid); deploy.deploy (100) splits them.
import { expect } from 'chai';
import { aroundCoreStep, withTemplateSteps } from '../../../core/conductor/deploy-templates.js';

const step = (iface: string, name: string, priority: number) => ({ interface: iface, step: name, priority, args: {} });
const names = (steps: { interface: string; step: string }[]) => steps.map((s) => `${s.interface}.${s.step}`);

describe('deploy template step order', () => {
  it('runs steps above priority 100 (and ties from power and management) before the deploy interface, the rest after', () => {
    const { before, after } = aroundCoreStep([
      step('raid', 'create_configuration', 100),
      step('bios', 'apply_configuration', 150),
      step('management', 'x', 100),
      step('bios', 'factory_reset', 0),
      step('raid', 'delete_configuration', 10),
    ]);
    expect(names(before)).to.deep.equal(['bios.apply_configuration', 'management.x']);
    expect(names(after)).to.deep.equal(['raid.create_configuration', 'raid.delete_configuration']);
  });

  it("merges template steps among an agent's steps; a template overrides or disables (priority 0) a driver step", () => {
    const agent = [step('deploy', 'write_image', 80), step('deploy', 'prepare_instance_boot', 60), step('deploy', 'boot_instance', 20)];
    const merged = withTemplateSteps(agent, [
      step('bios', 'apply_configuration', 60),
      step('deploy', 'write_image', 90),
      step('deploy', 'boot_instance', 0),
    ]);
    expect(names(merged)).to.deep.equal(['deploy.write_image', 'deploy.prepare_instance_boot', 'bios.apply_configuration']);
  });
});
