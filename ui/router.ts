// Hash routes (#/nodes/<uuid>): the server serves one index.html at /ui/, and a reload or a
// shared link lands on the same page.
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  /** The path after "#", e.g. "/nodes/abc". */
  path: string;
  /** Its segments, e.g. ["nodes", "abc"]. */
  parts: string[];
  query: URLSearchParams;
}

export function currentRoute(): Route {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [p = '/', q = ''] = raw.split('?');
  return { path: p, parts: p.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q) };
}

export function navigate(path: string): void {
  location.hash = path;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    window.addEventListener('hashchange', update);
    // A hash change between the first render and this effect would otherwise be missed.
    update();
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
