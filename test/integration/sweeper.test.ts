import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';
import { ManualClock, PATIENT, eventually, seedPatient, startTestPortal, type TestPortal } from '../support/portal.ts';
import { TestClient } from '../support/http-client.ts';
import { sweep } from '../../src/maintenance/sweeper.ts';

for (const kind of databaseKinds()) {
  describe(`housekeeping (${kind})`, () => {
    let database: TestDatabase;
    let portal: TestPortal;
    const clock = new ManualClock('2026-11-26T10:50:00Z');
    before(async () => {
      database = await openTestDatabase(kind);
      portal = await startTestPortal({ database, clock });
      await seedPatient(portal);
    });
    after(async () => {
      await portal.close();
      await database.close();
    });

    test('an expired code is wiped at once; old sign-in data goes after 30 days, the audit stays', async () => {
      const client = new TestClient(portal.app);
      await client.get('/inloggen');
      await client.post('/inloggen', { username: PATIENT.username, password: PATIENT.password });
      await portal.nextMail(PATIENT.email, { after: 0 });
      await eventually(async () => (await database.db.selectFrom('outbox').select('state').executeTakeFirstOrThrow()).state === 'sent');
      const sealed = async () => (await database.db.selectFrom('session_codes').select('code_sealed').executeTakeFirstOrThrow()).code_sealed;
      assert.notEqual(await sealed(), null);
      assert.equal((await sweep(database.db, clock.now())).wipedCodes, 0, 'a live code is kept for re-sending');
      clock.advanceSeconds(601);
      assert.equal((await sweep(database.db, clock.now())).wipedCodes, 1);
      assert.equal(await sealed(), null);

      const auditBefore = (await database.db.selectFrom('audit_events').select('id').execute()).length;
      clock.advanceSeconds(31 * 24 * 3600);
      const result = await sweep(database.db, clock.now());
      assert.ok(result.deletedRows >= 3, `deleted ${result.deletedRows}`);
      assert.equal((await database.db.selectFrom('session_codes').select('id').execute()).length, 0);
      assert.equal((await database.db.selectFrom('audit_events').select('id').execute()).length, auditBefore);
    });
  });
}
