import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/database.ts';
import { ManualClock, serviceDeps, usePortal } from '../support/portal.ts';
import { TestClient, hiddenValue, messageIds } from '../support/http-client.ts';
import { signInStaff } from '../support/sign-in.ts';
import { createAccount, createPractice } from '../../src/accounts/account.service.ts';
import { authenticatorCodeAt } from '../../src/security/authenticator.ts';

const PASSWORD = 'console-test-password';

for (const kind of databaseKinds()) {
  describe(`staff sign-in with an authenticator app (${kind})`, () => {
    const clock = new ManualClock('2026-11-26T10:50:00Z');
    const suite = usePortal(kind, { clock });

    before(async () => {
      const deps = serviceDeps(suite.portal);
      await createPractice(deps, { name: 'Praktijk Oost', slug: 'oost' });
      await createAccount(deps, { kind: 'staff', role: 'manager', practiceSlug: 'oost', name: 'Mia', email: 'mia@oost.example', username: 'mia', password: PASSWORD });
      await createAccount(deps, { kind: 'staff', role: 'assistant', practiceSlug: 'oost', name: 'Sanne', email: 'sanne@oost.example', username: 'sanne', password: PASSWORD });
    });

    async function passwordStep(username: string) {
      const client = new TestClient(suite.portal.app);
      await client.get('/praktijk');
      assert.equal((await client.post('/praktijk', { username, password: PASSWORD })).statusCode, 303);
      await client.get('/praktijk/sessiecode');
      return client;
    }

    async function withEmailCode(username: string, email: string) {
      const client = new TestClient(suite.portal.app);
      assert.equal((await signInStaff(suite.portal, client, username, PASSWORD, email)).statusCode, 303);
      return client;
    }

    let secret = '';

    test('a staff member links an app, then logs in with its code; a used code is not accepted twice', async () => {
      const mia = await withEmailCode('mia', 'mia@oost.example');
      const page = await mia.get('/praktijk/authenticator');
      assert.match(page.body, /<img src="data:image\/svg\+xml;base64,/);
      secret = (page.body.match(/<code class="secret">([A-Z2-7 ]+)<\/code>/)?.[1] ?? '').replace(/ /g, '');
      assert.equal(secret.length, 32);
      const wrong = await mia.post('/praktijk/authenticator', { code: '000000' === authenticatorCodeAt(secret, clock.now()) ? '111111' : '000000' });
      assert.ok(messageIds(wrong.body).includes('authenticator.wrongCode'));
      const linked = await mia.post('/praktijk/authenticator', { code: authenticatorCodeAt(secret, clock.now()) });
      assert.equal(linked.statusCode, 303);

      clock.advanceSeconds(60);
      const again = await passwordStep('mia');
      assert.match(again.lastHtml, /Code uit de app/);
      const appCode = authenticatorCodeAt(secret, clock.now());
      const signedIn = await again.post('/praktijk/sessiecode/app', { code: appCode });
      assert.equal(signedIn.headers['location'], '/praktijk/console');

      const replay = await passwordStep('mia');
      const refused = await replay.post('/praktijk/sessiecode/app', { code: appCode });
      assert.ok(messageIds(refused.body).includes('code.error.wrong'), 'the same time step is not accepted again');
    });

    test('a manager requires the app: staff without one must link it first; staff with one get no e-mailed code', async () => {
      clock.advanceSeconds(60);
      const mia = await passwordStep('mia');
      assert.equal((await mia.post('/praktijk/sessiecode/app', { code: authenticatorCodeAt(secret, clock.now()) })).statusCode, 303);
      const settings = await mia.get('/praktijk/instellingen');
      assert.equal((await mia.post('/praktijk/instellingen', { requireAuthenticator: 'ja', cancelWindowHours: '24', versie: hiddenValue(settings.body, 'versie') })).statusCode, 303);

      const sanne = await withEmailCode('sanne', 'sanne@oost.example');
      const blocked = await sanne.get('/praktijk/patienten');
      assert.equal(blocked.statusCode, 303);
      assert.equal(blocked.headers['location'], '/praktijk/authenticator');
      const enrol = await sanne.get('/praktijk/authenticator');
      assert.ok(messageIds(enrol.body).includes('authenticator.required'));

      clock.advanceSeconds(60);
      const mailsBefore = suite.portal.mailsTo('mia@oost.example').length;
      const next = await passwordStep('mia');
      assert.ok(!/name="code"[^>]*id="sessiecode"|id="sessiecode"/.test(next.lastHtml), 'no e-mail code field');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(suite.portal.mailsTo('mia@oost.example').length, mailsBefore, 'no code e-mail');
      const audit = await suite.database.db.selectFrom('audit_events').select('action').where('action', '=', 'practice.settings_changed').execute();
      assert.equal(audit.length, 1);
    });
  });
}
