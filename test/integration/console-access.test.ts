/**
 * Every console route, tried by every role and with ids of another practice: a role gets what
 * the permission table gives it and nothing more; staff never see or change another practice's
 * patients; every look at patient data is in the audit trail.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/database.ts';
import { codeFrom, serviceDeps, usePortal } from '../support/portal.ts';
import { TestClient } from '../support/http-client.ts';
import { staffClient } from '../support/sign-in.ts';
import { createAccount, createPractice } from '../../src/accounts/account.service.ts';
import { can, type ConsoleRole } from '../../src/console/permissions.ts';
import { createImport } from '../../src/console/patient-import.repository.ts';

const PASSWORD = 'console-test-password';
const ROLES: ConsoleRole[] = ['assistant', 'doctor', 'manager', 'support'];

for (const kind of databaseKinds()) {
  describe(`console access by role and practice (${kind})`, () => {
    const suite = usePortal(kind);
    const clients = new Map<ConsoleRole | 'otherManager', TestClient>();
    let ownPatient = '';
    let otherPatient = '';
    // A checked CSV import waiting for confirmation, in each practice (routes with `:importId`).
    let ownImport = '';
    let otherImport = '';

    before(async () => {
      const deps = serviceDeps(suite.portal);
      await createPractice(deps, { name: 'Praktijk Oost', slug: 'oost' });
      await createPractice(deps, { name: 'Praktijk West', slug: 'west' });
      ownPatient = (await createAccount(deps, { kind: 'patient', practiceSlug: 'oost', name: 'Piet Oost', email: 'piet@example.nl', username: 'piet', password: PASSWORD })).account.id;
      otherPatient = (await createAccount(deps, { kind: 'patient', practiceSlug: 'west', name: 'Wim West', email: 'wim@example.nl', username: 'wim', password: PASSWORD })).account.id;
      for (const role of ['assistant', 'doctor', 'manager'] as const) {
        await createAccount(deps, { kind: 'staff', role, practiceSlug: 'oost', name: role, email: `${role}@oost.example`, username: `${role}-oost`, password: PASSWORD });
        clients.set(role, await staffClient(suite.portal, `${role}-oost`, PASSWORD, `${role}@oost.example`));
      }
      await createAccount(deps, { kind: 'support', name: 'Helpdesk', email: 'help@vendor.example', username: 'helpdesk', password: PASSWORD });
      const importRow = (username: string) => [{ line: 2, name: username, email: `${username}@example.nl`, username, dateOfBirth: null, phone: null }];
      const oostPractice = (await suite.database.db.selectFrom('practices').select('id').where('slug', '=', 'oost').executeTakeFirstOrThrow()).id;
      const westPractice = (await suite.database.db.selectFrom('practices').select('id').where('slug', '=', 'west').executeTakeFirstOrThrow()).id;
      // Every online service on, as a practice that uses them has it (staff routes answer either way).
      await suite.database.db.updateTable('practices').set({ prescriptions_enabled: true, consults_enabled: true, appointments_enabled: true }).execute();
      ownImport = await createImport(suite.database.db, { practiceId: oostPractice, createdBy: ownPatient, rows: importRow('import-oost'), now: suite.portal.clock.now() });
      otherImport = await createImport(suite.database.db, { practiceId: westPractice, createdBy: otherPatient, rows: importRow('import-west'), now: suite.portal.clock.now() });
      clients.set('support', await staffClient(suite.portal, 'helpdesk', PASSWORD, 'help@vendor.example'));
    });

    const concrete = (url: string, patientId: string, importId: string) => url.replace(':id', patientId).replace(':importId', importId);
    // Logging out is tried last: it would end the session the sweep runs in.
    const routes = () => suite.portal.app.staffRoutes.filter((route) => !route.url.endsWith('/uitloggen'));

    test('the route table covers the console', () => {
      const urls = new Set(suite.portal.app.staffRoutes.map((route) => route.url));
      for (const expected of ['/praktijk/console', '/praktijk/patienten', '/praktijk/patienten/:id']) assert.ok(urls.has(expected), expected);
    });

    test('each role gets exactly what its permissions allow', async () => {
      for (const role of ROLES) {
        const client = clients.get(role)!;
        for (const route of routes()) {
          await client.get('/praktijk/console');
          const url = concrete(route.url, ownPatient, ownImport);
          const response = route.method === 'GET' ? await client.get(url) : await client.post(url, { status: 'on', email: 'piet@example.nl' });
          const label = `${role} ${route.method} ${route.url}`;
          if (!can({ accountId: '', role, practiceId: null }, route.permission)) {
            assert.equal(response.statusCode, 403, label);
          } else {
            // A route keyed by another id (an import) answers 404 for the made-up id it gets here.
            const otherIds = /:(?!id\b)\w+/.test(route.url);
            const allowed = otherIds ? [200, 303, 404, 422] : [200, 303, 422];
            assert.ok(allowed.includes(response.statusCode), `${label}: ${response.statusCode}`);
          }
        }
      }
    });

    test("staff never reach another practice's patient; support may look, read-only", async () => {
      for (const role of ['assistant', 'doctor', 'manager'] as const) {
        const client = clients.get(role)!;
        for (const route of routes().filter((r) => /\/:(id|importId)(\/|$)/.test(r.url))) {
          await client.get('/praktijk/console');
          const url = concrete(route.url, otherPatient, otherImport);
          const response = route.method === 'GET' ? await client.get(url) : await client.post(url, { status: 'off', email: 'evil@example.nl' });
          if (can({ accountId: '', role, practiceId: null }, route.permission)) {
            assert.equal(response.statusCode, 404, `${role} ${route.method} ${route.url}`);
          }
        }
        const list = await client.get('/praktijk/patienten');
        assert.ok(list.body.includes('Piet Oost'));
        assert.ok(!list.body.includes('Wim West'), `${role} sees only their own practice`);
      }
      const other = await suite.database.db.selectFrom('accounts').select(['email', 'status']).where('id', '=', otherPatient).executeTakeFirstOrThrow();
      assert.deepEqual(other, { email: 'wim@example.nl', status: 'active' }, 'nothing of the other practice changed');
      const westImport = await suite.database.db.selectFrom('patient_imports').select('state').where('id', '=', otherImport).executeTakeFirstOrThrow();
      assert.equal(westImport.state, 'previewed', "the other practice's import was not confirmed");

      const support = clients.get('support')!;
      const list = await support.get('/praktijk/patienten');
      assert.ok(list.body.includes('Piet Oost') && list.body.includes('Wim West'));
      assert.equal((await support.get(`/praktijk/patienten/${otherPatient}`)).statusCode, 200);
      const viewed = await suite.database.db
        .selectFrom('audit_events')
        .innerJoin('practices', 'practices.id', 'audit_events.practice_id')
        .select(['practices.slug'])
        .where('action', '=', 'patient.viewed')
        .where('subject_account_id', '=', otherPatient)
        .execute();
      assert.ok(viewed.some((row) => row.slug === 'west'), "support's look is in the audit trail of the practice it looked at");
    });

    test('every role can log out', async () => {
      for (const role of ROLES) {
        const client = clients.get(role)!;
        await client.get('/praktijk/console');
        assert.equal((await client.post('/praktijk/uitloggen', {})).statusCode, 303);
        assert.equal((await client.get('/praktijk/console')).statusCode, 303, `${role} is logged out`);
      }
    });

    test('a patient session does not open the console', async () => {
      const patient = new TestClient(suite.portal.app);
      await patient.get('/inloggen');
      const seen = new Set(suite.portal.mailsTo('piet@example.nl').map((mail) => mail.id));
      await patient.post('/inloggen', { username: 'piet', password: PASSWORD });
      // Invitations sent by the sweep above may still arrive: wait for the code mail itself.
      const code = codeFrom(await suite.portal.mailbox.waitFor((mail) => mail.to.includes('piet@example.nl') && !seen.has(mail.id) && /sessiecode/i.test(mail.subject)));
      await patient.get('/sessiecode');
      await patient.post('/sessiecode', { code });
      const response = await patient.get('/praktijk/patienten');
      assert.equal(response.statusCode, 303);
      assert.match(String(response.headers['location']), /^\/praktijk/);
    });
  });
}
