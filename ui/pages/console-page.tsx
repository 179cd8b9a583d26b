// A node's serial console in xterm.js over the console WebSocket. The first browser (or client)
// to attach writes; everyone else, and every reader, watches read-only. When the console is off
// an admin can switch it on from here.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { openConsoleSocket, CLOSE_DISABLED, type ConsoleNotice } from '../components/console/console-socket.js';
import { TerminalView, type TerminalHandle } from '../components/console/terminal-view.js';
import { ErrorBanner } from '../components/error-banner.js';
import { nodePath, setConsole } from '../components/node/node-calls.js';
import { useAction } from '../components/node/use-action.js';
import { useAsync } from '../components/use-async.js';
import { useSession } from '../session.js';

type Link = 'connecting' | 'writer' | 'read-only' | 'closed' | 'disabled';

const LINK_TEXT: Record<Link, string> = {
  connecting: 'Connecting…',
  writer: 'Connected: you are the writer (your keys reach the machine).',
  'read-only': 'Connected read-only: you are watching; keys are not sent.',
  closed: 'Disconnected.',
  disabled: 'The console was disabled.',
};

function LiveConsole({ uuid }: { uuid: string }) {
  const [link, setLink] = useState<Link>('connecting');
  const [notice, setNotice] = useState('');
  const [attempt, setAttempt] = useState(0);
  const term = useRef<TerminalHandle | null>(null);
  const socket = useRef<WebSocket | null>(null);
  const writer = useRef(false);
  useEffect(() => {
    setLink('connecting');
    const ws = openConsoleSocket(uuid, {
      output: (d) => term.current?.write(d),
      notice: (n: ConsoleNotice) => {
        setNotice(n.message);
        if (n.writer !== undefined) {
          writer.current = n.writer;
          term.current?.setWritable(n.writer);
          setLink(n.writer ? 'writer' : 'read-only');
        }
      },
      closed: (code, reason) => {
        writer.current = false;
        setLink(code === CLOSE_DISABLED ? 'disabled' : 'closed');
        if (reason) setNotice(reason);
      },
    });
    socket.current = ws;
    return () => ws.close();
  }, [uuid, attempt]);
  const send = (d: string) => {
    if (writer.current && socket.current?.readyState === WebSocket.OPEN) socket.current.send(new TextEncoder().encode(d));
  };
  return (
    <>
      <p class={`console-link ${link}`} role="status" data-testid="console-status" data-link={link}>
        {LINK_TEXT[link]}
        {notice && <span class="muted"> {notice}</span>}
        {(link === 'closed' || link === 'disabled') && (
          <button type="button" onClick={() => setAttempt((a) => a + 1)}>
            Reconnect
          </button>
        )}
      </p>
      <TerminalView onReady={(t) => (term.current = t)} onInput={send} />
    </>
  );
}

export function ConsolePage({ ident }: { ident: string }) {
  const { canAct } = useSession();
  // The WebSocket carries no microversion header, so it names the node by UUID (names need 1.5).
  const state = useAsync(
    () => api<{ uuid: string; console_enabled: boolean }>('GET', `${nodePath(ident)}?fields=uuid,name,console_enabled`),
    [ident],
  );
  const enable = useAction();
  // PUT states/console answers 202: the console starts a moment later, so re-read until it is on.
  const polls = useRef(0);
  useEffect(() => {
    if (!enable.busy && polls.current > 0 && state.value?.console_enabled === false && polls.current < 20) {
      const t = setTimeout(() => {
        polls.current++;
        state.reload();
      }, 500);
      return () => clearTimeout(t);
    }
    return undefined;
  }, [state.value, enable.busy]);
  return (
    <div class="console-page">
      <h1>
        Serial console of <a href={`#/nodes/${encodeURIComponent(ident)}`}>{ident}</a>
      </h1>
      {state.error && <ErrorBanner error={state.error} />}
      {state.value?.console_enabled === false && (
        <div class="panel">
          <p>The console of this node is off.</p>
          <button
            type="button"
            class="primary"
            disabled={!canAct || enable.busy}
            onClick={() =>
              void enable.run(async () => {
                await setConsole(ident, true);
                polls.current = 1;
                state.reload();
              })
            }
          >
            Enable the console
          </button>
          <ErrorBanner error={enable.error} onDismiss={enable.clearError} />
        </div>
      )}
      {state.value?.console_enabled && <LiveConsole uuid={state.value.uuid} />}
    </div>
  );
}
