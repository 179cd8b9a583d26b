// Power notifications to Nova ([nova] send_power_notifications, on by default as in Ironic): when
// the recorded power state of a node with an instance changes, Nova is told with a "power-update"
// external event, so it updates the server's state without waiting for its own sync. Sending
// never delays or fails the power change: it runs on its own, and a failure is only logged.
import type { Config } from '../config.js';
import type { Node } from '../db/types.js';
import type { Logger } from '../log.js';

/** The microversion that introduced power-update events. */
export const NOVA_POWER_UPDATE_VERSION = '2.76';

export interface PowerUpdateEvent {
  name: 'power-update';
  server_uuid: string;
  tag: 'POWER_ON' | 'POWER_OFF';
}

/** The event for a node whose power state became `power`, or null when Nova has nothing to hear. */
export function powerUpdateEvent(node: Pick<Node, 'instance_uuid'>, power: string | null): PowerUpdateEvent | null {
  if (!node.instance_uuid || (power !== 'power on' && power !== 'power off')) return null;
  return { name: 'power-update', server_uuid: node.instance_uuid, tag: power === 'power on' ? 'POWER_ON' : 'POWER_OFF' };
}

export class NovaNotifier {
  private warnedUnconfigured = false;

  constructor(
    private readonly config: Config,
    private readonly log: Logger,
  ) {}

  /** Called after a node's power_state changed; returns at once. */
  powerChanged(node: Node): void {
    if (!this.config.nova.send_power_notifications) return;
    const event = powerUpdateEvent(node, node.power_state);
    if (!event) return;
    if (!this.config.nova.url) {
      if (!this.warnedUnconfigured)
        this.log.warn(
          '[nova] send_power_notifications is on but [nova] url is not set: Nova is not told about power changes. Set nova.url, or turn send_power_notifications off.',
        );
      this.warnedUnconfigured = true;
      return;
    }
    void this.send(event).catch((err: Error) =>
      this.log.warn(
        { node: node.uuid, server: event.server_uuid, tag: event.tag, err: err.message },
        'could not send the power-update event to Nova; Nova will notice the change at its next power sync',
      ),
    );
  }

  private async send(event: PowerUpdateEvent): Promise<void> {
    const { url, timeout_ms: timeoutMs } = this.config.nova;
    const res = await fetch(`${url.replace(/\/+$/, '')}/os-server-external-events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-OpenStack-Nova-API-Version': NOVA_POWER_UPDATE_VERSION, ...this.authHeaders() },
      body: JSON.stringify({ events: [event] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    // 207: Nova accepted the request but not every event (e.g. an unknown server).
    if (!res.ok || res.status === 207) throw new Error(`Nova answered ${res.status}: ${text.slice(0, 300)}`);
    this.log.debug({ server: event.server_uuid, tag: event.tag }, 'power-update sent to Nova');
  }

  private authHeaders(): Record<string, string> {
    const nova = this.config.nova;
    if (nova.auth_type === 'token') return { 'X-Auth-Token': nova.token };
    if (nova.auth_type === 'http_basic')
      return { Authorization: `Basic ${Buffer.from(`${nova.username}:${nova.password}`).toString('base64')}` };
    return {};
  }
}
