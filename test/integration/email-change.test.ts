/**
 * "E-mailadres wijzigen" in Mijn account, through the routes as a browser uses them, on PGlite
 * and (with TEST_DATABASE_URL) PostgreSQL. Time is a ManualClock: an expired code is made by
 * moving it, not by sleeping.
 */
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { databaseKinds } from '../support/database.ts';
import { ManualClock, PATIENT, codeFrom, eventually, mailSettled, seedPatient, usePortal, type TestPortal } from '../support/portal.ts';
import { TestClient, messageIds } from '../support/http-client.ts';
import { signInPatient } from '../support/sign-in.ts';
import { usernameKey } from '../../src/auth/password-throttle.ts';
import { sweep } from '../../src/maintenance/sweeper.ts';

const START = '2026-11-26T10:50:00Z'; // 11:50 in Amsterdam
const NEW_EMAIL = 'jan.nieuw@example.nl';

async function signedInClient(portal: TestPortal): Promise<TestClient> {
  const client = new TestClient(portal.app);
  const done = await signInPatient(portal, client, PATIENT.username, PATIENT.password, PATIENT.email, { afterMail: () => mailSettled(portal) });
  assert.equal(done.headers['location'], '/start', 'the patient is signed in');
  return client;
}

async function isSignedIn(client: TestClient): Promise<boolean> {
  return (await client.get('/start')).statusCode === 200;
}

/** The form on Mijn account, filled in and sent. */
async function requestChange(client: TestClient, newEmail: string, password: string = PATIENT.password): Promise<LightMyRequestResponse> {
  await client.get('/account');
  return client.post('/account/e-mailadres', { newEmail, currentPassword: password });
}

/** Asks for a change that must succeed; returns the code from the e-mail to the new address. */
async function codeForChange(portal: TestPortal, client: TestClient, newEmail: string = NEW_EMAIL): Promise<string> {
  const before = portal.mailsTo(newEmail).length;
  const asked = await requestChange(client, newEmail);
  assert.equal(asked.statusCode, 303, `asking for ${newEmail}: ${messageIds(asked.body).join(', ')}`);
  assert.equal(asked.headers['location'], '/account/e-mailadres/sessiecode');
  const code = codeFrom(await portal.nextMail(newEmail, { after: before }));
  await mailSettled(portal);
  await client.get('/account/e-mailadres/sessiecode');
  return code;
}

function enterCode(client: TestClient, code: string): Promise<LightMyRequestResponse> {
  return client.post('/account/e-mailadres/sessiecode', { code });
}

/** A six-digit code that is none of these. */
function otherCode(...codes: string[]): string {
  return ['000000', '111111', '222222', '333333'].find((candidate) => !codes.includes(candidate))!;
}

