import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';
import { codeFrom, startTestPortal, type TestPortal } from '../support/portal.ts';
import { TestClient } from '../support/http-client.ts';
import { createAccount, createPractice } from '../../src/accounts/account.service.ts';
import { secureRandom } from '../../src/security/primitives.ts';
import { csvCell } from '../../src/console/audit.routes.tsx';

const PASSWORD = 'console-test-password';

describe('csvCell', () => {
  test('quotes, doubles quotes and defuses formulas', () => {
    assert.equal(csvCell('a"b'), '"a""b"');
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell('-1'), `"'-1"`);
  });
});

for (const kind of databaseKinds()) {
  describe(`audit log in the console (${kind})`, () => {
    let database: TestDatabase;
    let portal: TestPortal;
    let manager: TestClient;

    before(async () => {
      database = await openTestDatabase(kind);
      portal = await startTestPortal({ database });
      const deps = {
        db: database.db,
        clock: portal.clock,
        random: secureRandom,
        keyring: portal.keyring,
        outbox: { keyring: portal.keyring, messageIdDomain: 'portal.test' },
        mailQueued: () => portal.worker.wake(),
      };
      await createPractice(deps, { name: 'Praktijk Oost', slug: 'oost' });
      await createPractice(deps, { name: 'Praktijk West', slug: 'west' });
      await createAccount(deps, { kind: 'patient', practiceSlug: 'oost', name: 'Piet Oost', email: 'piet@example.nl', username: 'piet', password: PASSWORD });
      await createAccount(deps, { kind: 'patient', practiceSlug: 'west', name: 'Wim West', email: 'wim@example.nl', username: 'wim', password: PASSWORD });
      await createAccount(deps, { kind: 'staff', role: 'manager', practiceSlug: 'oost', name: 'Mia Manager', email: 'mia@oost.example', username: 'mia', password: PASSWORD });
      manager = new TestClient(portal.app);
      await manager.get('/praktijk');
      await manager.post('/praktijk', { username: 'mia', password: PASSWORD });
      const code = codeFrom(await portal.nextMail('mia@oost.example', { after: 0 }));
      await manager.get('/praktijk/sessiecode');
      await manager.post('/praktijk/sessiecode', { code });
    });
    after(async () => {
      await portal.close();
      await database.close();
    });

    test('the manager sees who looked at which patient, filtered, and exports it; both are recorded', async () => {
      const list = await manager.get('/praktijk/patienten?q=piet');
      const patientLink = list.body.match(/href="(\/praktijk\/patienten\/[0-9a-f-]{36})"/)?.[1];
      assert.ok(patientLink !== undefined);
      await manager.get(patientLink);

      const page = await manager.get('/praktijk/audit?patient=piet&actie=patient.viewed');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Mia Manager \(mia\)/);
      assert.match(page.body, /Piet Oost \(piet\)/);
      assert.ok(!page.body.includes('Wim West'));

      const csv = await manager.get('/praktijk/audit.csv?actie=patient.viewed');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
      assert.match(lines[0]!, /"tijdstip";"wie";"op wiens dossier";"wat";"uitkomst";"vanaf adres"/);
      assert.ok(lines.length >= 2);
      assert.ok(lines.slice(1).every((line) => line.includes('"patient.viewed"')));

      const actions = (await database.db.selectFrom('audit_events').select('action').execute()).map((row) => row.action);
      assert.ok(actions.includes('audit.viewed'));
      assert.ok(actions.includes('audit.exported'));
    });

    test('the audit table cannot be changed', async () => {
      await assert.rejects(database.db.updateTable('audit_events').set({ outcome: 'forged' }).execute(), /append-only/);
      await assert.rejects(database.db.deleteFrom('audit_events').execute(), /append-only/);
      await assert.rejects(sql`TRUNCATE audit_events`.execute(database.db), /append-only/);
    });
  });
}
