/**
 * The largest text a form allows must fit in the request body whatever the script: 2,000
 * characters of an e-consult in Tigrinya (Ge'ez script, 3 bytes a character in UTF-8, 9 once
 * URL-encoded) must not be refused as too large — the patient would lose what they typed.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/database.ts';
import { PATIENT, seedPatient, usePortal } from '../support/portal.ts';
import { TestClient } from '../support/http-client.ts';
import { signInPatient } from '../support/sign-in.ts';
import { FORM_BODY_LIMIT_BYTES } from '../../src/http/plumbing.tsx';

for (const kind of databaseKinds()) {
  describe(`form size limits (${kind})`, () => {
    const suite = usePortal(kind);
    let patient: TestClient;

    before(async () => {
      const account = await seedPatient(suite.portal);
      await suite.database.db.updateTable('practices').set({ consults_enabled: true }).where('id', '=', account.practiceId!).execute();
      patient = new TestClient(suite.portal.app);
      await signInPatient(suite.portal, patient, PATIENT.username, PATIENT.password, PATIENT.email);
    });

    test('2,000 Ge\'ez characters are accepted as a question', async () => {
      const question = 'ሰላምልኡ'.repeat(400).slice(0, 2000);
      assert.equal([...question].length, 2000);
      const encoded = new URLSearchParams({ subject: 'ሕቶ', body: question }).toString();
      assert.ok(Buffer.byteLength(encoded) > 16 * 1024, `the form is larger than the old limit (${Buffer.byteLength(encoded)} bytes)`);
      assert.ok(Buffer.byteLength(encoded) < FORM_BODY_LIMIT_BYTES);
      await patient.get('/e-consult');
      const response = await patient.post('/e-consult', { subject: 'ሕቶ', body: question });
      assert.equal(response.statusCode, 303);
      const stored = await suite.database.db.selectFrom('consult_messages').select('body').executeTakeFirstOrThrow();
      assert.equal(stored.body, question.trim());
    });

    test('a body beyond the limit is refused with a page, not stored', async () => {
      await patient.get('/e-consult');
      const response = await patient.post('/e-consult', { subject: 'te lang', body: 'x'.repeat(FORM_BODY_LIMIT_BYTES) });
      assert.equal(response.statusCode, 413);
      const count = await suite.database.db.selectFrom('consult_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1);
    });
  });
}
