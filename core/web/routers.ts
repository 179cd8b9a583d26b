// The web console's routers: its static files (public) and /ui/api/* (behind the API's auth).
// Mounted by both composition roots that serve the API (`tyr server`, `tyr api`).
import type { Router } from 'express';
import { publicRouter } from '../api/app.js';
import type { ApiDeps } from '../api/deps.js';
import { uiStaticRouter } from './static.js';
import { defaultUiDir } from './ui-dir.js';

export function webConsoleRouters(_deps: ApiDeps, uiDir = defaultUiDir()): Router[] {
  return [publicRouter(uiStaticRouter(uiDir))];
}
