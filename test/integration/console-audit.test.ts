import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseKinds } from '../support/database.ts';
import { serviceDeps, usePortal } from '../support/portal.ts';
import type { TestClient } from '../support/http-client.ts';
import { staffClient } from '../support/sign-in.ts';
import { createAccount, createPractice } from '../../src/accounts/account.service.ts';
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
    const suite = usePortal(kind);
    let manager: TestClient;

    before(async () => {
      const deps = serviceDeps(suite.portal);
      await createPractice(deps, { name: 'Praktijk Oost', slug: 'oost' });
      await createPractice(deps, { name: 'Praktijk West', slug: 'west' });
      await createAccount(deps, { kind: 'patient', practiceSlug: 'oost', name: 'Piet Oost', email: 'piet@example.nl', username: 'piet', password: PASSWORD });
      await createAccount(deps, { kind: 'patient', practiceSlug: 'west', name: 'Wim West', email: 'wim@example.nl', username: 'wim', password: PASSWORD });
      await createAccount(deps, { kind: 'staff', role: 'manager', practiceSlug: 'oost', name: 'Mia Manager', email: 'mia@oost.example', username: 'mia', password: PASSWORD });
      manager = await staffClient(suite.portal, 'mia', PASSWORD, 'mia@oost.example');
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

      const actions = (await suite.database.db.selectFrom('audit_events').select('action').execute()).map((row) => row.action);
      assert.ok(actions.includes('audit.viewed'));
      assert.ok(actions.includes('audit.exported'));
    });

    test('the audit table cannot be changed', async () => {
      await assert.rejects(suite.database.db.updateTable('audit_events').set({ outcome: 'forged' }).execute(), /append-only/);
      await assert.rejects(suite.database.db.deleteFrom('audit_events').execute(), /append-only/);
      await assert.rejects(sql`TRUNCATE audit_events`.execute(suite.database.db), /append-only/);
    });
  });
}
