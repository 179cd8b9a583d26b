// clean.get_clean_steps's and deploy.get_deploy_steps's command_result: each hardware manager's
// steps, keyed by manager name, and the managers' versions ({clean_steps | deploy_steps,
// hardware_manager_version}), as IPA and Tyr's agent both answer.
import { listAt, objectAt, optionalObjectAt, stringAt } from './fields.js';

export interface AgentStep {
  step: string;
  interface: string;
  priority: number;
}

export interface AgentSteps {
  steps: AgentStep[];
  /** Handed back with each step run, so the agent can tell it changed meanwhile. */
  hardware_manager_version: Record<string, unknown>;
}

export function parseAgentSteps(commandResult: unknown, kind: 'clean' | 'deploy'): AgentSteps {
  const r = optionalObjectAt(commandResult, 'command_result');
  const key = `${kind}_steps`;
  const byManager = objectAt(r[key], key);
  const steps = Object.entries(byManager).flatMap(([manager, list]) =>
    listAt(list, `${key}.${manager}`).map((raw, i) => {
      const s = objectAt(raw, `${key}.${manager}[${i}]`);
      return {
        step: stringAt(s.step, `${key}.${manager}[${i}].step`),
        interface: stringAt(s.interface, `${key}.${manager}[${i}].interface`),
        priority: typeof s.priority === 'number' ? s.priority : 0,
      };
    }),
  );
  return { steps, hardware_manager_version: optionalObjectAt(r.hardware_manager_version, 'hardware_manager_version') };
}
