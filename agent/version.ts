// The agent's own version, sent in every heartbeat and served on /v1/status. A constant rather
// than package.json: the single executable must not read files it does not carry.
export const AGENT_VERSION = '0.1.0';
