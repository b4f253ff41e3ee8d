/**
 * E-consult: a patient asks, the care team answers and closes, the patient reads. The rules
 * (limits counted in the database, follow-ups, closed threads), the status under concurrency,
 * isolation per practice and per patient on every route, the audit trail, the news mail (no
 * medical text), and the service switched off.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseKinds } from '../support/database.ts';
import { ManualClock, PATIENT, mailSettled, seedPatient, serviceDeps, usePortal } from '../support/portal.ts';
import { TestClient, messageIds } from '../support/http-client.ts';
import { signInPatient, staffClient } from '../support/sign-in.ts';
import { createAccount, createPractice } from '../../src/accounts/account.service.ts';
import { NO_CLIENT } from '../../src/audit/audit.ts';
import {
  ConsultRefused,
  addFollowUp,
  answer,
  askQuestion,
  closeThread,
  type ConsultDeps,
  type PatientActor,
  type StaffMember,
} from '../../src/services/consults/consults.ts';
import { seedDemoConsults, consultsService } from '../../src/services/consults/consults.service.ts';
import { messagesFor } from '../../src/i18n/messages.ts';

const PASSWORD = 'e-consult-test-wachtwoord';
const PIET = { name: 'Piet Jansen', email: 'piet@example.nl', username: 'piet', password: PASSWORD };
const QUESTION = { subject: 'Vraag over mijn bloeddrukpillen', body: 'Ik word duizelig van de amlodipine. Mag ik de helft nemen?' };
const ANSWER = 'Neem de amlodipine voorlopig door en kom maandag langs voor een controle.';

for (const kind of databaseKinds()) {
  describe(`e-consult (${kind})`, () => {
    const suite = usePortal(kind);
    let jan: TestClient;
    let piet: TestClient;
    let sanne: TestClient;
    let dirk: TestClient;
    let mia: TestClient;
    let olga: TestClient;
    const ids = { linde: '', oost: '', jan: '', piet: '', wim: '', sanne: '', dirk: '', olga: '' };
    let deps: ConsultDeps;

    const patientActor = (accountId: string, practiceId = ids.linde): PatientActor => ({ practiceId, accountId, client: NO_CLIENT });
    const staffMember = (accountId: string, role: 'assistant' | 'doctor' = 'assistant', practiceId = ids.linde): StaffMember => ({ practiceId, accountId, role, client: NO_CLIENT });
    const thread = (id: string) => suite.database.db.selectFrom('consult_threads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const messageCount = async (id: string) => (await suite.database.db.selectFrom('consult_messages').select('id').where('thread_id', '=', id).execute()).length;
    const threadIdFrom = (location: unknown) => {
      const match = String(location).match(/^\/e-consult\/([0-9a-f-]{36})\?melding=verstuurd$/);
      assert.ok(match, `redirect to the new thread: ${String(location)}`);
      return match[1]!;
    };
    /** Closes every open thread of the patient and dates them long ago, so the limits start from zero. */
    const settleAll = async (accountId: string) => {
      await suite.database.db
        .updateTable('consult_threads')
        .set({ status: 'closed', waiting_since: null, closed_at: suite.portal.clock.now(), closed_by: ids.sanne })
        .where('patient_account_id', '=', accountId)
        .where('status', '<>', 'closed')
        .execute();
      await suite.database.db.updateTable('consult_threads').set({ created_at: new Date('1999-01-01T00:00:00Z') }).where('patient_account_id', '=', accountId).execute();
    };
    const newsMailsTo = async (accountId: string) =>
      (await suite.database.db.selectFrom('outbox').select('id').where('account_id', '=', accountId).where('template', '=', 'portal_news').execute()).length;

    before(async () => {
      const service = serviceDeps(suite.portal);
      const janAccount = await seedPatient(suite.portal);
      ids.jan = janAccount.id;
      ids.linde = janAccount.practiceId!;
      ids.piet = (await createAccount(service, { kind: 'patient', practiceSlug: 'de-linde', ...PIET })).account.id;
      await createPractice(service, { name: 'Praktijk Oost', slug: 'oost' });
      ids.wim = (await createAccount(service, { kind: 'patient', practiceSlug: 'oost', name: 'Wim Oost', email: 'wim@example.nl', username: 'wim', password: PASSWORD })).account.id;
      const staff = async (slug: string, role: 'assistant' | 'doctor' | 'manager', name: string, username: string) =>
        (await createAccount(service, { kind: 'staff', role, practiceSlug: slug, name, email: `${username}@${slug}.example`, username, password: PASSWORD })).account.id;
      ids.sanne = await staff('de-linde', 'assistant', 'Sanne Bakker', 'sanne');
      ids.dirk = await staff('de-linde', 'doctor', 'Dirk de Dokter', 'dirk');
      await staff('de-linde', 'manager', 'Mia Manager', 'mia');
      ids.olga = await staff('oost', 'assistant', 'Olga Oost', 'olga');
      ids.oost = (await suite.database.db.selectFrom('practices').select('id').where('slug', '=', 'oost').executeTakeFirstOrThrow()).id;
      await suite.database.db.updateTable('practices').set({ consults_enabled: true, phone: '020 123 45 67' }).execute();

      jan = new TestClient(suite.portal.app);
      await signInPatient(suite.portal, jan, PATIENT.username, PATIENT.password, PATIENT.email);
      piet = new TestClient(suite.portal.app);
      await signInPatient(suite.portal, piet, PIET.username, PIET.password, PIET.email);
      sanne = await staffClient(suite.portal, 'sanne', PASSWORD, 'sanne@de-linde.example');
      dirk = await staffClient(suite.portal, 'dirk', PASSWORD, 'dirk@de-linde.example');
      mia = await staffClient(suite.portal, 'mia', PASSWORD, 'mia@de-linde.example');
      olga = await staffClient(suite.portal, 'olga', PASSWORD, 'olga@oost.example');
      await mailSettled(suite.portal);
      deps = { db: suite.database.db, clock: suite.portal.clock, outbox: { keyring: suite.portal.keyring, messageIdDomain: 'portal.test' }, mailQueued: () => suite.portal.worker.wake() };
    });

    test('the page says it is not for emergencies and how long an answer takes; the form has its limits in HTML', async () => {
      const page = await jan.get('/e-consult');
      assert.equal(page.statusCode, 200);
      const found = messageIds(page.body);
      for (const id of ['consults.none', 'consults.answerTime']) assert.ok(found.includes(id), id);
      assert.match(page.body, /Bel 112/);
      assert.match(page.body, /020 123 45 67/);
      assert.match(page.body, /maxlength="100"/i);
      assert.match(page.body, /maxlength="2000"/i);
    });

    test('wrong input: 422, every field named, what was typed stays, nothing stored', async () => {
      await jan.get('/e-consult');
      const empty = await jan.post('/e-consult', { subject: '   ', body: 'Mijn vraag blijft staan' });
      assert.equal(empty.statusCode, 422);
      assert.ok(messageIds(empty.body).includes('consults.error.subjectEmpty'));
      assert.match(empty.body, /Mijn vraag blijft staan/);
      const long = await jan.post('/e-consult', { subject: 'a'.repeat(101), body: 'b'.repeat(2001) });
      assert.equal(long.statusCode, 422);
      assert.ok(messageIds(long.body).includes('consults.error.subjectLong'));
      assert.ok(messageIds(long.body).includes('consults.error.bodyLong'));
      const stored = await suite.database.db.selectFrom('consult_threads').select('id').execute();
      assert.equal(stored.length, 0);
    });

    test('ask → queue → answer → mail without content → the patient reads, and "new answer" goes away', async () => {
      await jan.get('/e-consult');
      const asked = await jan.post('/e-consult', { subject: `  ${QUESTION.subject} `, body: `\r\n${QUESTION.body}\r\n` });
      assert.equal(asked.statusCode, 303);
      const threadId = threadIdFrom(asked.headers['location']);
      const shown = await jan.follow(asked);
      assert.ok(messageIds(shown.body).includes('consults.asked'));
      const row = await thread(threadId);
      assert.equal(row.subject, QUESTION.subject, 'trimmed');
      assert.equal(row.status, 'waiting_for_practice');
      assert.ok(messageIds((await jan.get('/start')).body).includes('consults.home.waiting'));

      // The queue: waiting first, with the patient's name.
      const queue = await sanne.get('/praktijk/e-consulten');
      assert.equal(queue.statusCode, 200);
      assert.ok(queue.body.includes(QUESTION.subject) && queue.body.includes('Jan de Vries'));
      const page = await sanne.get(`/praktijk/e-consulten/${threadId}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('Ik word duizelig'));

      const emptyAnswer = await sanne.post(`/praktijk/e-consulten/${threadId}/antwoord`, { body: '  ', seen: '1' });
      assert.equal(emptyAnswer.statusCode, 422);
      assert.ok(messageIds(emptyAnswer.body).includes('consults.error.messageEmpty'));
      assert.equal(await messageCount(threadId), 1);

      const mailsBefore = suite.portal.mailsTo(PATIENT.email).length;
      await sanne.get(`/praktijk/e-consulten/${threadId}`);
      const answered = await sanne.post(`/praktijk/e-consulten/${threadId}/antwoord`, { body: ANSWER, seen: '1' });
      assert.equal(answered.statusCode, 303);
      assert.equal(answered.headers['location'], `/praktijk/e-consulten/${threadId}?melding=beantwoord`);
      assert.ok(messageIds((await sanne.follow(answered)).body).includes('consults.answered'));
      assert.equal((await thread(threadId)).status, 'answered');

      const mail = await suite.portal.nextMail(PATIENT.email, { after: mailsBefore });
      for (const secret of ['bloeddruk', 'amlodipine', 'duizelig', 'Sanne', 'controle', 'Dirk']) {
        assert.ok(!mail.subject.toLowerCase().includes(secret.toLowerCase()), `no ${secret} in the subject`);
        assert.ok(!mail.text.toLowerCase().includes(secret.toLowerCase()), `no ${secret} in the text`);
        assert.ok(!(mail.html ?? '').toLowerCase().includes(secret.toLowerCase()), `no ${secret} in the html`);
      }
      assert.match(mail.text, /nieuws/);

      // The patient: home, list, thread.
      assert.ok(messageIds((await jan.get('/start')).body).includes('consults.home.unread'));
      assert.ok(messageIds((await jan.get('/e-consult')).body).includes('consults.newAnswer'));
      const read = await jan.get(`/e-consult/${threadId}`);
      assert.equal(read.statusCode, 200);
      assert.ok(read.body.includes(ANSWER));
      assert.ok(read.body.includes('Sanne Bakker, assistent'), 'who answered, with their role');
      assert.ok(messageIds(read.body).includes('consults.new'));
      assert.ok(!messageIds((await jan.get('/e-consult')).body).includes('consults.newAnswer'), 'read now');
      assert.ok(!messageIds((await jan.get('/start')).body).includes('consults.home.unread'));

      // Audited, without the text.
      const audit = await suite.database.db.selectFrom('audit_events').select(['action', 'actor_account_id', 'subject_account_id', 'practice_id', 'details']).where('action', 'like', 'consult.%').execute();
      const has = (action: string, actor: string) => audit.some((event) => event.action === action && event.actor_account_id === actor && event.practice_id === ids.linde);
      assert.ok(has('consult.asked', ids.jan));
      assert.ok(has('consult.listed', ids.jan));
      assert.ok(has('consult.viewed', ids.jan));
      assert.ok(has('consult.listed', ids.sanne));
      assert.ok(has('consult.viewed', ids.sanne));
      assert.ok(has('consult.answered', ids.sanne));
      assert.ok(audit.every((event) => event.subject_account_id === ids.jan), 'every row, the staff queue too, is in Jan\'s trail');
      const trail = JSON.stringify(audit);
      for (const secret of ['bloeddruk', 'amlodipine', 'duizelig', 'controle']) assert.ok(!trail.includes(secret), `no ${secret} in the audit trail`);
    });

    test('follow-ups: the thread waits again; at most 3 unanswered; the doctor answers, then closes; closed stays readable', async () => {
      const threadId = await askQuestion(deps, patientActor(ids.jan), { subject: 'Vraag over griepprik', body: 'Wanneer is de griepprik?' });
      await answer(deps, staffMember(ids.sanne), threadId, 'In oktober.', 1);
      await jan.get(`/e-consult/${threadId}`);
      const followed = await jan.post(`/e-consult/${threadId}`, { body: 'Welke dag precies?' });
      assert.equal(followed.statusCode, 303);
      assert.ok(messageIds((await jan.follow(followed)).body).includes('consults.followedUp'));
      const waiting = await thread(threadId);
      assert.equal(waiting.status, 'waiting_for_practice');
      assert.ok(waiting.waiting_since !== null);
      await jan.post(`/e-consult/${threadId}`, { body: 'En hoe laat?' });
      await jan.post(`/e-consult/${threadId}`, { body: 'Moet ik iets meenemen?' });
      assert.equal((await thread(threadId)).waiting_since?.getTime(), waiting.waiting_since?.getTime(), 'keeps its place in the queue');
      const fourth = await jan.post(`/e-consult/${threadId}`, { body: 'Hallo?' });
      assert.equal(fourth.statusCode, 429);
      assert.ok(messageIds(fourth.body).includes('consults.limit.too_many_unanswered'));
      assert.match(fourth.body, /Hallo\?/, 'what was typed is shown');
      assert.equal(await messageCount(threadId), 5);
      const empty = await jan.post(`/e-consult/${threadId}`, { body: '' });
      assert.equal(empty.statusCode, 422);

      // The doctor answers; then closes. An answered thread closes without a mail.
      await dirk.get(`/praktijk/e-consulten/${threadId}`);
      assert.equal((await dirk.post(`/praktijk/e-consulten/${threadId}/antwoord`, { body: 'Op 14 oktober, de hele dag.', seen: '5' })).statusCode, 303);
      const row = await suite.database.db.selectFrom('consult_messages').select(['author_role', 'author_kind']).where('thread_id', '=', threadId).where('seq', '=', 6).executeTakeFirstOrThrow();
      assert.deepEqual(row, { author_role: 'doctor', author_kind: 'staff' });
      await jan.get(`/e-consult/${threadId}`);
      const mailsBefore = await newsMailsTo(ids.jan);
      await dirk.get(`/praktijk/e-consulten/${threadId}`);
      const closed = await dirk.post(`/praktijk/e-consulten/${threadId}/sluiten`, {});
      assert.equal(closed.statusCode, 303);
      assert.ok(messageIds((await dirk.follow(closed)).body).includes('consults.closedNotice'));
      const closedRow = await thread(threadId);
      assert.equal(closedRow.status, 'closed');
      assert.equal(closedRow.closed_by, ids.dirk);
      assert.equal(await newsMailsTo(ids.jan), mailsBefore, 'closing an answered thread sends no mail');

      // Closed: a second close, an answer, a follow-up are refused with who closed it; it stays readable.
      await sanne.get(`/praktijk/e-consulten/${threadId}`);
      const again = await sanne.post(`/praktijk/e-consulten/${threadId}/sluiten`, {});
      assert.equal(again.statusCode, 409);
      assert.ok(messageIds(again.body).includes('consults.error.alreadyClosed'));
      assert.match(again.body, /Dirk de Dokter/);
      const late = await sanne.post(`/praktijk/e-consulten/${threadId}/antwoord`, { body: 'Nog een aanvulling', seen: '6' });
      assert.equal(late.statusCode, 409);
      assert.ok(messageIds(late.body).includes('consults.error.answerClosed'));
      assert.match(late.body, /Nog een aanvulling/, 'the refused answer is shown, not lost');
      const patientLate = await jan.post(`/e-consult/${threadId}`, { body: 'Dank u wel' });
      assert.equal(patientLate.statusCode, 409);
      assert.ok(messageIds(patientLate.body).includes('consults.error.closed'));
      assert.equal(await messageCount(threadId), 6);
      const readable = await jan.get(`/e-consult/${threadId}`);
      assert.equal(readable.statusCode, 200);
      assert.ok(messageIds(readable.body).includes('consults.closedInfo'));
      assert.ok(readable.body.includes('Op 14 oktober'));
      assert.ok(!readable.body.includes('name="body"'), 'no form on a closed thread');
    });

    test('closing a question that still waits sends the patient the news mail (they wait for an answer that will not come)', async () => {
      await settleAll(ids.jan);
      const threadId = await askQuestion(deps, patientActor(ids.jan), { subject: 'Verwijzing', body: 'Kan ik een verwijzing krijgen?' });
      const before = await newsMailsTo(ids.jan);
      assert.deepEqual(await closeThread(deps, staffMember(ids.sanne), threadId), { newsQueued: true });
      assert.equal(await newsMailsTo(ids.jan), before + 1);
    });

    test('at most 3 questions wait at a time (429, the text is shown), counted per patient', async () => {
      await settleAll(ids.piet);
      await piet.get('/e-consult');
      for (let index = 1; index <= 3; index += 1) {
        await piet.get('/e-consult');
        assert.equal((await piet.post('/e-consult', { subject: `Vraag ${index}`, body: 'Tekst' })).statusCode, 303);
      }
      const page = await piet.get('/e-consult');
      assert.ok(messageIds(page.body).includes('consults.limit.too_many_waiting'), 'the form says so before typing');
      assert.ok(!page.body.includes('name="subject"'));
      const fourth = await piet.post('/e-consult', { subject: 'Vraag 4', body: 'Mijn vierde vraag' });
      assert.equal(fourth.statusCode, 429);
      assert.ok(messageIds(fourth.body).includes('consults.limit.too_many_waiting'));
      assert.match(fourth.body, /Mijn vierde vraag/);
      const refused = await suite.database.db.selectFrom('audit_events').select('details').where('action', '=', 'consult.refused').where('actor_account_id', '=', ids.piet).execute();
      assert.ok(refused.some((event) => event.details['reason'] === 'too_many_waiting'));
      assert.ok((await jan.get('/e-consult')).body.includes('name="subject"'), 'another patient still may ask');
    });

    test('at most 5 new questions in 24 hours, counted in the database with the clock', async () => {
      const clock = new ManualClock('2000-12-01T09:00:00Z');
      const timed: ConsultDeps = { ...deps, clock };
      await settleAll(ids.piet);
      for (let index = 1; index <= 5; index += 1) {
        await askQuestion(timed, patientActor(ids.piet), { subject: `Vraag ${index}`, body: 'Tekst' });
        await suite.database.db.updateTable('consult_threads').set({ status: 'closed', waiting_since: null, closed_at: clock.now(), closed_by: ids.sanne }).where('patient_account_id', '=', ids.piet).where('status', '<>', 'closed').execute();
        clock.advanceSeconds(3600);
      }
      await assert.rejects(askQuestion(timed, patientActor(ids.piet), { subject: 'Vraag 6', body: 'Tekst' }), (error: unknown) => error instanceof ConsultRefused && error.reason === 'too_many_today');
      clock.set('2000-12-02T09:00:01Z'); // 24 hours and a second after the first
      await askQuestion(timed, patientActor(ids.piet), { subject: 'Vraag 6', body: 'Tekst' });
      await settleAll(ids.piet);
    });

    test('concurrency: four questions at once from a patient with none waiting: exactly three are stored', async () => {
      await settleAll(ids.piet);
      const results = await Promise.allSettled([1, 2, 3, 4].map((index) => askQuestion(deps, patientActor(ids.piet), { subject: `Tegelijk ${index}`, body: 'Tekst' })));
      assert.equal(results.filter((result) => result.status === 'fulfilled').length, 3);
      const rejected = results.filter((result) => result.status === 'rejected');
      assert.equal(rejected.length, 1);
      assert.ok(rejected[0]!.reason instanceof ConsultRefused && rejected[0]!.reason.reason === 'too_many_waiting');
      const waiting = await suite.database.db.selectFrom('consult_threads').select('id').where('patient_account_id', '=', ids.piet).where('status', '=', 'waiting_for_practice').execute();
      assert.equal(waiting.length, 3);
    });

    test('concurrency: two staff answer the same waiting question at once: both answers kept, status answered, one mail, the second told', async () => {
      await settleAll(ids.jan);
      const threadId = await askQuestion(deps, patientActor(ids.jan), { subject: 'Tegelijk beantwoord', body: 'Vraag' });
      const mailsBefore = await newsMailsTo(ids.jan);
      const [first, second] = await Promise.all([
        answer(deps, staffMember(ids.sanne), threadId, 'Antwoord van Sanne', 1),
        answer(deps, staffMember(ids.dirk, 'doctor'), threadId, 'Antwoord van Dirk', 1),
      ]);
      assert.deepEqual([first.seq, second.seq].sort(), [2, 3]);
      const row = await thread(threadId);
      assert.equal(row.status, 'answered');
      assert.equal(row.waiting_since, null);
      assert.equal(row.message_count, 3);
      assert.equal(row.last_staff_seq, 3);
      assert.equal(await messageCount(threadId), 3);
      assert.equal(await newsMailsTo(ids.jan), mailsBefore + 1, 'one mail for two unread answers');
      const told = [first, second].filter((result) => result.colleagueAnsweredSeq !== null);
      assert.equal(told.length, 1, 'the second writer learns of the first');
      assert.equal(told[0]!.colleagueAnsweredSeq, 2);
      assert.equal([first, second].filter((result) => result.newsQueued).length, 1);

      // Over HTTP the second writer gets the notice naming the colleague.
      await sanne.get(`/praktijk/e-consulten/${threadId}`);
      await answer(deps, staffMember(ids.dirk, 'doctor'), threadId, 'Nog een aanvulling van Dirk', 3);
      const late = await sanne.post(`/praktijk/e-consulten/${threadId}/antwoord`, { body: 'Aanvulling van Sanne', seen: '3' });
      assert.equal(late.headers['location'], `/praktijk/e-consulten/${threadId}?melding=ook-beantwoord&bericht=4`);
      const notice = await sanne.follow(late);
      assert.ok(messageIds(notice.body).includes('consults.answered.colleague'));
      assert.match(notice.body, /Dirk de Dokter heeft deze vraag ook net beantwoord/);
    });

    test('concurrency: an answer written before a follow-up arrived leaves the thread waiting', async () => {
      await settleAll(ids.jan);
      const threadId = await askQuestion(deps, patientActor(ids.jan), { subject: 'Kruisend', body: 'Eerste bericht' });
      await addFollowUp(deps, patientActor(ids.jan), threadId, 'Tweede bericht, terwijl de assistent schreef');
      const result = await answer(deps, staffMember(ids.sanne), threadId, 'Antwoord op het eerste bericht', 1);
      assert.equal(result.status, 'waiting_for_practice');
      assert.equal(result.patientWroteMeanwhile, true);
      assert.equal((await thread(threadId)).status, 'waiting_for_practice');
    });

    test('concurrency: two staff close at once: one closes, the other is told', async () => {
      await settleAll(ids.jan);
      const threadId = await askQuestion(deps, patientActor(ids.jan), { subject: 'Tegelijk sluiten', body: 'Vraag' });
      const results = await Promise.allSettled([closeThread(deps, staffMember(ids.sanne), threadId), closeThread(deps, staffMember(ids.dirk, 'doctor'), threadId)]);
      assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
      const rejected = results.find((result) => result.status === 'rejected');
      assert.ok(rejected !== undefined && rejected.reason instanceof ConsultRefused && rejected.reason.closedBy !== null);
      assert.equal((await suite.database.db.selectFrom('audit_events').select('id').where('action', '=', 'consult.closed').where(sql<boolean>`details @> ${JSON.stringify({ threadId })}::jsonb`).execute()).length, 1);
    });

    test("isolation: another patient and another practice's staff get 404 on every route, and nothing changes", async () => {
      await settleAll(ids.jan);
      const threadId = await askQuestion(deps, patientActor(ids.jan), { subject: 'Alleen voor mij', body: 'Prive vraag' });
      const before = await thread(threadId);

      // Another patient of the same practice.
      await piet.get('/e-consult');
      assert.equal((await piet.get(`/e-consult/${threadId}`)).statusCode, 404);
      await piet.get('/e-consult');
      assert.equal((await piet.post(`/e-consult/${threadId}`, { body: 'Ingebroken' })).statusCode, 404);
      assert.ok(!(await piet.get('/e-consult')).body.includes('Alleen voor mij'));
      assert.equal((await piet.get('/e-consult/not-a-uuid')).statusCode, 404);

      // Staff of another practice, on every staff route of the service.
      const staffRoutes = suite.portal.app.staffRoutes.filter((route) => route.url.startsWith('/praktijk/e-consulten'));
      assert.deepEqual(staffRoutes.map((route) => `${route.method} ${route.url}`).sort(), [
        'GET /praktijk/e-consulten',
        'GET /praktijk/e-consulten/:threadId',
        'POST /praktijk/e-consulten/:threadId/antwoord',
        'POST /praktijk/e-consulten/:threadId/sluiten',
      ]);
      for (const route of staffRoutes.filter((r) => r.url.includes(':threadId'))) {
        await olga.get('/praktijk/e-consulten');
        const url = route.url.replace(':threadId', threadId);
        const response = route.method === 'GET' ? await olga.get(url) : await olga.post(url, { body: 'Van een andere praktijk', seen: '1' });
        assert.equal(response.statusCode, 404, `olga ${route.method} ${route.url}`);
      }
      assert.ok(!(await olga.get('/praktijk/e-consulten?toon=alle')).body.includes('Alleen voor mij'));
      // The manager of the same practice has no `consults.answer`: 403 everywhere.
      for (const route of staffRoutes) {
        await mia.get('/praktijk/console');
        const url = route.url.replace(':threadId', threadId);
        const response = route.method === 'GET' ? await mia.get(url) : await mia.post(url, { body: 'Van de manager', seen: '1' });
        assert.equal(response.statusCode, 403, `mia ${route.method} ${route.url}`);
      }
      // A patient on a staff route, staff on a patient route: sent to a door (and that session
      // ends, so these are sessions of their own).
      const janElsewhere = new TestClient(suite.portal.app);
      await mailSettled(suite.portal); // news mails still on their way would be taken for the code mail
      await signInPatient(suite.portal, janElsewhere, PATIENT.username, PATIENT.password, PATIENT.email);
      assert.equal((await janElsewhere.get(`/praktijk/e-consulten/${threadId}`)).statusCode, 303);
      const sanneElsewhere = await staffClient(suite.portal, 'sanne', PASSWORD, 'sanne@de-linde.example');
      assert.equal((await sanneElsewhere.get(`/e-consult/${threadId}`)).statusCode, 303);
      await mailSettled(suite.portal);

      const after = await thread(threadId);
      assert.deepEqual(after, before, 'the thread is unchanged');
      assert.equal(await messageCount(threadId), 1);
      const viewedByOthers = await suite.database.db.selectFrom('audit_events').select('id').where('action', 'in', ['consult.viewed', 'consult.followed_up', 'consult.answered', 'consult.closed']).where(sql<boolean>`details @> ${JSON.stringify({ threadId })}::jsonb`).where('actor_account_id', 'in', [ids.piet, ids.olga]).execute();
      assert.equal(viewedByOthers.length, 0);
      // Every miss left a trace: who looked for which thread and what they tried; never the text.
      const misses = await suite.database.db
        .selectFrom('audit_events')
        .select(['actor_account_id', 'subject_account_id', 'practice_id', 'outcome', 'details'])
        .where('action', '=', 'consult.not_found')
        .where('actor_account_id', 'in', [ids.piet, ids.olga])
        .execute();
      const who = (id: string | null) => (id === ids.piet ? 'piet' : id === ids.olga ? 'olga' : id);
      assert.deepEqual(misses.map((row) => [who(row.actor_account_id), row.details['threadId'], row.details['attempt'], row.practice_id === ids.linde ? 'linde' : 'oost', row.outcome, row.subject_account_id]).sort(), [
        ['olga', threadId, 'answer', 'oost', 'failure', null],
        ['olga', threadId, 'close', 'oost', 'failure', null],
        ['olga', threadId, 'view', 'oost', 'failure', null],
        ['piet', 'malformed', 'view', 'linde', 'failure', null],
        ['piet', threadId, 'follow_up', 'linde', 'failure', null],
        ['piet', threadId, 'view', 'linde', 'failure', null],
      ].sort());
      assert.ok(!/Ingebroken|andere praktijk|Prive/.test(JSON.stringify(misses)), 'no typed text in the trail');
    });

    test('the staff queue is in the trail of every patient it shows: one consult.listed per patient, none without', async () => {
      await settleAll(ids.jan);
      await settleAll(ids.piet);
      await askQuestion(deps, patientActor(ids.jan), { subject: 'In de wachtrij 1', body: 'Vraag' });
      await askQuestion(deps, patientActor(ids.jan), { subject: 'In de wachtrij 2', body: 'Vraag' });
      await askQuestion(deps, patientActor(ids.piet), { subject: 'In de wachtrij 3', body: 'Vraag' });
      const listedBy = async (actor: string) =>
        suite.database.db.selectFrom('audit_events').select(['id', 'subject_account_id', 'practice_id', 'outcome', 'details']).where('action', '=', 'consult.listed').where('actor_account_id', '=', actor).execute();
      const before = new Set((await listedBy(ids.dirk)).map((row) => row.id));
      const queue = await dirk.get('/praktijk/e-consulten');
      assert.ok(queue.body.includes('Jan de Vries') && queue.body.includes('Piet Jansen'));
      const rows = (await listedBy(ids.dirk)).filter((row) => !before.has(row.id));
      assert.deepEqual(
        rows.map((row) => [row.subject_account_id, row.details['threads'], row.details['filter'], row.practice_id, row.outcome]).sort(),
        [
          [ids.jan, 2, 'waiting', ids.linde, 'success'],
          [ids.piet, 1, 'waiting', ids.linde, 'success'],
        ].sort(),
      );
      // An empty queue: one row without a patient.
      const olgaBefore = new Set((await listedBy(ids.olga)).map((row) => row.id));
      await olga.get('/praktijk/e-consulten');
      const olgaRows = (await listedBy(ids.olga)).filter((row) => !olgaBefore.has(row.id));
      assert.deepEqual(olgaRows.map((row) => [row.subject_account_id, row.details['threads']]), [[null, 0]]);
      await settleAll(ids.jan);
      await settleAll(ids.piet);
    });

    test('the page title (kept in browser history) is neutral: no subject, only the date; the heading keeps the subject', async () => {
      await settleAll(ids.jan);
      const subject = 'Bult in mijn borst';
      const threadId = await askQuestion(deps, patientActor(ids.jan), { subject, body: 'Sinds een week voel ik een bult.' });
      const titleOf = (body: string) => /<title>([^<]*)<\/title>/.exec(body)?.[1] ?? '';
      const patientPage = await jan.get(`/e-consult/${threadId}`);
      const staffPage = await sanne.get(`/praktijk/e-consulten/${threadId}`);
      for (const [who, page] of [['patient', patientPage], ['staff', staffPage]] as const) {
        assert.equal(page.statusCode, 200, who);
        assert.ok(!titleOf(page.body).includes('Bult'), `${who}: ${titleOf(page.body)}`);
        assert.ok(!titleOf(page.body).includes('Jan de Vries'), `${who}: no name in the title`);
        assert.match(titleOf(page.body), /^E-consult – vraag van \d{1,2} \w+ \d{4} – /, who);
        assert.match(page.body, /<h1>Bult in mijn borst<\/h1>/, `${who}: the heading keeps the subject`);
      }
      // ?melding= is compared with known names only: nothing on Object.prototype draws a notice box.
      const boxes = (body: string) => (body.match(/class="message /g) ?? []).length;
      for (const melding of ['constructor', '__proto__', 'toString']) {
        assert.equal(boxes((await jan.get(`/e-consult/${threadId}?melding=${melding}`)).body), boxes(patientPage.body), `patient, ${melding}`);
        assert.equal(boxes((await sanne.get(`/praktijk/e-consulten/${threadId}?melding=${melding}`)).body), boxes(staffPage.body), `staff, ${melding}`);
      }
      await settleAll(ids.jan);
    });

    test('messages are append-only in the database', async () => {
      await settleAll(ids.wim);
      const threadId = await askQuestion(deps, patientActor(ids.wim, ids.oost), { subject: 'Onveranderlijk', body: 'Origineel' });
      await assert.rejects(suite.database.db.updateTable('consult_messages').set({ body: 'Veranderd' }).where('thread_id', '=', threadId).execute(), /append-only/);
      await assert.rejects(suite.database.db.deleteFrom('consult_messages').where('thread_id', '=', threadId).execute(), /append-only/);
    });

    test('the home page lines come from the PatientService', async () => {
      await settleAll(ids.wim);
      const t = messagesFor('nl');
      const context = { practiceId: ids.oost, accountId: ids.wim, now: suite.portal.clock.now(), t, locale: 'nl' as const };
      assert.deepEqual(await consultsService.status(suite.database.db, context), []);
      const threadId = await askQuestion(deps, patientActor(ids.wim, ids.oost), { subject: 'Thuis', body: 'Vraag' });
      assert.deepEqual((await consultsService.status(suite.database.db, context)).map((line) => line.text), ['1 vraag wacht op antwoord']);
      await answer(deps, staffMember(ids.olga, 'assistant', ids.oost), threadId, 'Antwoord', 1);
      assert.deepEqual((await consultsService.status(suite.database.db, context)).map((line) => line.text), ['Er is een nieuw antwoord voor u']);
    });

    test('the demo conversation: one answered, unread thread', async () => {
      await seedDemoConsults(suite.database.db, { practiceId: ids.oost, patientAccountId: ids.wim, staffAccountId: ids.olga }, suite.portal.clock.now());
      const demo = await suite.database.db.selectFrom('consult_threads').selectAll().where('subject', '=', 'Vraag over griepprik').where('patient_account_id', '=', ids.wim).executeTakeFirstOrThrow();
      assert.equal(demo.status, 'answered');
      assert.ok(demo.last_staff_seq > demo.patient_read_seq);
    });

    test('the service switched off: the care team answers and closes, the patient reads but asks nothing new', async () => {
      await settleAll(ids.jan);
      const threadId = await askQuestion(deps, patientActor(ids.jan), { subject: 'Uitgezet', body: 'Vraag' });
      const threadCount = async () => (await suite.database.db.selectFrom('consult_threads').select('id').execute()).length;
      await suite.database.db.updateTable('practices').set({ consults_enabled: false }).where('id', '=', ids.linde).execute();
      try {
        // The care team: the queue and the thread answer, and the waiting question is answered.
        const queue = await sanne.get('/praktijk/e-consulten');
        assert.equal(queue.statusCode, 200);
        assert.ok(queue.body.includes(`data-thread="${threadId}"`));
        assert.equal((await sanne.get(`/praktijk/e-consulten/${threadId}`)).statusCode, 200);
        const answered = await sanne.post(`/praktijk/e-consulten/${threadId}/antwoord`, { body: ANSWER, seen: '1' });
        assert.equal(answered.statusCode, 303);
        assert.equal((await thread(threadId)).status, 'answered');

        // The patient: the list and the thread answer, the answer can be read, no form to write.
        const list = await jan.get('/e-consult');
        assert.equal(list.statusCode, 200);
        assert.equal(messageIds(list.body).filter((id) => id === 'service.off').length, 1, 'the line to call, once');
        assert.ok(list.body.includes(`data-thread="${threadId}"`));
        assert.ok(!list.body.includes('action="/e-consult"'), 'no form for a new question');
        const detail = await jan.get(`/e-consult/${threadId}`);
        assert.equal(detail.statusCode, 200);
        assert.ok(detail.body.includes(ANSWER), 'the answer can be read');
        assert.equal(messageIds(detail.body).filter((id) => id === 'service.off').length, 1);
        assert.ok(!detail.body.includes(`action="/e-consult/${threadId}"`), 'no follow-up form');

        // A new question and a follow-up answer 404 and store nothing (the token of the page above: a 404 page has none).
        const token = jan.csrfToken();
        const threads = await threadCount();
        const asked = await jan.post('/e-consult', { subject: 'Toch', body: 'Toch' }, { csrf: token });
        assert.equal(asked.statusCode, 404);
        assert.ok(messageIds(asked.body).includes('service.off'));
        const followUp = await jan.post(`/e-consult/${threadId}`, { body: 'Toch' }, { csrf: token });
        assert.equal(followUp.statusCode, 404);
        assert.ok(messageIds(followUp.body).includes('service.off'));
        assert.equal(await threadCount(), threads);
        assert.equal(await messageCount(threadId), 2);

        // The care team closes what is done.
        await sanne.get(`/praktijk/e-consulten/${threadId}`);
        assert.equal((await sanne.post(`/praktijk/e-consulten/${threadId}/sluiten`, {})).statusCode, 303);
        assert.equal((await thread(threadId)).status, 'closed');
        assert.equal((await jan.get(`/e-consult/${threadId}`)).statusCode, 200, 'a closed thread can still be read');
        const home = await jan.get('/start');
        assert.ok(home.body.includes('data-service="consults"'), 'listed while something waits for the patient');
        assert.ok(messageIds(home.body).some((id) => id.startsWith('consults.home.')), 'with what waits');
      } finally {
        await suite.database.db.updateTable('practices').set({ consults_enabled: true }).where('id', '=', ids.linde).execute();
      }
      const on = await jan.get('/e-consult');
      assert.ok(!messageIds(on.body).includes('service.off'));
      assert.ok(on.body.includes('action="/e-consult"'), 'switched on again: the form is back');
    });
  });
}
