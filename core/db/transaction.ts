// One transaction across repositories: `fn` gets a Store whose repositories all write through the
// same Kysely transaction, so either every write lands or none does (the offline migration needs
// that for thousands of nodes and ports at once). Additive: the ordinary Store is unchanged.
import type { Db } from './connect.js';
import { Store } from './store.js';

export async function inTransaction<T>(store: Store, fn: (tx: Store) => Promise<T>): Promise<T> {
  const db = store.db;
  return db.kysely.transaction().execute(async (trx) => {
    // The transaction's Store must not close the pool it borrows.
    const bound: Db = { kysely: trx, dialect: db.dialect, close: async () => undefined };
    return fn(new Store(bound));
  });
}
