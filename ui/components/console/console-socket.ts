// Opens a node's console WebSocket from the browser. A browser cannot set Authorization on a
// WebSocket, so the credentials ride as a second subprotocol (protocol/web-ui.ts); the server
// answers with CONSOLE_SUBPROTOCOL. Binary frames are console output, text frames JSON notices.
import { BASIC_SUBPROTOCOL_PREFIX, CONSOLE_SUBPROTOCOL } from '../../../protocol/web-ui.js';
import { credentials } from '../../api.js';

export interface ConsoleNotice {
  event: 'notice';
  message: string;
  writer?: boolean;
}

/** Close code when the console was disabled (core/console/ws-endpoint.ts): do not reconnect. */
export const CLOSE_DISABLED = 4001;

export function base64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function consoleProtocols(creds: string | null): string[] {
  return creds === null ? [CONSOLE_SUBPROTOCOL] : [CONSOLE_SUBPROTOCOL, BASIC_SUBPROTOCOL_PREFIX + base64url(creds)];
}

export function openConsoleSocket(
  ident: string,
  on: { output(data: Uint8Array): void; notice(n: ConsoleNotice): void; closed(code: number, reason: string): void },
): WebSocket {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(`${scheme}//${location.host}/v1/nodes/${encodeURIComponent(ident)}/console/ws`, consoleProtocols(credentials()));
  ws.binaryType = 'arraybuffer';
  ws.onmessage = (m: MessageEvent<ArrayBuffer | string>) => {
    if (typeof m.data === 'string') {
      try {
        on.notice(JSON.parse(m.data) as ConsoleNotice);
      } catch {
        on.notice({ event: 'notice', message: m.data });
      }
    } else on.output(new Uint8Array(m.data));
  };
  ws.onclose = (e) => on.closed(e.code, e.reason);
  return ws;
}