for (const kind of databaseKinds()) {
  describe(`e-mail change in Mijn account (${kind})`, () => {
    const clock = new ManualClock(START);
    const suite = usePortal(kind, { clock });
    const db = () => suite.database.db;
    const accountEmail = async () => (await db().selectFrom('accounts').select('email').where('username', '=', PATIENT.username).executeTakeFirstOrThrow()).email;
    const auditRows = (action: string) =>
      db().selectFrom('audit_events').select(['outcome', 'details', 'actor_account_id', 'subject_account_id']).where('action', '=', action).execute();
    /** `outcome:reason` of each audit row of `action`, sorted (rows of one clock instant have no order). */
    const outcomes = async (action: string) =>
      (await auditRows(action)).map((row) => `${row.outcome}:${String(row.details['reason'] ?? '')}`).sort();

    beforeEach(async () => {
      await suite.portal.reset();
      clock.set(START);
      await seedPatient(suite.portal);
    });

    test('the right code changes the address, ends the other sessions, notifies the old address and is audited', async () => {
      const here = await signedInClient(suite.portal);
      const there = await signedInClient(suite.portal);

      const page = await here.get('/account');
      assert.match(page.body, /<h2 id="e-mailadres">E-mailadres wijzigen<\/h2>/);
      assert.ok(messageIds(page.body).includes('account.email.current'));
      assert.match(page.body, /<label for="nieuw-e-mailadres">Nieuw e-mailadres<\/label>/);
      assert.match(page.body, /id="nieuw-e-mailadres" name="newEmail" type="email" inputmode="email" autocomplete="email"/);
      assert.match(page.body, /id="e-mailadres-wachtwoord" name="currentPassword" type="password" autocomplete="current-password"/);

      clock.advanceSeconds(120);
      const before = suite.portal.mailsTo(NEW_EMAIL).length;
      // Typed with capitals and a space around: stored as the lower-case address.
      const asked = await requestChange(here, ' Jan.Nieuw@Example.NL ');
      assert.equal(asked.statusCode, 303);
      const codeMail = await suite.portal.nextMail(NEW_EMAIL, { after: before });
      await mailSettled(suite.portal);
      assert.match(codeMail.subject, /11:52/, 'the subject has the time the code was made');
      assert.match(codeMail.subject, /Huisartsenpraktijk De Linde/);
      assert.deepEqual(codeMail.text.match(/\b\d{6}\b/g)?.length, 1, 'the code once in the plain text');
      assert.match(codeMail.text, /Heeft u dit niet zelf gevraagd\?/);
      assert.match(codeMail.text, /12:02/, 'valid until');
      assert.ok(codeMail.html?.includes(codeFrom(codeMail)), 'and in the HTML part');
      assert.equal(suite.portal.mailsTo(PATIENT.email).filter((mail) => /e-mailadres/i.test(mail.subject)).length, 0, 'nothing to the old address yet');
      assert.equal(await accountEmail(), PATIENT.email, 'the address changes only with the code');

      const codePage = await here.follow(asked);
      assert.equal(codePage.statusCode, 200);
      assert.match(codePage.body, /<h1>Nieuw e-mailadres bevestigen<\/h1>/);
      assert.match(codePage.body, /<label for="sessiecode">Sessiecode<\/label>/);
      assert.match(codePage.body, /autocomplete="one-time-code"/);
      assert.match(codePage.body, />Doorgaan<\/button>/);
      assert.match(codePage.body, /name="_csrf"/);
      const ids = messageIds(codePage.body);
      assert.ok(ids.includes('account.email.confirm.sentAt'));
      assert.ok(ids.includes('code.delivery.sent'), `the page says the e-mail was sent: ${ids.join(', ')}`);
      assert.match(codePage.body, /om 11:52 uur een e-mail met een sessiecode gestuurd naar jan\.nieuw@example\.nl/);

      const noticesBefore = suite.portal.mailsTo(PATIENT.email).length;
      const code = codeFrom(codeMail);
      // Pasted with spaces, as the help text warns: still six digits.
      const confirmed = await enterCode(here, ` ${code.slice(0, 3)} ${code.slice(3)} `);
      assert.equal(confirmed.statusCode, 303);
      assert.equal(confirmed.headers['location'], '/account?melding=e-mailadres');
      const after = await here.follow(confirmed);
      assert.ok(messageIds(after.body).includes('account.email.changed'));
      assert.match(after.body, /Uw e-mailadres is gewijzigd in jan\.nieuw@example\.nl/);
      assert.equal(await accountEmail(), NEW_EMAIL);
      assert.ok(await isSignedIn(here), 'this session goes on');
      assert.ok(!(await isSignedIn(there)), 'the other session has ended');

      const notice = await suite.portal.nextMail(PATIENT.email, { after: noticesBefore });
      assert.match(notice.subject, /Uw e-mailadres is gewijzigd – Huisartsenpraktijk De Linde/);
      assert.match(notice.text, /gewijzigd in j\*\*\*@example\.nl/, 'the new address, masked');
      assert.match(notice.text, /26 november 2026 om 11:52 uur/);
      assert.match(notice.text, /Was dit u niet\? Neem dan meteen contact op met uw praktijk/);
      assert.match(notice.text, /Huisartsenpraktijk De Linde/);
      assert.doesNotMatch(notice.text, /https?:\/\//, 'no link in the notice');
      assert.doesNotMatch(notice.text, /\b\d{6}\b/, 'no code in the notice');
      assert.doesNotMatch(notice.text, /diagnose|medicatie|uitslag|afspraak|klacht/i, 'no medical content');
      assert.ok(notice.html?.includes('Was dit u niet?'), 'an HTML part too');
      assert.equal(suite.portal.mailsTo(NEW_EMAIL).length, 1, 'the new address got the code only');

      const requested = await auditRows('account.email_change_requested');
      assert.deepEqual(requested.map((row) => row.outcome), ['success']);
      const changed = await auditRows('account.email_changed');
      assert.deepEqual(changed.map((row) => row.outcome), ['success']);
      assert.equal(changed[0]!.details['endedSessions'], 1);
      const trail = JSON.stringify(await db().selectFrom('audit_events').selectAll().execute());
      assert.ok(!trail.includes(code), 'the code is nowhere in the trail');
      assert.ok(!trail.includes(NEW_EMAIL), 'nor the new address');

      // From now on the session code goes to the new address.
      const client = new TestClient(suite.portal.app);
      const signedIn = await signInPatient(suite.portal, client, PATIENT.username, PATIENT.password, NEW_EMAIL, { afterMail: () => mailSettled(suite.portal) });
      assert.equal(signedIn.headers['location'], '/start');
    });

    test('a wrong code costs a try and changes nothing; the fifth voids the code, and the right one then fails too', async () => {
      const here = await signedInClient(suite.portal);
      const code = await codeForChange(suite.portal, here);
      const wrong = otherCode(code);

      const first = await enterCode(here, wrong);
      assert.equal(first.statusCode, 422);
      assert.ok(messageIds(first.body).includes('code.error.wrong'));
      assert.match(first.body, /nog 4 keer/);
      assert.match(first.body, /aria-invalid="true"/);
      assert.match(first.body, /aria-describedby="sessiecode-fout sessiecode-uitleg"/);
      assert.equal(await accountEmail(), PATIENT.email);

      // Not six digits: explained, and no try.
      const seven = await enterCode(here, `${code}7`);
      assert.ok(messageIds(seven.body).includes('code.error.tooManyDigits'));
      assert.match(seven.body, /value="\d{7}"/, 'what was typed is shown again');
      const letters = await enterCode(here, 'abc123');
      assert.ok(messageIds(letters.body).includes('code.error.notDigits'));

      for (const left of [3, 2, 1]) {
        const again = await enterCode(here, wrong);
        assert.match(again.body, new RegExp(`nog ${left} keer`));
      }
      const fifth = await enterCode(here, wrong);
      assert.ok(messageIds(fifth.body).includes('account.email.error.voided'));
      assert.doesNotMatch(fifth.body, /name="code"/, 'no field for a code that cannot work');
      const right = await enterCode(here, code);
      assert.ok(messageIds(right.body).includes('account.email.error.voided'), 'the voided code stays void');
      assert.equal(await accountEmail(), PATIENT.email);

      assert.deepEqual(await outcomes('account.email_changed'), [
        'failure:voided',
        'failure:wrong_code',
        'failure:wrong_code',
        'failure:wrong_code',
        'failure:wrong_code',
        'failure:wrong_code_voided',
      ]);
    });

    test('a code works once: used again it is refused, and sent twice at once it changes the address once', async () => {
      const here = await signedInClient(suite.portal);
      const code = await codeForChange(suite.portal, here);
      const noticesBefore = suite.portal.mailsTo(PATIENT.email).length;
      const [a, b] = await Promise.all([enterCode(here, code), enterCode(here, code)]);
      assert.deepEqual([a.statusCode, b.statusCode].sort(), [303, 409]);
      const refused = a.statusCode === 409 ? a : b;
      assert.ok(messageIds(refused.body).includes('account.email.error.used'));
      assert.equal(await accountEmail(), NEW_EMAIL);

      const again = await enterCode(here, code);
      assert.equal(again.statusCode, 409);
      assert.ok(messageIds(again.body).includes('account.email.error.used'));
      await suite.portal.nextMail(PATIENT.email, { after: noticesBefore });
      await mailSettled(suite.portal);
      assert.equal(suite.portal.mailsTo(PATIENT.email).length, noticesBefore + 1, 'one notice');
      assert.deepEqual(await outcomes('account.email_changed'), ['failure:used', 'failure:used', 'success:']);
      // Confirmed: the code page is done and sends back to Mijn account.
      assert.equal((await here.get('/account/e-mailadres/sessiecode')).headers['location'], '/account');
    });

    test('a code entered after it ran out is refused as expired, without a try; the sweeper then marks and later deletes the change', async () => {
      const here = await signedInClient(suite.portal);
      const code = await codeForChange(suite.portal, here);
      clock.advanceSeconds(601);
      const late = await enterCode(here, code);
      assert.equal(late.statusCode, 422);
      assert.ok(messageIds(late.body).includes('account.email.error.expired'));
      assert.match(late.body, /om 11:50 uur gemaakt/);
      assert.equal(await accountEmail(), PATIENT.email);
      const change = () => db().selectFrom('email_changes').select(['state', 'wrong_tries']).executeTakeFirst();
      assert.deepEqual(await change(), { state: 'pending', wrong_tries: 0 }, 'no try counted');
      const page = await here.get('/account/e-mailadres/sessiecode');
      assert.ok(messageIds(page.body).includes('account.email.error.expired'), 'the page says so too');

      assert.equal((await sweep(db(), clock.now())).expiredEmailChanges, 1);
      assert.deepEqual(await change(), { state: 'expired', wrong_tries: 0 });
      clock.advanceSeconds(24 * 3600);
      await sweep(db(), clock.now());
      assert.equal(await change(), undefined, 'the new address and the hash are gone after a day');
      assert.equal((await auditRows('account.email_change_requested')).length, 1, 'the trail stays');
    });

    test('a newer request voids the older: its code is called older and costs no try, its queued e-mail is dropped', async () => {
      const here = await signedInClient(suite.portal);
      const older = await codeForChange(suite.portal, here);
      clock.advanceSeconds(60);

      // The worker is stopped so the first e-mail of the next pair is still queued when the
      // second request comes: its sealed code must go, and the worker must drop it.
      await suite.portal.worker.stop();
      assert.equal((await requestChange(here, 'eerst@example.nl')).statusCode, 303);
      const [queued] = await db().selectFrom('outbox').select(['id', 'secret_sealed']).where('to_address', '=', 'eerst@example.nl').execute();
      assert.notEqual(queued?.secret_sealed, null, 'the code waits sealed in its e-mail');
      clock.advanceSeconds(60);
      await requestChange(here, NEW_EMAIL);
      const wiped = await db().selectFrom('outbox').select(['secret_sealed']).where('id', '=', queued!.id).executeTakeFirstOrThrow();
      assert.equal(wiped.secret_sealed, null, 'a superseded change takes its code out of the queued e-mail');
      suite.portal.worker.start();
      const newest = codeFrom(await suite.portal.nextMail(NEW_EMAIL, { after: 1 }));
      await eventually(async () => (await db().selectFrom('outbox').select('state').where('id', '=', queued!.id).executeTakeFirstOrThrow()).state === 'dropped');
      await mailSettled(suite.portal);
      assert.equal(suite.portal.mailsTo('eerst@example.nl').length, 0, 'the superseded code was never sent');

      await here.get('/account/e-mailadres/sessiecode');
      if (older !== newest) {
        const stale = await enterCode(here, older);
        assert.equal(stale.statusCode, 422);
        assert.ok(messageIds(stale.body).includes('account.email.error.older'));
        assert.match(stale.body, /uit de e-mail van 11:50 uur/);
        assert.match(stale.body, /Gebruik de code uit de e-mail van 11:52 uur/);
      }
      const states = await db().selectFrom('email_changes').select(['state', 'wrong_tries']).orderBy('created_at').execute();
      assert.deepEqual(states, [
        { state: 'superseded', wrong_tries: 0 },
        { state: 'superseded', wrong_tries: 0 },
        { state: 'pending', wrong_tries: 0 },
      ]);
      assert.equal((await enterCode(here, newest)).statusCode, 303);
      assert.equal(await accountEmail(), NEW_EMAIL);
    });

    test('only the session that asked can enter the code; a request in another window voids it', async () => {
      const here = await signedInClient(suite.portal);
      const there = await signedInClient(suite.portal);
      const code = await codeForChange(suite.portal, here);

      await there.get('/account');
      assert.equal((await there.get('/account/e-mailadres/sessiecode')).headers['location'], '/account', 'nothing to confirm in another session');
      const elsewhere = await there.post('/account/e-mailadres/sessiecode', { code });
      assert.equal(elsewhere.headers['location'], '/account');
      assert.equal(await accountEmail(), PATIENT.email);

      await codeForChange(suite.portal, there, 'ander@example.nl');
      const superseded = await enterCode(here, code);
      assert.equal(superseded.statusCode, 409);
      assert.ok(messageIds(superseded.body).includes('account.email.error.superseded'));
      assert.equal(await accountEmail(), PATIENT.email);
    });

    test('bad input gets a clear error and changes nothing', async () => {
      const here = await signedInClient(suite.portal);
      const rows = async () => ({
        changes: (await db().selectFrom('email_changes').select('id').execute()).length,
        mails: (await db().selectFrom('outbox').select('id').where('template', '=', 'email_change_code').execute()).length,
      });

      for (const typed of ['jan@', 'geen-adres', 'jan @example.nl', `${'a'.repeat(250)}@example.nl`]) {
        const refused = await requestChange(here, typed);
        assert.equal(refused.statusCode, 422, typed);
        assert.ok(messageIds(refused.body).includes('account.email.error.invalid'), typed);
        assert.match(refused.body, /id="nieuw-e-mailadres"[^>]*aria-invalid="true"[^>]*aria-describedby="e-mailadres-fout nieuw-e-mailadres-uitleg"/);
      }
      const trail = JSON.stringify(await db().selectFrom('audit_events').select('details').execute());
      assert.ok(!trail.includes('geen-adres'), 'the trail has the reason, not what was typed');
      const same = await requestChange(here, PATIENT.email.toUpperCase());
      assert.ok(messageIds(same.body).includes('account.email.error.same'));
      assert.deepEqual(await rows(), { changes: 0, mails: 0 });
      const noCount = await db().selectFrom('throttles').select('failures').where('key', '=', usernameKey(PATIENT.username)).executeTakeFirst();
      assert.equal(noCount, undefined, 'a bad address costs no password try');

      const wrongPassword = await requestChange(here, NEW_EMAIL, 'niet-het-wachtwoord');
      assert.equal(wrongPassword.statusCode, 422);
      assert.ok(messageIds(wrongPassword.body).includes('account.email.error.wrongPassword'));
      assert.match(wrongPassword.body, /value="jan\.nieuw@example\.nl"/, 'the typed address is kept');
      assert.match(wrongPassword.body, /id="e-mailadres-wachtwoord"[^>]*aria-invalid="true"[^>]*aria-describedby="e-mailadres-fout"/);
      const counted = await db().selectFrom('throttles').select('failures').where('key', '=', usernameKey(PATIENT.username)).executeTakeFirst();
      assert.equal(counted?.failures, 1, 'a wrong password counts like one at the login');
      assert.deepEqual(await rows(), { changes: 0, mails: 0 });
      assert.equal(await accountEmail(), PATIENT.email);

      // The same per-username throttle as the login: after the 5th failure it blocks.
      for (let i = 0; i < 4; i += 1) await requestChange(here, NEW_EMAIL, 'niet-het-wachtwoord');
      const blocked = await requestChange(here, NEW_EMAIL, PATIENT.password);
      assert.equal(blocked.statusCode, 429);
      assert.ok(messageIds(blocked.body).includes('account.password.error.throttled'));
      assert.deepEqual(await rows(), { changes: 0, mails: 0 }, 'blocked even with the right password');
      assert.deepEqual(await outcomes('account.email_change_requested'), [
        'failure:invalid_address',
        'failure:invalid_address',
        'failure:invalid_address',
        'failure:invalid_address',
        'failure:same_address',
        'failure:throttled',
        'failure:wrong_password',
        'failure:wrong_password',
        'failure:wrong_password',
        'failure:wrong_password',
        'failure:wrong_password',
      ]);
    });

    test('at most 3 codes an hour; an address another account uses is allowed (refusing it would tell)', async () => {
      await seedPatient(suite.portal, { name: 'Els de Vries', email: 'els@example.nl', username: 'els', password: 'een ander lang wachtwoord' });
      const here = await signedInClient(suite.portal);
      await codeForChange(suite.portal, here, 'een@example.nl');
      clock.advanceSeconds(60);
      await codeForChange(suite.portal, here, 'twee@example.nl');
      clock.advanceSeconds(60);
      const code = await codeForChange(suite.portal, here, 'els@example.nl');
      clock.advanceSeconds(60);
      const fourth = await requestChange(here, 'vier@example.nl');
      assert.equal(fourth.statusCode, 429);
      assert.ok(messageIds(fourth.body).includes('account.email.error.tooMany'));
      assert.match(fourth.body, /weer om 12:50 uur/, 'an hour after the first');
      assert.equal(suite.portal.mailsTo('vier@example.nl').length, 0);
      assert.deepEqual(await outcomes('account.email_change_requested'), ['failure:too_many', 'success:', 'success:', 'success:']);

      // The third request is still pending and works: two accounts may share an address.
      await here.get('/account/e-mailadres/sessiecode');
      assert.equal((await enterCode(here, code)).statusCode, 303);
      assert.equal(await accountEmail(), 'els@example.nl');
    });
  });
}
