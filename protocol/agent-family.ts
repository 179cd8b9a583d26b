// Which agent a heartbeat came from, told by its agent_version: Tyr's own agent or a stock
// ironic-python-agent. Their command APIs differ in small ways (docs/agents.md, "Command API"),
// which the conductor's agent dialect (core/drivers/ramdisk-agent/dialect.ts) bridges.
//
// Tyr's agent reports a 0.x version (agent/version.ts; a unit test holds it to this rule). IPA
// reports its pbr version ("9.4.1", "9.4.1.dev12", "10.2.0"), and every IPA that sends
// agent_version at all is at least 1.0. Ironic itself reads agent_version only to compare IPA
// releases, so no marker exists to tell the two apart; the major version is that marker.
// No version at all (an agent that never heartbeated this boot) keeps Tyr's dialect, as before.

export type AgentFamily = 'tyr' | 'ipa';

export function agentFamily(agentVersion: unknown): AgentFamily {
  if (typeof agentVersion !== 'string') return 'tyr';
  const major = /^\s*v?(\d+)\./.exec(agentVersion);
  return major && Number(major[1]) >= 1 ? 'ipa' : 'tyr';
}
