/**
 * Staff correct a patient's contact details in the console. When the e-mail address changes, the
 * old address gets the same notice as when patients change it themselves: a change the patient
 * did not ask for (a mistake, or someone who talked the practice into it) shows up there.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/database.ts';
import { PATIENT, mailSettled, seedPatient, serviceDeps, usePortal } from '../support/portal.ts';
import type { TestClient } from '../support/http-client.ts';
import { staffClient } from '../support/sign-in.ts';
import { createAccount } from '../../src/accounts/account.service.ts';
import { findAccountById } from '../../src/accounts/account.repository.ts';
import { issueLink } from '../../src/accounts/account-links.ts';

const STAFF_PASSWORD = 'contact-test-wachtwoord';
const NEW_EMAIL = 'jan.nieuw@example.org';

for (const kind of databaseKinds()) {
  describe(`staff change a patient's contact details (${kind})`, () => {
    const suite = usePortal(kind);
    let assistant: TestClient;
    let patientId = '';

    before(async () => {
      patientId = (await seedPatient(suite.portal)).id;
      await createAccount(serviceDeps(suite.portal), { kind: 'staff', role: 'assistant', practiceSlug: 'de-linde', name: 'Sanne', email: 'sanne@linde.example', username: 'sanne', password: STAFF_PASSWORD });
      assistant = await staffClient(suite.portal, 'sanne', STAFF_PASSWORD, 'sanne@linde.example');
    });

    test('a new phone number only: saved, no mail', async () => {
      await assistant.get(`/praktijk/patienten/${patientId}`);
      const before = suite.portal.mailsTo(PATIENT.email).length;
      const saved = await assistant.post(`/praktijk/patienten/${patientId}`, { email: PATIENT.email, phone: '020 765 43 21', dateOfBirth: '' });
      assert.equal(saved.statusCode, 303);
      await mailSettled(suite.portal);
      assert.equal(suite.portal.mailsTo(PATIENT.email).length, before);
      const row = await suite.database.db.selectFrom('accounts').select(['phone', 'email']).where('id', '=', patientId).executeTakeFirstOrThrow();
      assert.deepEqual(row, { phone: '020 765 43 21', email: PATIENT.email });
    });

    test('a new address: saved, audited, open links voided, and the old address gets a notice with the new one masked', async () => {
      // A recovery link went to the old address a moment ago.
      const account = await findAccountById(suite.database.db, patientId);
      await issueLink(suite.database.db, serviceDeps(suite.portal), { account: account!, purpose: 'recovery', practiceName: null, locale: 'nl', now: suite.portal.clock.now() });
      const openLinks = () =>
        suite.database.db.selectFrom('account_links').select('id').where('account_id', '=', patientId).where('used_at', 'is', null).where('voided_at', 'is', null).execute();
      assert.equal((await openLinks()).length, 1);
      await assistant.get(`/praktijk/patienten/${patientId}`);
      await mailSettled(suite.portal);
      const before = suite.portal.mailsTo(PATIENT.email).length;
      const saved = await assistant.post(`/praktijk/patienten/${patientId}`, { email: NEW_EMAIL, phone: '020 765 43 21', dateOfBirth: '' });
      assert.equal(saved.statusCode, 303);
      const notice = await suite.portal.nextMail(PATIENT.email, { after: before });
      assert.match(notice.subject, /Uw e-mailadres is gewijzigd/);
      assert.match(notice.text, /Was dit u niet\?/);
      assert.ok(!notice.text.includes(NEW_EMAIL), 'the new address is masked');
      assert.match(notice.text, /j\S*@example\.org/);
      assert.equal(suite.portal.mailsTo(NEW_EMAIL).length, 0, 'nothing to the new address');
      assert.equal((await openLinks()).length, 0, 'the link to the old address no longer works');
      // Two saves so far: the phone number only, then the address.
      const audits = await suite.database.db.selectFrom('audit_events').select(['details']).where('action', '=', 'patient.updated').where('subject_account_id', '=', patientId).execute();
      assert.deepEqual(audits.map((row) => row.details['emailChanged']).sort(), [false, true]);
    });
  });
}
