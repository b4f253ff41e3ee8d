import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/database.ts';
import { ManualClock, PATIENT, codeFrom, eventually, seedPatient, usePortal } from '../support/portal.ts';
import { TestClient, messageIds } from '../support/http-client.ts';
import { passwordStep } from '../support/sign-in.ts';

for (const kind of databaseKinds()) {
  describe(`sign-in with a session code (${kind})`, () => {
    const clock = new ManualClock('2026-11-26T10:50:00Z');
    const suite = usePortal(kind, { clock });

    beforeEach(async () => {
      await suite.portal.reset();
      clock.set('2026-11-26T10:50:00Z');
      await seedPatient(suite.portal);
    });

    /** The password step (303 to /sessiecode); the code e-mail and its code. */
    const loginWithPassword = (client: TestClient) => passwordStep(suite.portal, client, '/inloggen', PATIENT.username, PATIENT.password, PATIENT.email);

    test('password, then the code from the e-mail, gives a session; logout ends it', async () => {
      const client = new TestClient(suite.portal.app);
      const { mail, code } = await loginWithPassword(client);
      // The e-mail names the time the code was made (Europe/Amsterdam), in subject and text.
      assert.match(mail.subject, /11:50/);
      assert.match(mail.text, /11:50/);
      assert.equal(mail.text.match(/\b\d{6}\b/g)?.length, 1);

      let codePage = await client.get('/sessiecode');
      await eventually(async () => {
        codePage = await client.get('/sessiecode');
        return messageIds(codePage.body).includes('code.delivery.sent');
      });
      assert.equal(codePage.statusCode, 200);
      assert.match(codePage.body, /11:50/);
      assert.match(codePage.body, /j\*\*\*@example\.nl/);
      assert.ok(messageIds(codePage.body).includes('code.delivery.sent'));

      const preLoginCookies = new Map(client.cookies);
      const submit = await client.post('/sessiecode', { code });
      assert.equal(submit.statusCode, 303);
      assert.equal(submit.headers['location'], '/start');
      assert.ok(client.cookies.has('pp_session'), 'a session cookie is set');
      assert.ok(!client.cookies.has('pp_signin'), 'the pre-login cookie is gone');
      assert.notEqual(client.cookies.get('pp_session'), preLoginCookies.get('pp_session'));
      const setCookie = String(submit.headers['set-cookie']);
      assert.match(setCookie, /pp_session=[^;]+;.*HttpOnly/i);

      const home = await client.get('/start');
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /Uitloggen/);

      const logout = await client.post('/uitloggen', {});
      assert.equal(logout.statusCode, 303);
      const afterLogout = await client.get('/start');
      assert.equal(afterLogout.statusCode, 303);
      assert.match(String(afterLogout.headers['location']), /^\/inloggen/);
    });

    test('a wrong code says "sessiecode is niet correct" and counts down the tries', async () => {
      const client = new TestClient(suite.portal.app);
      const { code } = await loginWithPassword(client);
      const wrong = code === '000000' ? '111111' : '000000';
      const response = await client.post('/sessiecode', { code: wrong });
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /sessiecode is niet correct/);
      assert.match(response.body, /nog 4 keer/);
      assert.ok(messageIds(response.body).includes('code.error.wrong'));
    });

    test('pasted spaces and full-width digits are accepted; seven digits are explained and cost no try', async () => {
      const client = new TestClient(suite.portal.app);
      const { code } = await loginWithPassword(client);
      const seven = await client.post('/sessiecode', { code: `${code}1` });
      assert.ok(messageIds(seven.body).includes('code.error.tooManyDigits'));
      assert.match(seven.body, /7 cijfers/);
      const five = await client.post('/sessiecode', { code: code.slice(0, 5) });
      assert.ok(messageIds(five.body).includes('code.error.tooFewDigits'));
      const guard = await suite.database.db.selectFrom('sign_in_guards').select('wrong_code_tries').executeTakeFirst();
      assert.equal(guard?.wrong_code_tries ?? 0, 0, 'malformed input is not a try');
      const fullWidth = [...code].map((digit) => String.fromCharCode(0xff10 + Number(digit))).join('');
      const ok = await client.post('/sessiecode', { code: ` ${fullWidth.slice(0, 3)} ${fullWidth.slice(3)}\t` });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers['location'], '/start');
    });

    test('logging in again replaces the code: the older one is recognised and explained', async () => {
      const client = new TestClient(suite.portal.app);
      const first = await loginWithPassword(client);
      clock.advanceSeconds(120);
      const second = await loginWithPassword(client);
      assert.notEqual(first.mail.messageId, second.mail.messageId);
      const old = await client.post('/sessiecode', { code: first.code });
      if (first.code !== second.code) {
        assert.ok(messageIds(old.body).includes('code.error.older'), 'the older code gets its own message');
        assert.match(old.body, /10:50|11:50/);
        assert.match(old.body, /11:52/);
      }
      const ok = await client.post('/sessiecode', { code: second.code });
      assert.equal(ok.statusCode, 303);
    });

    test('an expired code gets its own message and costs no try', async () => {
      const client = new TestClient(suite.portal.app);
      const { code } = await loginWithPassword(client);
      clock.advanceSeconds(601);
      const response = await client.post('/sessiecode', { code });
      assert.ok(messageIds(response.body).includes('code.error.expired'));
      const guard = await suite.database.db.selectFrom('sign_in_guards').select('wrong_code_tries').executeTakeFirst();
      assert.equal(guard?.wrong_code_tries ?? 0, 0);
    });

    test('"Geen sessiecode ontvangen?" re-sends the same code while it has time left, then a new one', async () => {
      const client = new TestClient(suite.portal.app);
      const first = await loginWithPassword(client);
      await client.get('/sessiecode');
      const before = suite.portal.mailsTo(PATIENT.email).length;
      const resend = await client.get('/sessiecode/opnieuw', { 'sec-fetch-site': 'same-origin' });
      assert.equal(resend.statusCode, 303);
      const again = await suite.portal.nextMail(PATIENT.email, { after: before });
      assert.equal(codeFrom(again), first.code, 'same code while it is still fresh');
      const page = await client.follow(resend);
      assert.ok(messageIds(page.body).includes('code.resent.same'));

      // A second re-send within 30 s is asked to wait and sends nothing.
      const tooSoon = await client.post('/sessiecode/opnieuw', {});
      const waitPage = await client.follow(tooSoon);
      assert.ok(messageIds(waitPage.body).includes('code.resent.wait'));
      assert.equal(suite.portal.mailsTo(PATIENT.email).length, before + 1);

      // With less than three minutes left, a re-send makes a new code and the old stops working.
      clock.advanceSeconds(8 * 60);
      await client.get('/sessiecode');
      const countBefore = suite.portal.mailsTo(PATIENT.email).length;
      await client.post('/sessiecode/opnieuw', {});
      const newMail = await suite.portal.nextMail(PATIENT.email, { after: countBefore });
      const newCode = codeFrom(newMail);
      if (newCode !== first.code) {
        const old = await client.post('/sessiecode', { code: first.code });
        assert.ok(messageIds(old.body).includes('code.error.older'));
      }
      const ok = await client.post('/sessiecode', { code: newCode });
      assert.equal(ok.statusCode, 303);
    });

    test('five wrong tries void the code; more pause the code step for the account', async () => {
      const client = new TestClient(suite.portal.app);
      const { code } = await loginWithPassword(client);
      const wrong = code === '123456' ? '654321' : '123456';
      for (let i = 1; i <= 4; i += 1) {
        const response = await client.post('/sessiecode', { code: wrong });
        assert.ok(messageIds(response.body).includes('code.error.wrong'));
      }
      const fifth = await client.post('/sessiecode', { code: wrong });
      assert.ok(messageIds(fifth.body).includes('code.error.voided'));
      const right = await client.post('/sessiecode', { code });
      assert.ok(!messageIds(right.body).includes('code.error.wrong'));
      assert.notEqual(right.statusCode, 303, 'a voided code does not log in');

      // A new code does not reset the count: five more wrong tries pause the step.
      clock.advanceSeconds(31);
      await client.post('/sessiecode/opnieuw', {});
      const next = codeFrom(await suite.portal.nextMail(PATIENT.email, { after: 1 }));
      const otherWrong = next === '123456' ? '654321' : '123456';
      for (let i = 1; i <= 5; i += 1) await client.post('/sessiecode', { code: otherWrong });
      const paused = await client.post('/sessiecode', { code: next });
      assert.ok(messageIds(paused.body).includes('code.error.paused'));
    });

    test('the same right code submitted many times at once yields exactly one session', async () => {
      const client = new TestClient(suite.portal.app);
      const { code } = await loginWithPassword(client);
      const results = await Promise.all(Array.from({ length: 8 }, () => client.post('/sessiecode', { code })));
      const sessions = await suite.database.db.selectFrom('sessions').select('id').execute();
      assert.equal(sessions.length, 1);
      assert.ok(results.every((response) => response.statusCode === 303));
    });

    test('a wrong password and an unknown username get the same answer', async () => {
      const client = new TestClient(suite.portal.app);
      await client.get('/inloggen');
      const wrongPassword = await client.post('/inloggen', { username: PATIENT.username, password: 'not-the-password' });
      const unknown = await client.post('/inloggen', { username: 'nobody-here', password: 'not-the-password' });
      assert.equal(wrongPassword.statusCode, unknown.statusCode);
      assert.deepEqual(messageIds(wrongPassword.body), messageIds(unknown.body));
      assert.equal(suite.portal.mailsTo(PATIENT.email).length, 0);
    });

    test('wrong passwords sent all at once are counted before the check: at most five are tried', async () => {
      const client = new TestClient(suite.portal.app);
      await client.get('/inloggen');
      const responses = await Promise.all(Array.from({ length: 20 }, () => client.post('/inloggen', { username: PATIENT.username, password: 'not-the-password' })));
      const checked = responses.filter((response) => response.statusCode === 422).length;
      const throttled = responses.filter((response) => response.statusCode === 429).length;
      assert.equal(checked + throttled, 20);
      assert.ok(checked <= 5, `${checked} passwords were checked`);
      // The right password during the block is refused too; after it, it works and clears the count.
      const during = await client.post('/inloggen', { username: PATIENT.username, password: PATIENT.password });
      assert.equal(during.statusCode, 429);
      clock.advanceSeconds(61);
      const afterBlock = await client.post('/inloggen', { username: PATIENT.username, password: PATIENT.password });
      assert.equal(afterBlock.statusCode, 303);
      const row = await suite.database.db.selectFrom('throttles').select('failures').where('key', '=', 'password:user:jan').executeTakeFirst();
      assert.equal(row, undefined);
    });

    test('a form post from another origin or without the token is refused and changes nothing', async () => {
      const client = new TestClient(suite.portal.app);
      await client.get('/inloggen');
      const foreign = await client.post('/inloggen', { username: PATIENT.username, password: PATIENT.password }, { origin: 'https://evil.example' });
      assert.equal(foreign.statusCode, 403);
      const noToken = await client.post('/inloggen', { username: PATIENT.username, password: PATIENT.password }, { csrf: 'forged' });
      assert.equal(noToken.statusCode, 403);
      const attempts = await suite.database.db.selectFrom('sign_in_attempts').select('id').execute();
      assert.equal(attempts.length, 0);
    });

    test('every step is in the audit trail, and codes never are', async () => {
      const client = new TestClient(suite.portal.app);
      const { code } = await loginWithPassword(client);
      await client.post('/sessiecode', { code });
      const events = await suite.database.db.selectFrom('audit_events').select(['action', 'outcome', 'ip', 'details']).orderBy('occurred_at').execute();
      const actions = events.map((event) => event.action);
      for (const expected of ['sign_in.password_accepted', 'sign_in.code_created', 'mail.sent', 'sign_in.code_accepted']) {
        assert.ok(actions.includes(expected as never), `audit has ${expected}`);
      }
      assert.ok(!JSON.stringify(events).includes(code), 'no code in the audit trail');
    });
  });
}
