// Ironic's `links` blocks: every resource carries a self link under /v1 and a bookmark without it.
import type { Request } from 'express';
import { baseUrl } from './root.js';

export interface Link {
  href: string;
  rel: 'self' | 'bookmark';
}

export function links(req: Request, path: string): Link[] {
  return linksAt(baseUrl(req), path);
}

/** The links under `base` (scheme://host), for pages that make many. */
export function linksAt(base: string, path: string): Link[] {
  return [
    { href: `${base}/v1/${path}`, rel: 'self' },
    { href: `${base}/${path}`, rel: 'bookmark' },
  ];
}
