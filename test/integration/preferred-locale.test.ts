/**
 * Mail the practice causes later (news in the portal) goes out in the language the patient last
 * logged in with: the password step remembers it.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/database.ts';
import { PATIENT, seedPatient, usePortal } from '../support/portal.ts';
import { TestClient } from '../support/http-client.ts';
import { signInPatient } from '../support/sign-in.ts';

for (const kind of databaseKinds()) {
  describe(`the patient's language for later mail (${kind})`, () => {
    const suite = usePortal(kind);
    let patientId = '';
    const stored = async () => (await suite.database.db.selectFrom('accounts').select('preferred_locale').where('id', '=', patientId).executeTakeFirstOrThrow()).preferred_locale;

    before(async () => {
      patientId = (await seedPatient(suite.portal)).id;
    });

    test('Dutch by default; English once the patient logs in in English; Dutch again after', async () => {
      assert.equal(await stored(), 'nl');
      const english = new TestClient(suite.portal.app);
      await english.get('/taal?lang=en');
      await signInPatient(suite.portal, english, PATIENT.username, PATIENT.password, PATIENT.email);
      assert.equal(await stored(), 'en');
      const dutch = new TestClient(suite.portal.app);
      await dutch.get('/taal?lang=nl');
      await signInPatient(suite.portal, dutch, PATIENT.username, PATIENT.password, PATIENT.email);
      assert.equal(await stored(), 'nl');
    });
  });
}
