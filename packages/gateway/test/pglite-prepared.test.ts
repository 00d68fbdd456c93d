// PGlite's statements prepared once per text (db/pglite-prepared.ts): the same rows as `pg.query` gives, errors that
// leave the session usable, a table changed under a prepared text, more texts than are kept, and generic plans
// that still find a partial unique index for ON CONFLICT.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { PreparedPglite } from '../src/db/pglite-prepared.ts';

let pg: PGlite;
let prepared: PreparedPglite;

before(async () => {
  pg = new PGlite();
  await pg.waitReady;
  prepared = new PreparedPglite(pg);
  await pg.exec(`create table t (id text primary key, n int, big bigint, amount numeric(12,2), doc jsonb, at timestamptz,
    ok boolean, tags text[], note text);
    insert into t values ('a', 1, 9007199254740993, 1234.50, '{"x":[1,"two"]}', '2026-12-01T10:00:00Z', true, '{x,y}', null),
      ('b', 2, -5, 0.10, 'null', null, false, '{}', 'ñandú "quoted"')`);
});
after(async () => { await prepared.close(); });

test('rows, fields and counts are those pg.query gives, on the first call and on later ones', async () => {
  const text = 'select * from t where id = any($1) order by id';
  const expected = await pg.query(text, [['a', 'b']]);
  for (let i = 0; i < 8; i++) {
    const got = await prepared.query(text, [['a', 'b']]);
    assert.deepEqual(got.rows, expected.rows);
    assert.deepEqual(got.fields, expected.fields);
  }
  const update = await prepared.query('update t set n = n + 1 where id in ($1, $2)', ['a', 'b']);
  assert.equal(update.affectedRows, 2);
  const insert = await prepared.query('insert into t (id, n) values ($1, $2), ($3, $4)', ['c', 3, 'd', 4]);
  assert.equal(insert.affectedRows, 2);
  assert.equal((await prepared.query('delete from t where id in ($1, $2)', ['c', 'd'])).affectedRows, 2);
  assert.deepEqual((await prepared.query('select $1::jsonb as j, $2::timestamptz as at', [{ k: 'v' }, new Date('2026-12-01T00:00:00Z')])).rows,
    [{ j: { k: 'v' }, at: new Date('2026-12-01T00:00:00Z') }]);
});

test('a refused statement rejects with PostgreSQL\'s error and the session goes on; in a transaction it aborts it', async () => {
  await assert.rejects(prepared.query('insert into t (id) values ($1)', ['a']), (err: { code?: string }) => err.code === '23505');
  assert.equal((await prepared.query<{ n: number }>('select count(*)::int as n from t', [])).rows[0]!.n, 2);
  await prepared.query('begin', []);
  await assert.rejects(prepared.query('insert into t (id) values ($1)', ['a']));
  await assert.rejects(prepared.query('select 1', []), /current transaction is aborted/);
  await prepared.query('rollback', []);
  assert.deepEqual((await prepared.query('select 1 as one', [])).rows, [{ one: 1 }]);
});

test('a table changed under a prepared text is prepared again', async () => {
  const text = 'select * from t where id = $1';
  assert.equal(Object.keys((await prepared.query(text, ['a'])).rows[0]!).includes('extra'), false);
  await pg.exec(`alter table t add column extra text default 'new'`);
  assert.equal((await prepared.query<{ extra: string }>(text, ['a'])).rows[0]!.extra, 'new');
  await pg.exec('alter table t drop column extra');
});

test('more texts than are kept all run: the least recently used is closed and prepared again when it comes back', async () => {
  for (let i = 0; i < 520; i++) assert.equal((await prepared.query<{ v: number }>(`select $1::int + ${i} as v`, [1])).rows[0]!.v, 1 + i);
  assert.equal((await prepared.query<{ v: number }>('select $1::int + 0 as v', [41])).rows[0]!.v, 41);
});

test('ON CONFLICT on a partial unique index keeps finding it once the text is planned generically', async () => {
  await pg.exec(`create table q (id serial primary key, k text, state text);
    create unique index q_queued on q (k) where state = 'queued'`);
  const text = `insert into q (k, state) values ($1, 'queued') on conflict (k) where state = 'queued' do nothing returning id`;
  const inserted: number[] = [];
  for (let i = 0; i < 10; i++) inserted.push((await prepared.query(text, [`k${i % 3}`])).rows.length);
  assert.deepEqual(inserted, [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
});
