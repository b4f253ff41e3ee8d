import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/database.ts';
import { PATIENT, seedPatient, serviceDeps, usePortal } from '../support/portal.ts';
import { TestClient, messageIds } from '../support/http-client.ts';
import { signInPatient, signInStaff } from '../support/sign-in.ts';
import { createAccount } from '../../src/accounts/account.service.ts';

function linkFrom(text: string): string {
  const links = text.match(/https?:\/\/\S+/g) ?? [];
  assert.equal(links.length, 1, 'exactly one link in the plain text');
  return links[0]!;
}

for (const kind of databaseKinds()) {
  describe(`accounts, staff door and health (${kind})`, () => {
    const suite = usePortal(kind);

    beforeEach(async () => {
      await suite.portal.reset();
      await seedPatient(suite.portal);
    });

    test('an account made without a password activates once from its e-mail link, then logs in with a code', async () => {
      await createAccount(serviceDeps(suite.portal), { kind: 'patient', practiceSlug: 'de-linde', name: 'Kees', email: 'kees@example.nl', username: 'kees' });
      const mail = await suite.portal.nextMail('kees@example.nl', { after: 0 });
      const link = new URL(linkFrom(mail.text));
      assert.equal(link.origin, 'http://portal.test');
      const client = new TestClient(suite.portal.app);
      const page = await client.get(link.pathname);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Nieuw wachtwoord/);
      const saved = await client.post(link.pathname, { password: 'mijn-nieuwe-wachtwoord' });
      assert.equal(saved.statusCode, 303);
      const reused = await client.get(link.pathname);
      assert.equal(reused.statusCode, 410, 'the link works once');
      assert.ok(messageIds(reused.body).includes('link.invalid'));
      const signedIn = await signInPatient(suite.portal, client, 'kees', 'mijn-nieuwe-wachtwoord', 'kees@example.nl');
      assert.equal(signedIn.headers['location'], '/start');
    });

    test('a too short password is refused and the link stays usable', async () => {
      await createAccount(serviceDeps(suite.portal), { kind: 'patient', practiceSlug: 'de-linde', name: 'Kees', email: 'kees@example.nl', username: 'kees' });
      const link = new URL(linkFrom((await suite.portal.nextMail('kees@example.nl', { after: 0 })).text));
      const client = new TestClient(suite.portal.app);
      await client.get(link.pathname);
      const short = await client.post(link.pathname, { password: 'kort' });
      assert.equal(short.statusCode, 422);
      assert.ok(messageIds(short.body).includes('password.error.tooShort'));
      assert.equal((await client.get(link.pathname)).statusCode, 200);
    });

    test('a common password is refused on the activation page with a tip, and the link stays usable', async () => {
      await createAccount(serviceDeps(suite.portal), { kind: 'patient', practiceSlug: 'de-linde', name: 'Kees', email: 'kees@example.nl', username: 'kees' });
      const link = new URL(linkFrom((await suite.portal.nextMail('kees@example.nl', { after: 0 })).text));
      const client = new TestClient(suite.portal.app);
      await client.get(link.pathname);
      const common = await client.post(link.pathname, { password: 'welkom123' });
      assert.equal(common.statusCode, 422);
      const ids = messageIds(common.body);
      assert.ok(ids.includes('password.error.common'), ids.join(', '));
      assert.ok(ids.some((id) => id.startsWith('password.suggestion.')), 'a strength hint from the server');
      assert.equal((await client.get(link.pathname)).statusCode, 200);
      assert.equal((await client.post(link.pathname, { password: 'een zin over de zee' })).statusCode, 303);
    });

    test('Wachtwoord vergeten? answers the same for known and unknown accounts; the link works once and ends sessions', async () => {
      const client = new TestClient(suite.portal.app);
      const signedIn = await signInPatient(suite.portal, client, PATIENT.username, PATIENT.password, PATIENT.email);
      assert.equal(signedIn.statusCode, 303);
      const other = new TestClient(suite.portal.app);
      await other.get('/wachtwoord-vergeten');
      const unknown = await other.post('/wachtwoord-vergeten', { identifier: 'nobody@example.nl' });
      const mails = suite.portal.mailsTo(PATIENT.email).length;
      const known = await other.post('/wachtwoord-vergeten', { identifier: PATIENT.email });
      assert.equal(unknown.statusCode, known.statusCode);
      assert.deepEqual(messageIds(unknown.body), messageIds(known.body));
      const recovery = await suite.portal.nextMail(PATIENT.email, { after: mails });
      const link = new URL(linkFrom(recovery.text));
      await other.get(link.pathname);
      const saved = await other.post(link.pathname, { password: 'een-heel-nieuw-wachtwoord' });
      assert.equal(saved.statusCode, 303);
      assert.equal((await other.post(link.pathname, { password: 'nog-een-ander-wachtwoord' })).statusCode, 410);
      const home = await client.get('/start');
      assert.equal(home.statusCode, 303, 'the old session ended with the new password');
      assert.equal(suite.portal.mailsTo('nobody@example.nl').length, 0);
    });

    test('staff log in at /praktijk with the same code step; patients cannot', async () => {
      await createAccount(serviceDeps(suite.portal), {
        kind: 'staff',
        role: 'assistant',
        practiceSlug: 'de-linde',
        name: 'Sanne',
        email: 'sanne@de-linde.example',
        username: 'sanne',
        password: 'assistent-wachtwoord',
      });
      const staff = new TestClient(suite.portal.app);
      const loginPage = await staff.get('/praktijk');
      assert.match(loginPage.body, /Gebruikersnaam/);
      const result = await signInStaff(suite.portal, staff, 'sanne', 'assistent-wachtwoord', 'sanne@de-linde.example');
      assert.equal(result.headers['location'], '/praktijk/console');
      const consolePage = await staff.get('/praktijk/console');
      assert.equal(consolePage.statusCode, 200);
      assert.match(consolePage.body, /Uitloggen/);
      assert.equal((await staff.get('/start')).statusCode, 303, 'a staff session is not a patient session');

      const patient = new TestClient(suite.portal.app);
      await patient.get('/praktijk');
      const refused = await patient.post('/praktijk', { username: PATIENT.username, password: PATIENT.password });
      assert.ok(messageIds(refused.body).includes('login.error.invalid'));
    });

    test('health, headers and malformed requests', async () => {
      const client = new TestClient(suite.portal.app);
      assert.equal((await client.get('/healthz')).statusCode, 200);
      const root = await client.get('/');
      assert.equal(root.statusCode, 303);
      assert.equal(root.headers['location'], '/inloggen');
      const login = await client.get('/inloggen');
      const csp = String(login.headers['content-security-policy']);
      assert.match(csp, /script-src 'none'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(login.headers['x-content-type-options'], 'nosniff');
      assert.equal((await client.get('/static/portal.css')).statusCode, 200);
      assert.equal((await client.get('/bestaat-niet')).statusCode, 404);
      const garbage = await suite.portal.app.inject({ method: 'POST', url: '/inloggen', headers: { 'content-type': 'application/json' }, payload: '{not json' });
      assert.ok(garbage.statusCode >= 400 && garbage.statusCode < 500, `got ${garbage.statusCode}`);
      const huge = await suite.portal.app.inject({ method: 'POST', url: '/inloggen', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a='.padEnd(100_000, 'x') });
      assert.ok(huge.statusCode >= 400 && huge.statusCode < 500, `got ${huge.statusCode}`);
      assert.equal((await client.get('/taal?lang=en&terug=//evil.example')).headers['location'], '/');
      // Dutch by default even for a browser set to English; English is offered, and chosen by a click.
      const english = await suite.portal.app.inject({ method: 'GET', url: '/inloggen', headers: { 'accept-language': 'en-US,en;q=0.9' } });
      assert.match(english.body, /<label for="gebruikersnaam">Gebruikersnaam<\/label>/);
      assert.match(english.body, /also available in English/);
      assert.equal((await suite.portal.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
    });
  });
}
