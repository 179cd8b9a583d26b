// The environment the tests run the real agent executable with: its command line, log and state
// come from the test's directory, and it never configures this host's network.
import path from 'node:path';

export function agentProcessEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    TYR_AGENT_CMDLINE_FILE: path.join(dir, 'cmdline'),
    TYR_AGENT_SKIP_NETWORK: '1',
    TYR_AGENT_LISTEN_HOST: '127.0.0.1',
    TYR_AGENT_LOG_FILE: path.join(dir, 'tyr-agent.log'),
    TYR_AGENT_STATE_DIR: path.join(dir, 'state'),
    ...extra,
  };
}
