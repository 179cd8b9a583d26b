// GET /ui/: the console's static files. They hold code only (every datum comes through the
// authenticated API), so they are served before authentication and the log-in page can load.
// Assets are named by their content hash (ui/build.ts), so browsers may keep them for ever;
// index.html names the current ones and is revalidated on every load.
import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const NOT_BUILT = 'The web console is not built: run `npm run build`.';
// The console loads nothing from elsewhere (no CDN) and talks only to this origin, so a stricter
// policy costs nothing and makes an injected script or a framing page useless. Styles stay
// inline-capable: xterm.js writes its own <style> element.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function uiStaticRouter(uiDir: string): Router {
  const router = Router();
  // express matches "/ui" and "/ui/" alike; only the bare path moves, so relative asset URLs resolve.
  router.get('/ui', (req, res, next) => (req.path === '/ui' && !req.originalUrl.startsWith('/ui/') ? res.redirect(301, '/ui/') : next()));
  // Checked per request: a build made while Tyr runs is served without a restart.
  router.use('/ui', (req, res, next) => {
    if (req.path.startsWith('/api/') || fs.existsSync(path.join(uiDir, 'index.html'))) return next();
    res.status(503).type('text/plain').send(NOT_BUILT);
  });
  router.use(
    '/ui',
    // express.static (send) refuses paths that climb out of uiDir ("..", encoded or not) with 403.
    express.static(uiDir, {
      index: 'index.html',
      fallthrough: true,
      setHeaders: (res, file) => {
        const rel = path.relative(uiDir, file);
        res.setHeader('Cache-Control', rel.startsWith(`assets${path.sep}`) ? IMMUTABLE : 'no-cache');
        res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
        res.setHeader('X-Content-Type-Options', 'nosniff');
      },
    }),
  );
  return router;
}
