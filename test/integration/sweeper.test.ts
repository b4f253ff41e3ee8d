import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/database.ts';
import { ManualClock, PATIENT, eventually, seedPatient, usePortal } from '../support/portal.ts';
import { TestClient } from '../support/http-client.ts';
import { sweep } from '../../src/maintenance/sweeper.ts';

for (const kind of databaseKinds()) {
  describe(`housekeeping (${kind})`, () => {
    const clock = new ManualClock('2026-11-26T10:50:00Z');
    const suite = usePortal(kind, { clock });

    before(async () => {
      await seedPatient(suite.portal);
    });

    test('an expired code is wiped at once; old sign-in data goes after 30 days, the audit stays', async () => {
      const client = new TestClient(suite.portal.app);
      await client.get('/inloggen');
      await client.post('/inloggen', { username: PATIENT.username, password: PATIENT.password });
      await suite.portal.nextMail(PATIENT.email, { after: 0 });
      await eventually(async () => (await suite.database.db.selectFrom('outbox').select('state').executeTakeFirstOrThrow()).state === 'sent');
      const sealed = async () => (await suite.database.db.selectFrom('session_codes').select('code_sealed').executeTakeFirstOrThrow()).code_sealed;
      assert.notEqual(await sealed(), null);
      assert.equal((await sweep(suite.database.db, clock.now())).wipedCodes, 0, 'a live code is kept for re-sending');
      clock.advanceSeconds(601);
      assert.equal((await sweep(suite.database.db, clock.now())).wipedCodes, 1);
      assert.equal(await sealed(), null);

      const auditBefore = (await suite.database.db.selectFrom('audit_events').select('id').execute()).length;
      clock.advanceSeconds(31 * 24 * 3600);
      const result = await sweep(suite.database.db, clock.now());
      assert.ok(result.deletedRows >= 3, `deleted ${result.deletedRows}`);
      assert.equal((await suite.database.db.selectFrom('session_codes').select('id').execute()).length, 0);
      assert.equal((await suite.database.db.selectFrom('audit_events').select('id').execute()).length, auditBefore);
    });
  });
}
