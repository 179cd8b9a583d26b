// "The node carries every one of these traits", one EXISTS per trait on node_traits' primary
// key (node_id, trait): shared by allocation candidates and the console's node search.
import type { LooseSelect } from './loose-db.js';

export function withAllTraits(query: LooseSelect, traits: readonly string[]): LooseSelect {
  let q = query;
  for (const trait of traits) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('node_traits')
          .select('node_traits.node_id')
          .whereRef('node_traits.node_id', '=', 'nodes.id')
          .where('node_traits.trait', '=', trait),
      ),
    );
  }
  return q;
}
