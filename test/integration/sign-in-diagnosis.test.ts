/**
 * "Kan niet inloggen" end to end: a patient makes a real history through the patient routes
 * (password, a second login, the older code, wrong codes until the pause), a staff member logs
 * in at /praktijk, reads the diagnosis and the timeline, and lifts the pause; the patient can then
 * log in. Staff of another practice get a 404, a doctor may look but not lift, the support desk
 * may look at any practice, and every look is audited.
 */
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/database.ts';
import { ManualClock, PATIENT, codeFrom, eventually, mailSettled, seedPatient, serviceDeps, usePortal } from '../support/portal.ts';
import { TestClient, messageIds } from '../support/http-client.ts';
import { passwordStep, staffClient } from '../support/sign-in.ts';
import { createAccount, createPractice } from '../../src/accounts/account.service.ts';
import { MailSendError, smtpTransport, type MailTransport } from '../../src/mail/transport.ts';
import { NO_CLIENT, recordAudit } from '../../src/audit/audit.ts';

const START = '2026-11-26T10:50:00Z'; // 11:50 in Amsterdam
const STAFF_PASSWORD = 'praktijk-wachtwoord';

/** Delivers through the test mailbox, or refuses the patient's mail like a full mailbox does. */
class RefusingRelay {
  refuse = false;
  inner: MailTransport | undefined;
  readonly transport: MailTransport = {
    send: async (message) => {
      if (this.refuse && message.to.includes(PATIENT.email)) throw new MailSendError('550 5.2.2 mailbox full', true, 550);
      return this.inner!.send(message);
    },
    verify: async () => true,
    close: () => this.inner?.close(),
  };
}

