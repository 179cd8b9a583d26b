// GET /ui/api/nodes: one page of the node list with its total (protocol/web-ui.ts NodeSearchPage).
import { Router } from 'express';
import type { NodeSearchPage } from '../../protocol/web-ui.js';
import type { ApiDeps } from '../api/deps.js';
import { nodeRow } from './node-row.js';
import { parseNodeSearch } from './search-query.js';

export function nodeSearchRouter(deps: ApiDeps): Router {
  const router = Router();
  router.get('/ui/api/nodes', async (req, res) => {
    const search = parseNodeSearch(req);
    const { nodes, total } = await deps.store.nodeSearch.search(search);
    const page: NodeSearchPage = { nodes: nodes.map(nodeRow), total, offset: search.offset, limit: search.limit };
    res.json(page);
  });
  return router;
}
