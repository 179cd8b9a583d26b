// The web console's routers: its static files (public) and /ui/api/* (behind the API's auth).
// Mounted by both composition roots that serve the API (`tyr server`, `tyr api`), which hand in
// the node event bus their delete path reports to and the lifecycle that stops the stream.
import type { Router } from 'express';
import { publicRouter } from '../api/app.js';
import type { ApiDeps } from '../api/deps.js';
import { componentLogger } from '../log.js';
import type { Lifecycle } from '../processes/lifecycle.js';
import type { NodeEventBus } from './node-events.js';
import { nodeSearchRouter } from './nodes-search.js';
import { sessionRouter } from './session.js';
import { uiStaticRouter } from './static.js';
import { NodeStream } from './stream.js';
import { summaryRouter } from './summary.js';
import { defaultUiDir } from './ui-dir.js';

export interface WebConsoleDeps extends ApiDeps {
  nodeEvents: NodeEventBus;
  life: Lifecycle;
}

export function webConsoleRouters(deps: WebConsoleDeps, uiDir = defaultUiDir()): Router[] {
  const stream = new NodeStream(deps.store, deps.nodeEvents, componentLogger(deps.log, 'ui-stream'), {
    maxClients: deps.config.api.ui_stream_max_clients,
  });
  // Added after the API server: stopped before it, so open streams do not hold its close.
  deps.life.add('console stream', () => stream.stop());
  return [publicRouter(uiStaticRouter(uiDir)), sessionRouter(deps), summaryRouter(deps), nodeSearchRouter(deps), stream.router()];
}
