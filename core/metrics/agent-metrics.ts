// Ramdisk agent callbacks: heartbeats and lookups by result. A lookup refused in bulk is usually
// discovery ramdisks of unknown machines; heartbeats refused are agents of aborted operations.
import { Counter, type Registry } from 'prom-client';

export type AgentCallResult = 'accepted' | 'refused' | 'error';

/** accepted (2xx), refused (4xx: unknown node, wrong token, wrong state), error (5xx). */
export function agentCallResult(status: number): AgentCallResult {
  if (status < 400) return 'accepted';
  return status < 500 ? 'refused' : 'error';
}

export class AgentMetrics {
  private readonly counters: Record<string, Counter<'result'>>;

  constructor(registry: Registry) {
    const counter = (name: string, help: string) => new Counter({ name, help, labelNames: ['result'], registers: [registry] });
    this.counters = {
      heartbeat: counter('tyr_agent_heartbeats_total', 'Heartbeats of ramdisk agents, by result (accepted, refused, error).'),
      lookup: counter(
        'tyr_agent_lookups_total',
        'Lookups of booting ramdisk agents (which node am I?), by result (accepted, refused, error).',
      ),
    };
  }

  /** Counts one agent call (`call` as the agent API's audit names it; other calls are not counted). */
  count(call: string, status: number): void {
    this.counters[call]?.inc({ result: agentCallResult(status) });
  }
}
