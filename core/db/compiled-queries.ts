// Kysely builds an operation tree, freezes it and compiles it to SQL on every call, which for a
// single-row look-up costs about as much CPU as running the query. Queries whose SQL depends only
// on a small key (the column looked up, the length of an IN list) are compiled once per key and
// run again with new parameters. Bounded, since IN-list lengths vary with page sizes.
import type { CompiledQuery } from 'kysely';

export class CompiledQueries<Key, Row> {
  private readonly byKey = new Map<Key, CompiledQuery<Row>>();

  constructor(private readonly capacity = 32) {}

  /** The query compiled for `key` (by `build` the first time), carrying `parameters` instead of the first call's. */
  with(key: Key, parameters: readonly unknown[], build: () => CompiledQuery<Row>): CompiledQuery<Row> {
    let compiled = this.byKey.get(key);
    if (!compiled) {
      compiled = build();
      if (this.byKey.size >= this.capacity) this.byKey.delete(this.byKey.keys().next().value!);
      this.byKey.set(key, compiled);
    }
    return { ...compiled, parameters };
  }
}
