// GET /v1/nodes/{node}/console/ws: a WebSocket onto a node's console session. Binary (or text)
// frames from the client are keyboard input; binary frames to it are console output; text frames
// to it are JSON notices from Tyr ({"event":"notice","message":…,"writer":true|false}).
// Upgrade requests go through the same express app as REST calls (routeUpgrades), so the
// authentication, node look-up and JSON errors are the API's own. Readers attach read-only.
import http from 'node:http';
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import { Router, type Request } from 'express';
import { WebSocketServer, WebSocket } from 'ws';
import { Conflict, InvalidParameterValue } from '../errors.js';
import type { Node } from '../db/types.js';
import { CONSOLE_SUBPROTOCOL } from '../../protocol/web-ui.js';
import type { ConsoleClient } from './fanout.js';
import type { ConsoleSupervisor } from './supervisor.js';

/** Close code when the console was disabled: clients should not reconnect. */
export const CLOSE_DISABLED = 4001;
const PING_MS = 20_000;

const upgrades = new WeakMap<http.IncomingMessage, { socket: Duplex; head: Buffer }>();

/** Hands HTTP upgrade requests to the API's request handler (as express-ws does). */
export function routeUpgrades(server: http.Server, handler: () => http.RequestListener): void {
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrades.set(req, { socket, head });
    socket.on('error', () => undefined);
    const res = new http.ServerResponse(req);
    res.assignSocket(socket as net.Socket);
    // Answered with a plain HTTP response (an error): that ends the connection.
    res.on('finish', () => {
      if (upgrades.has(req)) socket.destroy();
    });
    handler()(req, res);
  });
}

function wsClient(ws: WebSocket): ConsoleClient {
  const open = () => ws.readyState === WebSocket.OPEN;
  return {
    send: (data) => {
      if (open()) ws.send(data, { binary: true });
    },
    notice: (message, writer) => {
      if (open()) ws.send(JSON.stringify({ event: 'notice', message, ...(writer === undefined ? {} : { writer }) }));
    },
    close: (reason, final) => ws.close(final ? CLOSE_DISABLED : 1001, reason.slice(0, 120)),
  };
}

/**
 * The API's node look-up (name or UUID, microversion rules, 404), injected by the composition
 * root so the console does not depend on the API's modules.
 */
export type FindNode = (req: Request, ident: string) => Promise<Node>;

export function consoleWsRouter(deps: { findNode: FindNode; consoles: ConsoleSupervisor }): Router {
  const router = Router();
  // The console offers `tyr.console` (with its credentials as a second subprotocol, auth.ts):
  // answer with that one, never echo the credentials, and accept clients that offer none.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (offered) => (offered.has(CONSOLE_SUBPROTOCOL) ? CONSOLE_SUBPROTOCOL : false),
  });
  router.get('/v1/nodes/:ident/console/ws', async (req, res) => {
    const pending = upgrades.get(req);
    if (!pending || req.header('upgrade')?.toLowerCase() !== 'websocket') {
      throw new InvalidParameterValue(
        'This endpoint is a WebSocket: connect with "Connection: Upgrade" and "Upgrade: websocket" (e.g. tyr node console <node>).',
      );
    }
    const node = await deps.findNode(req, req.params.ident);
    if (!node.console_enabled || !deps.consoles.has(node.uuid)) {
      throw new Conflict(
        `The console of node ${node.name ?? node.uuid} is not enabled${node.console_enabled ? ' in this Tyr process yet' : ''}. ` +
          `Enable it with PUT /v1/nodes/${node.uuid}/states/console {"enabled": true}.`,
      );
    }
    upgrades.delete(req);
    res.detachSocket(pending.socket as net.Socket);
    const readOnly = res.locals.role === 'reader';
    wss.handleUpgrade(req, pending.socket, pending.head, (ws) => {
      const attached = deps.consoles.attach(node.uuid, wsClient(ws), { readOnly });
      ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) =>
        attached.input(Buffer.isBuffer(data) ? data : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)])),
      );
      let alive = true;
      ws.on('pong', () => {
        alive = true;
      });
      const ping = setInterval(() => {
        if (!alive) {
          ws.terminate();
          return;
        }
        alive = false;
        ws.ping();
      }, PING_MS);
      ws.on('close', () => {
        clearInterval(ping);
        attached.detach();
      });
      ws.on('error', () => undefined);
    });
  });
  return router;
}
