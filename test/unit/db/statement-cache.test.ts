import { expect } from 'chai';
import BetterSqlite3 from 'better-sqlite3';
import { withStatementCache } from '../../../core/db/statement-cache.js';

describe('prepared statement cache', () => {
  it('reuses a statement for the same SQL and evicts the least recently used', () => {
    const raw = new BetterSqlite3(':memory:');
    raw.exec('create table t (a integer)');
    const db = withStatementCache(raw, 2);
    const insert = db.prepare('insert into t values (?)');
    expect(db.prepare('insert into t values (?)')).to.equal(insert);
    const count = db.prepare('select count(*) as n from t');
    db.prepare('insert into t values (?)'); // now most recently used
    db.prepare('select 1'); // evicts the count statement, not the insert
    expect(db.prepare('insert into t values (?)')).to.equal(insert);
    expect(db.prepare('select count(*) as n from t')).to.not.equal(count);
    (insert as unknown as BetterSqlite3.Statement).run(7);
    expect((db.prepare('select count(*) as n from t') as unknown as BetterSqlite3.Statement).get()).to.deep.equal({ n: 1 });
    db.close();
  });
});
