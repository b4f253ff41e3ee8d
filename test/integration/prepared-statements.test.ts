/**
 * Named prepared statements on PostgreSQL (src/storage/database.ts): which statements get a name,
 * that a connection keeps a bounded number of them, and that a statement made stale by a
 * migration costs one failure, not a broken connection. PGlite does not use them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';
import { MAX_PREPARED_PER_CONNECTION, openPostgres, preparedStatementName, type DatabaseHandle } from '../../src/storage/database.ts';

if (process.env['TEST_DATABASE_URL'] !== undefined) {
  describe('prepared statements on PostgreSQL', () => {
    let database: TestDatabase;
    // One connection, so every statement below runs where pg_prepared_statements is read.
    let handle: DatabaseHandle;

    before(async () => {
      database = await openTestDatabase('postgres');
      handle = openPostgres(database.url!, { maxConnections: 1 });
    });
    after(async () => {
      await handle.close();
      await database.close();
    });

    const prepared = async () =>
      (await sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements`.execute(handle.db)).rows;

    test('a statement with parameters is prepared once under a name made from its text', async () => {
      const query = handle.db.selectFrom('practices').select(['id', 'name']).where('slug', '=', 'de-linde');
      const text = query.compile().sql;
      assert.deepEqual(await query.execute(), []);
      assert.deepEqual(await query.execute(), []);
      const named = (await prepared()).filter((row) => row.statement === text);
      assert.equal(named.length, 1);
      assert.equal(named[0]!.name, preparedStatementName(text));
      assert.notEqual(preparedStatementName(text), preparedStatementName(`${text} `));
    });

    test('BEGIN and COMMIT, SQL without parameters, IN lists and VALUES of more than four are not named', async () => {
      await handle.db.transaction().execute(async (tx) => {
        await tx.selectFrom('throttles').select('key').where('key', 'in', ['a', 'b', 'c', 'd', 'e']).execute();
        await sql`SELECT 41 + 1 AS answer`.execute(tx);
      });
      const statements = (await prepared()).map((row) => row.statement.toLowerCase());
      assert.ok(!statements.some((text) => text.includes('begin') || text.includes('commit')));
      assert.ok(!statements.some((text) => text.includes('throttles') || text.includes('41 + 1')));
      assert.equal(preparedStatementName('select "key" from "throttles" where "key" in ($1, $2, $3, $4, $5)'), null);
      assert.notEqual(preparedStatementName('select "key" from "throttles" where "key" in ($1, $2, $3, $4)'), null);
      const rows = (count: number) => Array.from({ length: count }, (_, row) => `($${2 * row + 1}, $${2 * row + 2})`).join(', ');
      assert.notEqual(preparedStatementName(`insert into "throttles" ("key", "failures") values ${rows(4)}`), null);
      assert.equal(preparedStatementName(`insert into "throttles" ("key", "failures") values ${rows(5)}`), null);
      assert.equal(preparedStatementName(`select $1::text as "${'x'.repeat(20_000)}"`), null);
    });

    test('a statement a migration made stale fails once, then runs on a fresh connection', async () => {
      await sql`CREATE TABLE prepared_probe (a integer)`.execute(handle.db);
      await sql`INSERT INTO prepared_probe VALUES (1)`.execute(handle.db);
      const pid = async () => (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(handle.db)).rows[0]!.pid;
      const probe = () => sql<Record<string, unknown>>`SELECT * FROM prepared_probe WHERE a = ${1}`.execute(handle.db);

      const before = await pid();
      assert.deepEqual((await probe()).rows, [{ a: 1 }]);
      assert.ok((await prepared()).some((row) => row.statement.includes('prepared_probe')));

      await sql`ALTER TABLE prepared_probe ADD COLUMN b integer`.execute(handle.db);
      await assert.rejects(probe(), (error: { code?: string }) => error.code === '0A000');
      assert.deepEqual((await probe()).rows, [{ a: 1, b: null }]);
      assert.notEqual(await pid(), before, 'the connection holding the stale statement was dropped');
    });

    test(`a connection names at most ${MAX_PREPARED_PER_CONNECTION} statements; the rest still run, unnamed`, async () => {
      for (let i = 0; i < MAX_PREPARED_PER_CONNECTION + 20; i += 1) {
        const result = await sql<{ value: number }>`SELECT ${i}::int + ${sql.lit(1)} AS value, ${sql.raw(String(i))} AS variant`.execute(handle.db);
        assert.equal(result.rows[0]!.value, i + 1);
      }
      const ours = (await prepared()).filter((row) => row.name.startsWith('pp_'));
      assert.equal(ours.length, MAX_PREPARED_PER_CONNECTION);
    });
  });
}
