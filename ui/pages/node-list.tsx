// Placeholder: the node list (server-side paging, sorting, filters, bulk actions).
import type { Route } from '../router.js';

export function NodeListPage({ route }: { route: Route }) {
  return <h1>Nodes {route.query.toString()}</h1>;
}
