import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/database.ts';
import { PATIENT, seedPatient, usePortal, type TestPortal } from '../support/portal.ts';
import { TestClient, messageIds } from '../support/http-client.ts';
import { signInPatient } from '../support/sign-in.ts';
import { usernameKey } from '../../src/auth/password-throttle.ts';
import { formatDateTime, summarizeUserAgent } from '../../src/accounts/my-account.ts';

const NEW_PASSWORD = 'een-heel-nieuw-wachtwoord';

async function signedInClient(portal: TestPortal, password: string = PATIENT.password): Promise<TestClient> {
  const client = new TestClient(portal.app);
  const done = await signInPatient(portal, client, PATIENT.username, password, PATIENT.email);
  assert.equal(done.headers['location'], '/start', 'the patient is signed in');
  return client;
}

async function isSignedIn(client: TestClient): Promise<boolean> {
  const response = await client.get('/start');
  return response.statusCode === 200;
}

describe('my account: formatting', () => {
  test('time as dd-mm-jjjj HH:MM in Dutch time', () => {
    assert.equal(formatDateTime(new Date('2026-11-26T10:50:00Z')), '26-11-2026 11:50');
    assert.equal(formatDateTime(new Date('2026-07-01T22:05:00Z')), '02-07-2026 00:05');
  });

  test('a user agent in short', () => {
    assert.deepEqual(
      summarizeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0'),
      { browser: 'Firefox', system: 'Windows' },
    );
    assert.deepEqual(
      summarizeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1'),
      { browser: 'Safari', system: 'iPhone' },
    );
    assert.deepEqual(
      summarizeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0'),
      { browser: 'Edge', system: 'Windows' },
    );
    assert.deepEqual(summarizeUserAgent(null), { browser: null, system: null });
  });
});

