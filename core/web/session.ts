// GET /ui/api/session: who the browser is (from the credentials auth.ts verified), its role and
// the newest API microversion, which the console then sends on every /v1 call.
import { Router } from 'express';
import type { UiSession } from '../../protocol/web-ui.js';
import type { ApiDeps } from '../api/deps.js';
import { MAX_VERSION_STRING } from '../api/microversion.js';

export function sessionRouter(deps: ApiDeps): Router {
  const router = Router();
  router.get('/ui/api/session', (_req, res) => {
    const session: UiSession = {
      user: (res.locals.user as string | undefined) ?? null,
      role: res.locals.role === 'reader' ? 'reader' : 'admin',
      auth_strategy: deps.config.api.auth_strategy,
      max_version: MAX_VERSION_STRING,
    };
    res.json(session);
  });
  return router;
}