for (const kind of databaseKinds()) {
  describe(`Kan niet inloggen: diagnosis and fix (${kind})`, () => {
    let patientId = '';
    const clock = new ManualClock(START);
    const relay = new RefusingRelay();

    const suite = usePortal(kind, {
      clock,
      transport: (mailbox) => {
        relay.inner = smtpTransport(mailbox.smtpUrl);
        return relay.transport;
      },
    });

    beforeEach(async () => {
      relay.refuse = false;
      await suite.portal.reset();
      clock.set(START);
      patientId = (await seedPatient(suite.portal)).id;
      const deps = serviceDeps(suite.portal);
      const staff = (role: 'assistant' | 'doctor', practiceSlug: string, username: string) =>
        createAccount(deps, { kind: 'staff', role, practiceSlug, name: username, email: `${username}@praktijk.example`, username, password: STAFF_PASSWORD });
      await createPractice(deps, { name: 'Huisartsenpraktijk Het Anker', slug: 'het-anker' });
      await staff('assistant', 'de-linde', 'sanne');
      await staff('doctor', 'de-linde', 'dokter-de-linde');
      await staff('assistant', 'het-anker', 'ander-anker');
      await createAccount(deps, { kind: 'support', name: 'Helpdesk', email: 'helpdesk@praktijk.example', username: 'helpdesk', password: STAFF_PASSWORD });
    });

    const pagePath = () => `/praktijk/patienten/${patientId}/inloggen`;
    const liftPath = () => `/praktijk/patienten/${patientId}/inloggen/pauze-opheffen`;

    /** The staff door: password, then the code from the mailbox; the mail's record settles before the code step. */
    const staffSignIn = (username: string) =>
      staffClient(suite.portal, username, STAFF_PASSWORD, `${username}@praktijk.example`, { afterMail: () => mailSettled(suite.portal) });

    /** The patient's password step; returns the code, once the worker has recorded its mail. */
    const patientPassword = async (client: TestClient): Promise<string> =>
      (await passwordStep(suite.portal, client, '/inloggen', PATIENT.username, PATIENT.password, PATIENT.email, { afterMail: () => mailSettled(suite.portal) })).code;

    /**
     * The seed's story: log in at 11:50, again at 11:52, type the code of 11:50 at 11:53, then
     * ten wrong codes (a new code asked for after the fifth voided the first) until the pause.
     */
    async function troubledPatient() {
      const patient = new TestClient(suite.portal.app);
      const first = await patientPassword(patient);
      clock.advanceSeconds(120);
      const second = await patientPassword(patient);
      assert.notEqual(first, second, 'two different codes (1 in a million they are equal)');
      clock.advanceSeconds(60);
      const older = await patient.post('/sessiecode', { code: first });
      assert.ok(messageIds(older.body).includes('code.error.older'));

      const known = new Set([first, second]);
      const wrongCode = () => ['000000', '111111', '222222', '333333', '444444'].find((candidate) => !known.has(candidate))!;
      for (let i = 0; i < 5; i++) {
        clock.advanceSeconds(10);
        await patient.post('/sessiecode', { code: wrongCode() });
      }
      clock.advanceSeconds(10);
      await patient.get('/sessiecode');
      const before = suite.portal.mailsTo(PATIENT.email).length;
      const resend = await patient.post('/sessiecode/opnieuw', {});
      assert.equal(resend.headers['location'], '/sessiecode?melding=nieuw');
      known.add(codeFrom(await suite.portal.nextMail(PATIENT.email, { after: before })));
      await mailSettled(suite.portal);
      let last = resend;
      for (let i = 0; i < 5; i++) {
        clock.advanceSeconds(10);
        last = await patient.post('/sessiecode', { code: wrongCode() });
      }
      assert.ok(messageIds(last.body).includes('code.error.paused'), 'the tenth wrong code pauses the code step');
      return patient;
    }

    async function audit(action: string) {
      return suite.database.db
        .selectFrom('audit_events')
        .select(['actor_account_id', 'subject_account_id', 'practice_id', 'ip', 'details'])
        .where('action', '=', action)
        .where('subject_account_id', '=', patientId)
        .execute();
    }

    const accountId = async (username: string) =>
      (await suite.database.db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

    test('an assistant sees the older code and the pause, lifts the pause, and the patient logs in', async () => {
      const patient = await troubledPatient();
      clock.advanceSeconds(30);
      const staff = await staffSignIn('sanne');

      const page = await staff.get(pagePath());
      assert.equal(page.statusCode, 200);
      const ids = messageIds(page.body);
      const findings = ids.filter((id) => id.startsWith('diagnosis.finding.'));
      assert.deepEqual(findings, ['diagnosis.finding.code_paused', 'diagnosis.finding.older_code_used']);
      assert.match(page.body, /Kan niet inloggen – Jan de Vries/);
      assert.ok(page.body.includes('De patiënt vulde om 11:53 een oudere code in; de nieuwste was om 11:52 verstuurd.'));
      assert.match(page.body, /Het invullen van codes is gepauzeerd tot 12:09 na 10 verkeerde pogingen\./);
      assert.match(page.body, /class="diagnosis"/);
      assert.match(page.body, /<ol class="timeline">/);
      // The timeline lists what happened, newest first.
      const timeline = ids.filter((id) => id.startsWith('diagnosis.item.'));
      for (const expected of [
        'diagnosis.item.password_accepted',
        'diagnosis.item.code_made',
        'diagnosis.item.code_superseded',
        'diagnosis.item.mail.sent',
        'diagnosis.item.refused.older_code',
        'diagnosis.item.refused.wrong_code',
        'diagnosis.item.refused.wrong_code_voided',
        'diagnosis.item.code_voided',
        'diagnosis.item.code_paused',
      ]) {
        assert.ok(timeline.includes(expected), `timeline has ${expected}: ${JSON.stringify(timeline)}`);
      }
      assert.equal(timeline[0], 'diagnosis.item.code_paused', 'newest first');
      assert.equal(timeline.filter((id) => id === 'diagnosis.item.password_accepted').length, 2);
      assert.equal(timeline.filter((id) => id === 'diagnosis.item.mail.sent').length, 3);
      assert.match(page.body, /250/, 'the SMTP answer of the sent mails is shown');
      assert.ok(page.body.includes(`action="${liftPath()}"`), 'an assistant gets the lift button');
      assert.ok(page.body.includes(`href="/praktijk/patienten/${patientId}"`), 'links to the patient page');

      const [diagnosed] = await audit('sign_in.diagnosed');
      assert.ok(diagnosed !== undefined, 'the look is audited');
      const linde = await suite.database.db.selectFrom('practices').select('id').where('slug', '=', 'de-linde').executeTakeFirstOrThrow();
      assert.equal(diagnosed.actor_account_id, await accountId('sanne'));
      assert.equal(diagnosed.practice_id, linde.id);
      assert.notEqual(diagnosed.ip, null);

      // Still paused for the patient until the lift.
      const stillPaused = await patient.post('/sessiecode', { code: '123456' });
      assert.ok(messageIds(stillPaused.body).includes('code.error.paused'));

      const lift = await staff.post(liftPath(), {});
      assert.equal(lift.statusCode, 303);
      assert.equal(lift.headers['location'], `${pagePath()}?melding=opgeheven`);
      const afterLift = await staff.follow(lift);
      const idsAfter = messageIds(afterLift.body);
      assert.ok(idsAfter.includes('diagnosis.notice.lifted'));
      assert.deepEqual(
        idsAfter.filter((id) => id.startsWith('diagnosis.finding.')),
        ['diagnosis.finding.older_code_used', 'diagnosis.finding.wrong_codes'],
      );
      assert.ok(idsAfter.includes('diagnosis.item.block_lifted'));
      const guard = await suite.database.db.selectFrom('sign_in_guards').selectAll().where('account_id', '=', patientId).executeTakeFirstOrThrow();
      assert.deepEqual([guard.wrong_code_tries, guard.last_wrong_code_at, guard.code_paused_until], [0, null, null]);
      const [lifted] = await audit('sign_in.pause_lifted');
      assert.ok(lifted !== undefined, 'the lift is audited');
      assert.equal(lifted.actor_account_id, await accountId('sanne'));
      assert.equal(lifted.details['wrongCodeTries'], 10);

      // The patient asks for a new code (the last one was voided) and logs in.
      clock.advanceSeconds(60);
      await patient.get('/sessiecode');
      const before = suite.portal.mailsTo(PATIENT.email).length;
      const resend = await patient.post('/sessiecode/opnieuw', {});
      assert.equal(resend.headers['location'], '/sessiecode?melding=nieuw');
      const fresh = codeFrom(await suite.portal.nextMail(PATIENT.email, { after: before }));
      await mailSettled(suite.portal);
      const signedIn = await patient.post('/sessiecode', { code: fresh });
      assert.equal(signedIn.headers['location'], '/start');

      const later = await staff.get(pagePath());
      assert.deepEqual(
        messageIds(later.body).filter((id) => id.startsWith('diagnosis.finding.')),
        ['diagnosis.finding.all_good_recently'],
      );
      assert.ok(messageIds(later.body).includes('diagnosis.item.code_accepted'));
      assert.equal((await audit('sign_in.diagnosed')).length, 3, 'every look is audited');
    });

    test('a refused e-mail is diagnosed with the answer of the mail server', async () => {
      relay.refuse = true;
      const patient = new TestClient(suite.portal.app);
      await patient.get('/inloggen');
      await patient.post('/inloggen', { username: PATIENT.username, password: PATIENT.password });
      await eventually(async () => {
        const row = await suite.database.db.selectFrom('outbox').select('state').where('account_id', '=', patientId).executeTakeFirst();
        return row?.state === 'failed';
      });
      const staff = await staffSignIn('sanne');
      const page = await staff.get(pagePath());
      assert.deepEqual(
        messageIds(page.body).filter((id) => id.startsWith('diagnosis.finding.')),
        ['diagnosis.finding.mail_rejected'],
      );
      assert.ok(page.body.includes('De e-mail van 11:50 is door de mailserver van de patiënt geweigerd: 550 5.2.2 mailbox full.'));
      assert.ok(messageIds(page.body).includes('diagnosis.item.mail.failed'));
    });

    test("the patient's own change of address is on the timeline; a refused one is not", async () => {
      const change = (outcome: 'success' | 'failure') =>
        recordAudit(suite.database.db, clock.now(), {
          action: 'account.email_changed',
          outcome,
          practiceId: null,
          actorAccountId: patientId,
          subjectAccountId: patientId,
          client: NO_CLIENT,
          details: outcome === 'success' ? { changeId: 'c1' } : { reason: 'wrong_code' },
        });
      await change('failure');
      await change('success');
      const staff = await staffSignIn('sanne');
      const ids = messageIds((await staff.get(pagePath())).body);
      assert.equal(ids.filter((id) => id === 'diagnosis.item.email_changed').length, 1);
    });

    test("staff of another practice get a 404 for this patient and change nothing", async () => {
      await troubledPatient();
      const other = await staffSignIn('ander-anker');
      const page = await other.get(pagePath());
      assert.equal(page.statusCode, 404);
      assert.ok(!page.body.includes('Jan de Vries'));
      await other.get('/praktijk/console');
      const lift = await other.post(liftPath(), {});
      assert.equal(lift.statusCode, 404);
      const guard = await suite.database.db.selectFrom('sign_in_guards').select('code_paused_until').where('account_id', '=', patientId).executeTakeFirstOrThrow();
      assert.notEqual(guard.code_paused_until, null, 'the pause is still there');
      assert.equal((await audit('sign_in.diagnosed')).length, 0);
      assert.equal((await audit('sign_in.pause_lifted')).length, 0);
    });

    test('a doctor may look but not lift; the support desk looks read-only, audited for the practice', async () => {
      await troubledPatient();
      const doctor = await staffSignIn('dokter-de-linde');
      const page = await doctor.get(pagePath());
      assert.equal(page.statusCode, 200);
      assert.ok(messageIds(page.body).includes('diagnosis.finding.code_paused'));
      assert.ok(!page.body.includes(liftPath()), 'no lift button for a doctor');
      assert.ok(messageIds(page.body).includes('diagnosis.fix.askColleague'));
      const refused = await doctor.post(liftPath(), {});
      assert.equal(refused.statusCode, 403);

      const support = await staffClient(suite.portal, 'helpdesk', STAFF_PASSWORD, 'helpdesk@praktijk.example');
      const supportPage = await support.get(pagePath());
      assert.equal(supportPage.statusCode, 200);
      assert.ok(!supportPage.body.includes(liftPath()));
      assert.ok(messageIds(supportPage.body).includes('diagnosis.fix.askPractice'));
      assert.equal((await support.post(liftPath(), {})).statusCode, 403);

      const looks = await audit('sign_in.diagnosed');
      const linde = await suite.database.db.selectFrom('practices').select('id').where('slug', '=', 'de-linde').executeTakeFirstOrThrow();
      assert.deepEqual(
        new Set(looks.map((look) => look.actor_account_id)),
        new Set([await accountId('dokter-de-linde'), await accountId('helpdesk')]),
      );
      assert.ok(looks.every((look) => look.practice_id === linde.id), "every look is in the patient's practice's trail");
      const guard = await suite.database.db.selectFrom('sign_in_guards').select('code_paused_until').where('account_id', '=', patientId).executeTakeFirstOrThrow();
      assert.notEqual(guard.code_paused_until, null);
    });
  });
}