for (const kind of databaseKinds()) {
  describe(`my account (${kind})`, () => {
    const suite = usePortal(kind);

    beforeEach(async () => {
      await suite.portal.reset();
      await seedPatient(suite.portal);
    });

    test('the start page links to Mijn account, which lists the sign-ins with time, browser and outcome', async () => {
      const stranger = new TestClient(suite.portal.app);
      await stranger.get('/inloggen');
      const refused = await stranger.post('/inloggen', { username: PATIENT.username, password: 'niet-het-wachtwoord' });
      assert.equal(refused.statusCode, 422);
      const client = await signedInClient(suite.portal);
      const home = await client.get('/start');
      assert.match(home.body, /<a href="\/account">Mijn account<\/a>/);

      const page = await client.get('/account');
      assert.equal(page.statusCode, 200);
      const ids = messageIds(page.body);
      assert.ok(ids.includes('account.outcome.sign_in.code_accepted'));
      assert.ok(ids.includes('account.outcome.sign_in.password_refused'));
      assert.match(page.body, /Ingelogd/);
      assert.match(page.body, /Niet ingelogd: verkeerd wachtwoord/);
      assert.match(page.body, /<td>\d{2}-\d{2}-\d{4} \d{2}:\d{2}<\/td>/);
      assert.match(page.body, /name="_csrf"/);
      assert.match(page.body, /autocomplete="current-password"/);
      assert.match(page.body, /autocomplete="new-password"/);

      const signedOut = await new TestClient(suite.portal.app).get('/account');
      assert.equal(signedOut.statusCode, 303, 'only for a signed-in patient');
    });

    test('two sessions: Elders uitloggen ends the other one only', async () => {
      const here = await signedInClient(suite.portal);
      const there = await signedInClient(suite.portal);
      const page = await here.get('/account');
      assert.equal(page.body.match(/data-session="current"/g)?.length, 1);
      assert.equal(page.body.match(/data-session="other"/g)?.length, 1);
      assert.match(page.body, /Elders uitloggen/);

      const ended = await here.post('/account/elders-uitloggen', {});
      assert.equal(ended.statusCode, 303);
      const after = await here.follow(ended);
      assert.ok(messageIds(after.body).includes('account.sessions.ended'));
      assert.equal(after.body.match(/data-session="other"/g), null);
      assert.ok(await isSignedIn(here), 'this session goes on');
      assert.ok(!(await isSignedIn(there)), 'the other session has ended');
      const audit = await suite.database.db.selectFrom('audit_events').select('details').where('action', '=', 'session.ended_elsewhere').execute();
      assert.equal(audit.length, 1);
    });

    test('password change: a wrong current password is refused and counted; the right one changes it, ends other sessions and sends a notice', async () => {
      const here = await signedInClient(suite.portal);
      const there = await signedInClient(suite.portal);
      await here.get('/account');

      const wrong = await here.post('/account/wachtwoord', { currentPassword: 'niet-het-wachtwoord', newPassword: NEW_PASSWORD });
      assert.equal(wrong.statusCode, 422);
      assert.ok(messageIds(wrong.body).includes('account.password.error.wrongCurrent'));
      const counted = await suite.database.db.selectFrom('throttles').select('failures').where('key', '=', usernameKey(PATIENT.username)).executeTakeFirst();
      assert.equal(counted?.failures, 1, 'the failure counts like a wrong login password');
      assert.ok(await isSignedIn(there), 'a refused change ends nothing');

      const short = await here.post('/account/wachtwoord', { currentPassword: PATIENT.password, newPassword: 'kort' });
      assert.equal(short.statusCode, 422);
      assert.ok(messageIds(short.body).includes('password.error.tooShort'));
      const common = await here.post('/account/wachtwoord', { currentPassword: PATIENT.password, newPassword: 'welkom123' });
      assert.equal(common.statusCode, 422);
      assert.ok(messageIds(common.body).includes('password.error.common'), 'the same rules as choosing a password from a link');

      const mailsBefore = suite.portal.mailsTo(PATIENT.email).length;
      const changed = await here.post('/account/wachtwoord', { currentPassword: PATIENT.password, newPassword: NEW_PASSWORD });
      assert.equal(changed.statusCode, 303);
      assert.equal(changed.headers['location'], '/account?melding=wachtwoord');
      const after = await here.follow(changed);
      assert.ok(messageIds(after.body).includes('account.password.changed'));
      assert.ok(await isSignedIn(here), 'this session goes on');
      assert.ok(!(await isSignedIn(there)), 'the other session has ended');
      const cleared = await suite.database.db.selectFrom('throttles').select('failures').where('key', '=', usernameKey(PATIENT.username)).executeTakeFirst();
      assert.equal(cleared, undefined, 'the right password clears the count');

      const notice = await suite.portal.nextMail(PATIENT.email, { after: mailsBefore });
      assert.match(notice.subject, /Uw wachtwoord is gewijzigd/);
      assert.match(notice.text, /Huisartsenpraktijk De Linde/);
      assert.match(notice.text, /Heeft u dit niet zelf gedaan\?/);
      assert.match(notice.text, /Wachtwoord vergeten\?/);
      assert.doesNotMatch(notice.text, /https?:\/\//, 'no link in the notice');
      assert.doesNotMatch(notice.text, /\b\d{6}\b/, 'no code in the notice');
      assert.doesNotMatch(notice.text, /diagnose|medicatie|uitslag|afspraak|klacht/i, 'no medical content');
      assert.ok(notice.html?.includes('Heeft u dit niet zelf gedaan?'), 'an HTML part too');

      const audit = await suite.database.db
        .selectFrom('audit_events')
        .select(['outcome'])
        .where('action', '=', 'account.password_changed')
        .orderBy('occurred_at')
        .execute();
      assert.deepEqual(audit.map((row) => row.outcome).sort(), ['failure', 'success']);

      const oldPassword = new TestClient(suite.portal.app);
      await oldPassword.get('/inloggen');
      const refused = await oldPassword.post('/inloggen', { username: PATIENT.username, password: PATIENT.password });
      assert.equal(refused.statusCode, 422, 'the old password no longer works');
      await signedInClient(suite.portal, NEW_PASSWORD);
    });

    test('Was dit u niet? ends every session, this one too, and leads to a new password', async () => {
      const here = await signedInClient(suite.portal);
      const there = await signedInClient(suite.portal);
      await here.get('/account');
      const reported = await here.post('/account/was-ik-niet', {});
      assert.equal(reported.statusCode, 303);
      assert.match(String(reported.headers['location']), /^\/wachtwoord-vergeten/);
      assert.ok(!here.cookies.has('pp_session'), 'the session cookie is cleared');
      const forgot = await here.follow(reported);
      assert.equal(forgot.statusCode, 200);
      assert.match(forgot.body, /data-message-id="account\.notMe\.done"/);
      assert.ok(!(await isSignedIn(here)));
      assert.ok(!(await isSignedIn(there)));
      const open = await suite.database.db.selectFrom('sessions').select('id').where('ended_at', 'is', null).execute();
      assert.equal(open.length, 0);
      const audit = await suite.database.db.selectFrom('audit_events').select('id').where('action', '=', 'account.compromise_reported').execute();
      assert.equal(audit.length, 1);
    });
  });
}
