// The top bar's "live" badge: whether node changes are arriving (connected) or the console is
// trying to reach the stream again (what is shown may be stale).
import { useLiveStatus } from '../live.js';

const LABELS = { connecting: 'Connecting…', connected: 'Live', reconnecting: 'Reconnecting…' } as const;

export function LiveIndicator() {
  const status = useLiveStatus();
  return (
    <span
      class={`live-indicator live-${status}`}
      role="status"
      data-testid="live-indicator"
      data-status={status}
      title={status === 'connected' ? 'Node changes arrive as they happen' : 'Not receiving node changes; what is shown may be stale'}
    >
      <span class="live-dot" aria-hidden="true" />
      {LABELS[status]}
    </span>
  );
}
