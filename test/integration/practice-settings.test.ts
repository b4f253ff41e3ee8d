/**
 * The manager's practice settings and what the patient's home page makes of them: contact
 * details, opening hours, what to do in an emergency, and only the services that are on.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/database.ts';
import { PATIENT, seedPatient, serviceDeps, usePortal } from '../support/portal.ts';
import { TestClient, hiddenValue, messageIds } from '../support/http-client.ts';
import { signInPatient, staffClient } from '../support/sign-in.ts';
import { createAccount } from '../../src/accounts/account.service.ts';
import { readPracticeSettings } from '../../src/practices/practice-settings.ts';
import { seedDemoConsults } from '../../src/services/consults/consults.service.ts';

const STAFF_PASSWORD = 'instellingen-test-wachtwoord';

const fullForm = {
  phone: '020 123 45 67',
  afterHoursPhone: '088 123 45 00',
  openingHours: 'Maandag tot en met vrijdag 08.00 tot 17.00 uur',
  cancelWindowHours: '48',
  services: ['prescriptions', 'appointments'],
};

for (const kind of databaseKinds()) {
  describe(`practice settings and the patient's home page (${kind})`, () => {
    const suite = usePortal(kind);
    let manager: TestClient;
    let patient: TestClient;
    let practiceId = '';

    before(async () => {
      const account = await seedPatient(suite.portal);
      practiceId = account.practiceId!;
      const deps = serviceDeps(suite.portal);
      await createAccount(deps, { kind: 'staff', role: 'manager', practiceSlug: 'de-linde', name: 'Mia Manager', email: 'mia@linde.example', username: 'mia', password: STAFF_PASSWORD });
      await createAccount(deps, { kind: 'staff', role: 'assistant', practiceSlug: 'de-linde', name: 'Sanne', email: 'sanne@linde.example', username: 'sanne', password: STAFF_PASSWORD });
      manager = await staffClient(suite.portal, 'mia', STAFF_PASSWORD, 'mia@linde.example');
      patient = new TestClient(suite.portal.app);
      await signInPatient(suite.portal, patient, PATIENT.username, PATIENT.password, PATIENT.email);
    });

    test('with every service off, the home page says so and still shows what to do in an emergency', async () => {
      const home = await patient.get('/start');
      assert.equal(home.statusCode, 200);
      const ids = messageIds(home.body);
      assert.ok(ids.includes('home.noServices'));
      assert.match(home.body, /Bel 112/);
      assert.match(home.body, /huisartsenpost in uw regio/);
    });

    test('wrong input: every field in error is named, nothing is saved', async () => {
      const page = await manager.get('/praktijk/instellingen');
      const before = await readPracticeSettings(suite.database.db, practiceId);
      const response = await manager.post('/praktijk/instellingen', { ...fullForm, versie: hiddenValue(page.body, 'versie'), phone: 'bel ons', cancelWindowHours: 'een dag' });
      assert.equal(response.statusCode, 422);
      const ids = messageIds(response.body);
      assert.ok(ids.includes('settings.error.phone'));
      assert.ok(ids.includes('settings.error.cancelWindow'));
      assert.match(response.body, /value="bel ons"/, 'what was typed stays in the form');
      assert.deepEqual(await readPracticeSettings(suite.database.db, practiceId), before);
    });

    test('the manager saves; the change is audited and the home page shows it', async () => {
      const page = await manager.get('/praktijk/instellingen');
      const saved = await manager.post('/praktijk/instellingen', { ...fullForm, versie: hiddenValue(page.body, 'versie'), openingHours: `${fullForm.openingHours}\u0000\u202e` });
      assert.equal(saved.statusCode, 303);
      const settings = await readPracticeSettings(suite.database.db, practiceId);
      assert.deepEqual(settings?.services, { prescriptions: true, consults: false, appointments: true });
      assert.equal(settings?.cancelWindowHours, 48);
      const audit = await suite.database.db
        .selectFrom('audit_events')
        .select(['details', 'practice_id'])
        .where('action', '=', 'practice.settings_changed')
        .executeTakeFirstOrThrow();
      assert.equal(audit.practice_id, practiceId);
      assert.equal(audit.details['cancelWindowHours'], 48);
      assert.equal(audit.details['phoneBefore'], null);
      assert.equal(audit.details['phone'], '020 123 45 67');
      assert.equal(audit.details['changed'], 'phone,afterHoursPhone,openingHours,prescriptions,appointments,cancelWindowHours');
      assert.equal(settings?.openingHours, fullForm.openingHours, 'NUL and a right-to-left override are dropped');

      const home = await patient.get('/start');
      assert.ok(home.body.includes('Maandag tot en met vrijdag 08.00 tot 17.00 uur'));
      assert.ok(home.body.includes('href="tel:0201234567"'));
      assert.match(home.body, /huisartsenpost:\s*<a href="tel:0881234500">088 123 45 00<\/a>/);
    });

    test('a form older than a colleague\'s save does not overwrite it: the page says so and shows what is stored', async () => {
      const second = await staffClient(suite.portal, 'mia', STAFF_PASSWORD, 'mia@linde.example');
      const oldPage = await manager.get('/praktijk/instellingen');
      const colleaguePage = await second.get('/praktijk/instellingen');
      assert.equal((await second.post('/praktijk/instellingen', { ...fullForm, versie: hiddenValue(colleaguePage.body, 'versie'), services: ['prescriptions', 'consults', 'appointments'] })).statusCode, 303);
      const stale = await manager.post('/praktijk/instellingen', { ...fullForm, versie: hiddenValue(oldPage.body, 'versie'), openingHours: 'Alleen op afspraak' });
      assert.equal(stale.statusCode, 409);
      assert.ok(messageIds(stale.body).includes('settings.error.changedMeanwhile'));
      assert.match(stale.body, /id="dienst-consults"[^>]*checked/, 'the page shows the stored settings');
      const stored = await readPracticeSettings(suite.database.db, practiceId);
      assert.equal(stored?.services.consults, true, "the colleague's change stands");
      assert.equal(stored?.openingHours, fullForm.openingHours);
      // Saved from the fresh page, it goes through.
      assert.equal((await manager.post('/praktijk/instellingen', { ...fullForm, versie: hiddenValue(stale.body, 'versie'), openingHours: 'Alleen op afspraak' })).statusCode, 303);
      assert.equal((await readPracticeSettings(suite.database.db, practiceId))?.openingHours, 'Alleen op afspraak');
      await suite.database.db.updateTable('practices').set({ consults_enabled: false, opening_hours: fullForm.openingHours }).where('id', '=', practiceId).execute();
    });

    test('only a manager opens the settings', async () => {
      const assistant = await staffClient(suite.portal, 'sanne', STAFF_PASSWORD, 'sanne@linde.example');
      assert.equal((await assistant.get('/praktijk/instellingen')).statusCode, 403);
      await assistant.get('/praktijk/console');
      assert.equal((await assistant.post('/praktijk/instellingen', { ...fullForm, services: [] })).statusCode, 403);
      assert.deepEqual((await readPracticeSettings(suite.database.db, practiceId))?.services, { prescriptions: true, consults: false, appointments: true });
    });

    test('a switched-off service with an answer waiting is still listed on the start page', async () => {
      const patientId = (await suite.database.db.selectFrom('accounts').select('id').where('username', '=', PATIENT.username).executeTakeFirstOrThrow()).id;
      const staffId = (await suite.database.db.selectFrom('accounts').select('id').where('username', '=', 'sanne').executeTakeFirstOrThrow()).id;
      assert.equal((await readPracticeSettings(suite.database.db, practiceId))?.services.consults, false);
      let home = await patient.get('/start');
      assert.ok(!home.body.includes('data-service="consults"'), 'off and nothing waiting: not listed');
      await seedDemoConsults(suite.database.db, { practiceId, patientAccountId: patientId, staffAccountId: staffId }, suite.portal.clock.now());
      home = await patient.get('/start');
      assert.ok(home.body.includes('data-service="consults"'), 'off, but an answer waits: listed');
      assert.ok(messageIds(home.body).includes('consults.home.unread'));
      assert.equal((await patient.get('/e-consult')).statusCode, 200, 'and the answer can be read');
    });

    test('a page that refuses a signed-in patient still has Uitloggen', async () => {
      await patient.get('/start');
      const refused = await patient.post('/e-consult', { subject: 'Vraag', body: 'Tekst' });
      assert.equal(refused.statusCode, 404);
      assert.ok(messageIds(refused.body).includes('service.off'));
      assert.match(refused.body, /<form method="post" action="\/uitloggen"/);
    });
  });
}
