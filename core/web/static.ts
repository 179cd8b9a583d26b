// GET /ui/: the console's static files. They hold code only (every datum comes through the
// authenticated API), so they are served before authentication and the log-in page can load.
import express, { Router } from 'express';

export function uiStaticRouter(uiDir: string): Router {
  const router = Router();
  // express matches "/ui" and "/ui/" alike; only the bare path moves, so relative asset URLs resolve.
  router.get('/ui', (req, res, next) => (req.path === '/ui' && !req.originalUrl.startsWith('/ui/') ? res.redirect(301, '/ui/') : next()));
  router.use('/ui', express.static(uiDir, { index: 'index.html', fallthrough: true }));
  return router;
}
