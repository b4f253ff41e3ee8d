/**
 * Repeat prescriptions end to end over HTTP: a patient asks (typed lines, then from the list the
 * practice keeps), staff handle the queue, the patient reads the status. The rules (limits,
 * transitions, a reason to reject), two assistants at once (one wins, the other is told), two
 * submits at once (the open-request limit holds), isolation per practice and per patient on every
 * route, the audit trail of every read and change, the news mail without medical content, and the
 * service switched off.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseKinds } from '../support/database.ts';
import { finishesBesideKeyShare } from '../support/locks.ts';
import { ManualClock, PATIENT, mailSettled, seedPatient, serviceDeps, usePortal } from '../support/portal.ts';
import { TestClient, messageIds } from '../support/http-client.ts';
import { signInPatient, staffClient } from '../support/sign-in.ts';
import { createAccount, createPractice } from '../../src/accounts/account.service.ts';
import { messagesFor } from '../../src/i18n/messages.ts';
import { prescriptionsService, seedDemoPrescriptions } from '../../src/services/prescriptions/prescriptions.ts';
import type { Db } from '../../src/storage/database.ts';
import { NO_CLIENT } from '../../src/audit/audit.ts';
import { addMedication, stopMedication, submitRequest } from '../../src/services/prescriptions/prescriptions.service.ts';

const PASSWORD = 'herhaalrecept-test-wachtwoord';
const PIET = { name: 'Piet Jansen', email: 'piet@example.nl', username: 'piet', password: PASSWORD } as const;
const OMEPRAZOL = 'Omeprazol 20 mg maagsapresistente capsule';
const METFORMINE = 'Metformine 500 mg tablet';
const TYPED = 'Paracetamol 500 mg tablet';
const PHARMACY = 'Apotheek Het Zonnetje, Utrecht';
const REMARK = 'Ik ga op 1 december op vakantie.';
const REASON = 'Kom eerst op controle bij de huisarts. Bel de praktijk voor een afspraak.';
/** Words that may never leave the portal in a mail or stand in an audit row. */
const MEDICAL = [OMEPRAZOL, 'Omeprazol', METFORMINE, 'Metformine', TYPED, 'Paracetamol', PHARMACY, 'Zonnetje', REMARK, 'vakantie', REASON, 'controle'];

async function statusOf(db: Db, id: string): Promise<string> {
  return (await db.selectFrom('prescription_requests').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
}

async function requestCount(db: Db): Promise<number> {
  return (await db.selectFrom('prescription_requests').select('id').execute()).length;
}

async function newsMails(db: Db, accountId: string): Promise<number> {
  return (await db.selectFrom('outbox').select('id').where('template', '=', 'portal_news').where('account_id', '=', accountId).execute()).length;
}

for (const kind of databaseKinds()) {
  describe(`repeat prescriptions (${kind})`, () => {
    const clock = new ManualClock('2026-11-26T09:00:00Z');
    const suite = usePortal(kind, { clock });
    let db: Db;
    let practiceId = '';
    let westPracticeId = '';
    let janId = '';
    let pietId = '';
    let sanneId = '';
    let jan: TestClient;
    let piet: TestClient;
    let sanne: TestClient;
    let doctor: TestClient;
    let manager: TestClient;
    let west: TestClient;
    /** Jan's first request (typed lines) and the line the practice keeps for him. */
    let typedRequest = '';
    let omeprazolLine = '';
    let metformineLine = '';
    let westRequest = '';
    let westLine = '';

    /** The patient asks; returns the new request's id (the newest of that patient). */
    async function request(client: TestClient, form: Record<string, string | readonly string[]>): Promise<string> {
      await client.get('/herhaalrecept');
      clock.advanceSeconds(2);
      const response = await client.post('/herhaalrecept', form);
      assert.equal(response.statusCode, 303, `request refused: ${messageIds(response.body).join(', ')}`);
      assert.equal(response.headers['location'], '/herhaalrecept?melding=aangevraagd');
      const newest = await db.selectFrom('prescription_requests').select('id').where('practice_id', '=', practiceId).orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow();
      return newest.id;
    }

    async function move(client: TestClient, id: string, status: string, reason = '') {
      await client.get(`/praktijk/herhaalrecepten/${id}`);
      return client.post(`/praktijk/herhaalrecepten/${id}/status`, { status, reason });
    }

    before(async () => {
      db = suite.database.db;
      const deps = serviceDeps(suite.portal);
      janId = (await seedPatient(suite.portal)).id;
      pietId = (await seedPatient(suite.portal, PIET)).id;
      practiceId = (await db.selectFrom('practices').select('id').where('slug', '=', 'de-linde').executeTakeFirstOrThrow()).id;
      await createPractice(deps, { name: 'Praktijk West', slug: 'west' });
      westPracticeId = (await db.selectFrom('practices').select('id').where('slug', '=', 'west').executeTakeFirstOrThrow()).id;
      await db.updateTable('practices').set({ prescriptions_enabled: true }).execute();
      sanneId = (await createAccount(deps, { kind: 'staff', role: 'assistant', practiceSlug: 'de-linde', name: 'Sanne Bakker', email: 'sanne@linde.example', username: 'sanne', password: PASSWORD })).account.id;
      await createAccount(deps, { kind: 'staff', role: 'doctor', practiceSlug: 'de-linde', name: 'Dokter De Boer', email: 'boer@linde.example', username: 'deboer', password: PASSWORD });
      await createAccount(deps, { kind: 'staff', role: 'manager', practiceSlug: 'de-linde', name: 'Mia Manager', email: 'mia@linde.example', username: 'mia', password: PASSWORD });
      const westAssistant = await createAccount(deps, { kind: 'staff', role: 'assistant', practiceSlug: 'west', name: 'Wendy West', email: 'wendy@west.example', username: 'wendy', password: PASSWORD });
      const westPatient = await createAccount(deps, { kind: 'patient', practiceSlug: 'west', name: 'Wim West', email: 'wim@example.nl', username: 'wim', password: PASSWORD });
      // The other practice has a request and a medication line of its own, to try to reach.
      await seedDemoPrescriptions(db, { practiceId: westPracticeId, patientAccountId: westPatient.account.id, staffAccountId: westAssistant.account.id }, clock.now());
      westLine = (await db.selectFrom('repeat_medications').select('id').where('practice_id', '=', westPracticeId).orderBy('created_at').executeTakeFirstOrThrow()).id;
      westRequest = (
        await db
          .insertInto('prescription_requests')
          .values({ practice_id: westPracticeId, patient_account_id: westPatient.account.id, status: 'requested', pharmacy: 'Apotheek West', remark: null, created_at: clock.now(), updated_at: clock.now() })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      await db.insertInto('prescription_request_items').values({ request_id: westRequest, position: 1, practice_id: westPracticeId, patient_account_id: westPatient.account.id, medication_id: westLine, name: OMEPRAZOL }).execute();

      jan = new TestClient(suite.portal.app);
      await signInPatient(suite.portal, jan, PATIENT.username, PATIENT.password, PATIENT.email);
      piet = new TestClient(suite.portal.app);
      await signInPatient(suite.portal, piet, PIET.username, PIET.password, PIET.email);
      sanne = await staffClient(suite.portal, 'sanne', PASSWORD, 'sanne@linde.example');
      doctor = await staffClient(suite.portal, 'deboer', PASSWORD, 'boer@linde.example');
      manager = await staffClient(suite.portal, 'mia', PASSWORD, 'mia@linde.example');
      west = await staffClient(suite.portal, 'wendy', PASSWORD, 'wendy@west.example');
      await mailSettled(suite.portal);
    });

    test('with no repeat medication kept, the patient types the names; wrong input is named and nothing is stored', async () => {
      const page = await jan.get('/herhaalrecept');
      assert.equal(page.statusCode, 200);
      assert.ok(messageIds(page.body).includes('prescriptions.none'));
      assert.match(page.body, /id="medicijn-regel-5"/, 'five lines to type in');
      assert.match(page.body, /maxlength="200"/);
      assert.match(page.body, /maxlength="500"/);

      const wrong = await jan.post('/herhaalrecept', { line: ['', ''], pharmacy: ' ', remark: 'x'.repeat(501) });
      assert.equal(wrong.statusCode, 422);
      const ids = messageIds(wrong.body);
      for (const id of ['prescriptions.error.noTypedMedicine', 'prescriptions.error.pharmacy', 'prescriptions.error.remarkTooLong']) assert.ok(ids.includes(id), id);
      assert.match(wrong.body, /href="#medicijn-regel-1"/, 'the summary links to the field');
      const tooLong = await jan.post('/herhaalrecept', { line: [TYPED, 'y'.repeat(201)], pharmacy: PHARMACY });
      assert.equal(tooLong.statusCode, 422);
      assert.ok(messageIds(tooLong.body).includes('prescriptions.error.medicineTooLong'));
      assert.ok(tooLong.body.includes(`value="${TYPED}"`), 'what was typed stays');
      assert.ok(tooLong.body.includes('value="Apotheek Het Zonnetje, Utrecht"'));
      assert.equal(await requestCount(db), 1, 'only the other practice has a request');

      typedRequest = await request(jan, { line: [`  ${TYPED} `, '', 'Movicolon   poeder'], pharmacy: PHARMACY, remark: REMARK });
      const stored = await db.selectFrom('prescription_requests').selectAll().where('id', '=', typedRequest).executeTakeFirstOrThrow();
      assert.deepEqual([stored.status, stored.pharmacy, stored.remark, stored.practice_id, stored.patient_account_id], ['requested', PHARMACY, REMARK, practiceId, janId]);
      const items = await db.selectFrom('prescription_request_items').select(['name', 'medication_id', 'position']).where('request_id', '=', typedRequest).orderBy('position').execute();
      assert.deepEqual(items, [
        { name: TYPED, medication_id: null, position: 1 },
        { name: 'Movicolon poeder', medication_id: null, position: 2 },
      ]);

      const list = await jan.get('/herhaalrecept?melding=aangevraagd');
      const listIds = messageIds(list.body);
      assert.ok(listIds.includes('prescriptions.requested'));
      assert.ok(listIds.includes('prescriptions.status.requested'));
      assert.ok(list.body.includes(TYPED));
      assert.ok(list.body.includes(`value="${PHARMACY}"`), 'the next request is prefilled with the last pharmacy');
    });

    test('staff keep the repeat medication; the patient then ticks from it and may no longer type', async () => {
      const path = `/praktijk/patienten/${janId}/herhaalmedicatie`;
      const empty = await sanne.get(path);
      assert.equal(empty.statusCode, 200);
      assert.ok(messageIds(empty.body).includes('prescriptions.medication.none'));
      const missing = await sanne.post(path, { name: '  ' });
      assert.equal(missing.statusCode, 422);
      assert.ok(messageIds(missing.body).includes('prescriptions.error.medicationNameMissing'));
      const tooLong = await sanne.post(path, { name: 'z'.repeat(201) });
      assert.equal(tooLong.statusCode, 422);
      for (const name of [OMEPRAZOL, METFORMINE]) {
        const added = await sanne.post(path, { name });
        assert.equal(added.statusCode, 303);
        assert.equal(added.headers['location'], `${path}?melding=toegevoegd`);
        clock.advanceSeconds(1);
      }
      const lines = await db.selectFrom('repeat_medications').select(['id', 'name', 'created_by']).where('patient_account_id', '=', janId).orderBy('created_at').execute();
      assert.deepEqual(lines.map((line) => [line.name, line.created_by]), [[OMEPRAZOL, sanneId], [METFORMINE, sanneId]]);
      omeprazolLine = lines[0]!.id;
      metformineLine = lines[1]!.id;
      const shown = await sanne.get(`${path}?melding=toegevoegd`);
      assert.ok(messageIds(shown.body).includes('prescriptions.medication.added'));
      assert.ok(shown.body.includes(OMEPRAZOL));

      const form = await jan.get('/herhaalrecept');
      assert.ok(form.body.includes(`id="medicijn-${omeprazolLine}"`), 'a checkbox per line');
      assert.doesNotMatch(form.body, /medicijn-regel-1/, 'no typed lines any more');
      const typed = await jan.post('/herhaalrecept', { line: [TYPED], pharmacy: PHARMACY });
      assert.equal(typed.statusCode, 422);
      assert.ok(messageIds(typed.body).includes('prescriptions.error.chooseFromList'));
      const none = await jan.post('/herhaalrecept', { pharmacy: PHARMACY });
      assert.ok(messageIds(none.body).includes('prescriptions.error.noMedicine'));
      const foreign = await jan.post('/herhaalrecept', { medication: [westLine], pharmacy: PHARMACY });
      assert.equal(foreign.statusCode, 422, "another practice's line is not Jan's to ask for");
      assert.ok(messageIds(foreign.body).includes('prescriptions.error.medicineEnded'));

      const id = await request(jan, { medication: [metformineLine, omeprazolLine], pharmacy: PHARMACY });
      const items = await db.selectFrom('prescription_request_items').select(['name', 'medication_id']).where('request_id', '=', id).orderBy('position').execute();
      assert.deepEqual(items, [
        { name: OMEPRAZOL, medication_id: omeprazolLine },
        { name: METFORMINE, medication_id: metformineLine },
      ]);
    });

    test('ending a line: once, and a line that ended cannot be asked for', async () => {
      const path = `/praktijk/patienten/${janId}/herhaalmedicatie`;
      const extra = await sanne.post(path, { name: 'Salbutamol 100 microg/dosis inhalator' });
      assert.equal(extra.statusCode, 303);
      const line = (await db.selectFrom('repeat_medications').select('id').where('patient_account_id', '=', janId).where('name', 'like', 'Salbutamol%').executeTakeFirstOrThrow()).id;
      await jan.get('/herhaalrecept');
      await sanne.get(path);
      const ended = await sanne.post(`${path}/${line}/stoppen`, {});
      assert.equal(ended.headers['location'], `${path}?melding=gestopt`);
      const again = await sanne.post(`${path}/${line}/stoppen`, {});
      assert.equal(again.headers['location'], `${path}?melding=al-gestopt`);
      const endAudits = await db.selectFrom('audit_events').select('id').where('action', '=', 'prescription.medication_ended').execute();
      assert.equal(endAudits.length, 1, 'ended once, audited once');
      const page = await sanne.get(`${path}?melding=gestopt`);
      assert.ok(messageIds(page.body).includes('prescriptions.medication.endedNotice'));
      assert.match(page.body, /Eerder gestopt/);

      const late = await jan.post('/herhaalrecept', { medication: [line, omeprazolLine], pharmacy: PHARMACY });
      assert.equal(late.statusCode, 422, 'the form was opened before the line ended');
      assert.ok(messageIds(late.body).includes('prescriptions.error.medicineEnded'));
      assert.ok(!late.body.includes(`medicijn-${line}`), 'the ended line is no longer offered');
    });

    test('staff move a request on; the patient sees each status and gets a mail without medical content', async () => {
      const queue = await sanne.get('/praktijk/herhaalrecepten');
      assert.equal(queue.statusCode, 200);
      assert.ok(queue.body.includes(PATIENT.name));
      assert.ok(!queue.body.includes('Wim West'), "not the other practice's");
      const rows = [...queue.body.matchAll(/data-request="([^"]+)"/g)].map((match) => match[1]);
      assert.equal(rows[0], typedRequest, 'oldest first');

      const detail = await sanne.get(`/praktijk/herhaalrecepten/${typedRequest}`);
      assert.ok(detail.body.includes(TYPED) && detail.body.includes(PHARMACY) && detail.body.includes(REMARK));
      assert.ok(detail.body.includes(`/praktijk/patienten/${janId}/herhaalmedicatie`), 'links to the repeat medication');
      assert.match(detail.body, /zelf ingetypt/);

      const mailsBefore = suite.portal.mailsTo(PATIENT.email).length;
      const started = await move(sanne, typedRequest, 'in_progress');
      assert.equal(started.statusCode, 303);
      assert.equal(started.headers['location'], `/praktijk/herhaalrecepten/${typedRequest}?melding=in_progress`);
      assert.equal(await statusOf(db, typedRequest), 'in_progress');
      const mail = await suite.portal.nextMail(PATIENT.email, { after: mailsBefore });
      assert.match(mail.subject, /nieuws/);
      for (const word of MEDICAL) {
        assert.ok(!mail.text.includes(word), `the mail text does not name ${word}`);
        assert.ok(!(mail.html ?? '').includes(word), `the mail html does not name ${word}`);
        assert.ok(!mail.subject.includes(word));
      }
      assert.ok(mail.text.includes('/inloggen') || /https?:\/\//.test(mail.text), 'the mail links to the login');

      let mine = await jan.get('/herhaalrecept');
      assert.ok(messageIds(mine.body).includes('prescriptions.status.in_progress'));
      const home = await jan.get('/start');
      assert.ok(home.body.includes('1 aanvraag wordt behandeld'));
      assert.ok(home.body.includes('1 aanvraag wacht op de praktijk'));

      const ready = await move(sanne, typedRequest, 'ready');
      assert.equal(ready.statusCode, 303);
      const shown = await sanne.follow(ready);
      assert.ok(messageIds(shown.body).includes('prescriptions.changed.ready'));
      assert.ok(messageIds(shown.body).includes('prescriptions.action.final'), 'no buttons on a final request');
      const stored = await db.selectFrom('prescription_requests').selectAll().where('id', '=', typedRequest).executeTakeFirstOrThrow();
      assert.deepEqual([stored.status, stored.handled_by_account_id, stored.closed_at?.getTime()], ['ready', sanneId, clock.now().getTime()]);

      mine = await jan.get('/herhaalrecept');
      assert.ok(messageIds(mine.body).includes('prescriptions.status.ready'));
      assert.ok(messageIds(mine.body).includes('prescriptions.explain.ready'));
      assert.ok(mine.body.includes(`U kunt uw medicijnen ophalen bij uw apotheek: ${PHARMACY}`));
      const own = await jan.get(`/herhaalrecept/${typedRequest}`);
      assert.equal(own.statusCode, 200);
      assert.ok(own.body.includes(REMARK));
      assert.ok((await jan.get('/start')).body.includes('1 recept is klaar'));
      assert.equal(await newsMails(db, janId), 2, 'one news mail per change');

      // Final: ready cannot become rejected.
      const late = await move(doctor, typedRequest, 'rejected', REASON);
      assert.equal(late.statusCode, 409);
      assert.ok(messageIds(late.body).includes('prescriptions.conflict'));
      assert.match(late.body, /al behandeld door Sanne Bakker\. De status is nu: klaar/);
      assert.equal(await statusOf(db, typedRequest), 'ready');
      assert.equal(await newsMails(db, janId), 2, 'no mail for a change that did not happen');
    });

    test('rejecting needs a reason, which the patient then reads', async () => {
      const open = await db.selectFrom('prescription_requests').select('id').where('patient_account_id', '=', janId).where('status', '=', 'requested').executeTakeFirstOrThrow();
      const missing = await move(sanne, open.id, 'rejected', '   ');
      assert.equal(missing.statusCode, 422);
      assert.ok(messageIds(missing.body).includes('prescriptions.error.reasonMissing'));
      assert.match(missing.body, /href="#reden"/);
      const tooLong = await sanne.post(`/praktijk/herhaalrecepten/${open.id}/status`, { status: 'rejected', reason: 'r'.repeat(501) });
      assert.equal(tooLong.statusCode, 422);
      assert.ok(tooLong.body.includes('r'.repeat(501)), 'what was typed stays');
      assert.equal(await statusOf(db, open.id), 'requested');

      const rejected = await move(sanne, open.id, 'rejected', `  ${REASON}  `);
      assert.equal(rejected.statusCode, 303);
      const row = await db.selectFrom('prescription_requests').select(['status', 'rejection_reason']).where('id', '=', open.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'rejected', rejection_reason: REASON });
      const mine = await jan.get('/herhaalrecept');
      assert.ok(messageIds(mine.body).includes('prescriptions.status.rejected'));
      assert.ok(mine.body.includes(REASON));
      assert.ok((await jan.get('/start')).body.includes('1 aanvraag is afgewezen'));
    });

    test('the database refuses a rejection without a reason and an unknown status, whatever the code does', async () => {
      await assert.rejects(db.updateTable('prescription_requests').set({ status: 'rejected', handled_by_account_id: sanneId, closed_at: clock.now() }).where('id', '=', typedRequest).execute());
      await assert.rejects(db.updateTable('prescription_requests').set({ status: 'lost' as 'ready' }).where('id', '=', typedRequest).execute());
      await assert.rejects(db.updateTable('prescription_requests').set({ pharmacy: 'p'.repeat(201) }).where('id', '=', typedRequest).execute());
    });

    test('two assistants at once: exactly one wins, the other is told it was already handled', async () => {
      for (const [first, second] of [['ready', 'rejected'], ['in_progress', 'in_progress'], ['ready', 'ready']] as const) {
        const id = await request(jan, { medication: [omeprazolLine], pharmacy: PHARMACY });
        await sanne.get(`/praktijk/herhaalrecepten/${id}`);
        await doctor.get(`/praktijk/herhaalrecepten/${id}`);
        const mailsBefore = await newsMails(db, janId);
        const [a, b] = await Promise.all([
          sanne.post(`/praktijk/herhaalrecepten/${id}/status`, { status: first, reason: REASON }),
          doctor.post(`/praktijk/herhaalrecepten/${id}/status`, { status: second, reason: REASON }),
        ]);
        const codes = [a.statusCode, b.statusCode].sort();
        assert.deepEqual(codes, [303, 409], `${first} against ${second}`);
        const [winner, loser] = a.statusCode === 303 ? [first, b] : [second, a];
        assert.equal(await statusOf(db, id), winner);
        assert.ok(messageIds(loser.body).includes('prescriptions.conflict'));
        assert.match(loser.body, /Deze aanvraag is al behandeld door (Sanne Bakker|Dokter De Boer)/);
        assert.equal(await newsMails(db, janId), mailsBefore + 1, 'one mail for the one change');
        const audits = await db
          .selectFrom('audit_events')
          .select(['outcome'])
          .where('action', '=', 'prescription.status_changed')
          .where(sql<boolean>`details->>'requestId' = ${id}`)
          .execute();
        assert.deepEqual(audits.map((row) => row.outcome).sort(), ['failure', 'success']);
        // Close it, so the open-request limit below starts from a known count.
        if (winner === 'in_progress') assert.equal((await move(sanne, id, 'ready')).statusCode, 303);
      }
    });

    test('at most 5 open requests, also when two are sent at once', async () => {
      const open = async () => (await db.selectFrom('prescription_requests').select('id').where('patient_account_id', '=', janId).where('status', 'in', ['requested', 'in_progress']).execute()).length;
      assert.equal(await open(), 0);
      for (let i = 0; i < 4; i++) await request(jan, { medication: [omeprazolLine], pharmacy: PHARMACY });
      await jan.get('/herhaalrecept');
      const [a, b] = await Promise.all([
        jan.post('/herhaalrecept', { medication: [omeprazolLine], pharmacy: PHARMACY }),
        jan.post('/herhaalrecept', { medication: [metformineLine], pharmacy: PHARMACY }),
      ]);
      assert.deepEqual([a.statusCode, b.statusCode].sort(), [303, 409]);
      const refused = a.statusCode === 409 ? a : b;
      assert.ok(messageIds(refused.body).includes('prescriptions.tooManyOpen'));
      assert.equal(await open(), 5);
      const page = await jan.get('/herhaalrecept');
      assert.ok(messageIds(page.body).includes('prescriptions.tooManyOpen'));
      assert.doesNotMatch(page.body, /action="\/herhaalrecept"/, 'no form while 5 are open');
      assert.ok((await jan.get('/start')).body.includes('5 aanvragen wachten op de praktijk'));
      const audit = await db.selectFrom('audit_events').select('details').where('action', '=', 'prescription.requested').where('outcome', '=', 'failure').execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.details['refused'], 'too_many_open');
    });

    test('a patient reaches only their own requests', async () => {
      const janRequest = typedRequest;
      assert.equal((await piet.get(`/herhaalrecept/${janRequest}`)).statusCode, 404);
      assert.equal((await piet.get(`/herhaalrecept/${westRequest}`)).statusCode, 404);
      assert.equal((await jan.get(`/herhaalrecept/${westRequest}`)).statusCode, 404);
      assert.equal((await jan.get('/herhaalrecept/niet-een-id')).statusCode, 404);
      const list = await piet.get('/herhaalrecept');
      assert.ok(messageIds(list.body).includes('prescriptions.none'));
      assert.ok(!list.body.includes(OMEPRAZOL), "Jan's medication is not on Piet's page");
      assert.ok(list.body.includes('id="medicijn-regel-1"'), 'Piet has no list of his own');
      const before = await requestCount(db);
      const stolen = await piet.post('/herhaalrecept', { medication: [omeprazolLine], pharmacy: PHARMACY });
      assert.equal(stolen.statusCode, 422, "Jan's line is not Piet's to ask for");
      assert.equal(await requestCount(db), before);
      const home = await piet.get('/start');
      assert.ok(messageIds(home.body).includes('home.nothingWaiting'));
      // Every miss left a trace: who looked for which request.
      const misses = await db.selectFrom('audit_events').select(['actor_account_id', 'subject_account_id', 'practice_id', 'outcome', 'details']).where('action', '=', 'prescription.not_found').where('actor_account_id', 'in', [janId, pietId]).execute();
      assert.deepEqual(misses.map((row) => [row.actor_account_id === janId ? 'jan' : 'piet', row.details['attempt'], row.details['requestId'], row.practice_id === practiceId, row.outcome, row.subject_account_id]).sort(), [
        ['jan', 'view', 'malformed', true, 'failure', null],
        ['jan', 'view', westRequest, true, 'failure', null],
        ['piet', 'view', janRequest, true, 'failure', null],
        ['piet', 'view', westRequest, true, 'failure', null],
      ].sort());
    });

    test("staff of another practice reach nothing of this one, on every route, and change nothing", async () => {
      const queue = await west.get('/praktijk/herhaalrecepten?toon=alle');
      assert.equal(queue.statusCode, 200);
      assert.ok(!queue.body.includes(PATIENT.name));
      assert.ok(queue.body.includes('Wim West'));
      const before = await db.selectFrom('prescription_requests').select(['id', 'status', 'updated_at']).where('practice_id', '=', practiceId).orderBy('id').execute();
      const linesBefore = await db.selectFrom('repeat_medications').select(['id', 'ended_at']).where('practice_id', '=', practiceId).orderBy('id').execute();
      const mailsBefore = await newsMails(db, janId);
      const open = await db.selectFrom('prescription_requests').select('id').where('patient_account_id', '=', janId).where('status', '=', 'requested').executeTakeFirstOrThrow();
      const tries = [
        () => west.get(`/praktijk/herhaalrecepten/${open.id}`),
        () => west.post(`/praktijk/herhaalrecepten/${open.id}/status`, { status: 'ready' }),
        () => west.post(`/praktijk/herhaalrecepten/${open.id}/status`, { status: 'rejected', reason: REASON }),
        () => west.get(`/praktijk/patienten/${janId}/herhaalmedicatie`),
        () => west.post(`/praktijk/patienten/${janId}/herhaalmedicatie`, { name: 'Ingeslopen 1 mg' }),
        () => west.post(`/praktijk/patienten/${janId}/herhaalmedicatie/${omeprazolLine}/stoppen`, {}),
        // Their own patient with our line: still not found.
        async () => west.post(`/praktijk/patienten/${(await db.selectFrom('accounts').select('id').where('username', '=', 'wim').executeTakeFirstOrThrow()).id}/herhaalmedicatie/${omeprazolLine}/stoppen`, {}),
      ];
      for (const [index, attempt] of tries.entries()) {
        await west.get('/praktijk/herhaalrecepten');
        assert.equal((await attempt()).statusCode, 404, `try ${index}`);
      }
      // Within the practice: Piet's page with Jan's line is not found either.
      await sanne.get('/praktijk/herhaalrecepten');
      const token = sanne.csrfToken();
      assert.equal((await sanne.post(`/praktijk/patienten/${pietId}/herhaalmedicatie/${omeprazolLine}/stoppen`, {}, { csrf: token })).statusCode, 404);
      assert.equal((await sanne.post(`/praktijk/herhaalrecepten/${westRequest}/status`, { status: 'ready' }, { csrf: token })).statusCode, 404);
      assert.equal((await sanne.get(`/praktijk/herhaalrecepten/${westRequest}`)).statusCode, 404);
      assert.equal((await sanne.get(`/praktijk/herhaalrecepten/00000000-0000-4000-8000-000000000000`)).statusCode, 404);

      assert.deepEqual(await db.selectFrom('prescription_requests').select(['id', 'status', 'updated_at']).where('practice_id', '=', practiceId).orderBy('id').execute(), before);
      assert.deepEqual(await db.selectFrom('repeat_medications').select(['id', 'ended_at']).where('practice_id', '=', practiceId).orderBy('id').execute(), linesBefore);
      assert.equal(await statusOf(db, westRequest), 'requested');
      assert.equal(await newsMails(db, janId), mailsBefore);
      assert.equal((await db.selectFrom('repeat_medications').select('id').where('name', '=', 'Ingeslopen 1 mg').execute()).length, 0);

      // Every miss left a trace: who looked for which request, patient or line, and what they tried.
      const wendy = (await db.selectFrom('accounts').select('id').where('username', '=', 'wendy').executeTakeFirstOrThrow()).id;
      const wim = (await db.selectFrom('accounts').select('id').where('username', '=', 'wim').executeTakeFirstOrThrow()).id;
      const misses = await db.selectFrom('audit_events').select(['actor_account_id', 'subject_account_id', 'practice_id', 'outcome', 'details']).where('action', '=', 'prescription.not_found').where('actor_account_id', 'in', [wendy, sanneId]).execute();
      const name = (id: string | null) => ({ [wendy]: 'wendy', [sanneId]: 'sanne', [janId]: 'jan', [pietId]: 'piet', [wim]: 'wim' })[id ?? ''] ?? id;
      const looked = (details: Record<string, unknown>) => ['requestId', 'patientId', 'medicationId'].filter((key) => details[key] !== undefined).map((key) => `${key}=${String(details[key])}`).join(' ');
      assert.deepEqual(misses.map((row) => [name(row.actor_account_id), row.details['attempt'], looked(row.details), row.practice_id === practiceId ? 'linde' : 'west', row.outcome, name(row.subject_account_id)]).sort(), [
        ['sanne', 'change_status', `requestId=${westRequest}`, 'linde', 'failure', null],
        ['sanne', 'end_medication', `patientId=${pietId} medicationId=${omeprazolLine}`, 'linde', 'failure', 'piet'],
        ['sanne', 'view', 'requestId=00000000-0000-4000-8000-000000000000', 'linde', 'failure', null],
        ['sanne', 'view', `requestId=${westRequest}`, 'linde', 'failure', null],
        ['wendy', 'add_medication', `patientId=${janId}`, 'west', 'failure', null],
        ['wendy', 'change_status', `requestId=${open.id}`, 'west', 'failure', null],
        ['wendy', 'change_status', `requestId=${open.id}`, 'west', 'failure', null],
        ['wendy', 'end_medication', `patientId=${janId}`, 'west', 'failure', null],
        ['wendy', 'end_medication', `patientId=${wim} medicationId=${omeprazolLine}`, 'west', 'failure', 'wim'],
        ['wendy', 'view', `requestId=${open.id}`, 'west', 'failure', null],
        ['wendy', 'view_medication', `patientId=${janId}`, 'west', 'failure', null],
      ].sort());
      assert.ok(!JSON.stringify(misses).includes('Ingeslopen'), 'no typed text in the trail');
    });

    test('only the care team handles prescriptions: the manager is refused', async () => {
      await manager.get('/praktijk/console');
      assert.equal((await manager.get('/praktijk/herhaalrecepten')).statusCode, 403);
      assert.equal((await manager.get(`/praktijk/herhaalrecepten/${typedRequest}`)).statusCode, 403);
      assert.equal((await manager.get(`/praktijk/patienten/${janId}/herhaalmedicatie`)).statusCode, 403);
      assert.equal((await manager.post(`/praktijk/patienten/${janId}/herhaalmedicatie`, { name: 'Door de manager 1 mg' })).statusCode, 403);
    });

    test('every read and change is in the audit trail, with the patient, and without medical text', async () => {
      const rows = await db.selectFrom('audit_events').select(['action', 'outcome', 'actor_account_id', 'subject_account_id', 'practice_id', 'details', 'ip']).where('action', 'like', 'prescription.%').execute();
      const actions = new Set(rows.map((row) => row.action));
      for (const action of ['prescription.list_viewed', 'prescription.viewed', 'prescription.requested', 'prescription.queue_viewed', 'prescription.status_changed', 'prescription.medication_viewed', 'prescription.medication_added', 'prescription.medication_ended']) {
        assert.ok(actions.has(action), action);
      }
      const staffView = rows.find((row) => row.action === 'prescription.viewed' && row.actor_account_id === sanneId);
      assert.equal(staffView?.subject_account_id, janId);
      assert.equal(staffView?.practice_id, practiceId);
      const queueViews = rows.filter((row) => row.action === 'prescription.queue_viewed' && row.actor_account_id === sanneId);
      assert.ok(queueViews.some((row) => row.subject_account_id === janId), "the queue view is in Jan's trail");
      assert.ok(rows.every((row) => row.ip !== null), 'from where');
      const westRows = rows.filter((row) => row.practice_id === westPracticeId);
      assert.ok(westRows.every((row) => row.subject_account_id !== janId), "nothing of Jan in the other practice's trail");
      const text = JSON.stringify(rows.map((row) => row.details));
      for (const word of MEDICAL) assert.ok(!text.includes(word), `no "${word}" in the audit details`);
    });

    test('typed text is cleaned once for all services, and counted as the database counts: 200 emoji are a name of 200', async () => {
      const wim = (await db.selectFrom('accounts').select('id').where('username', '=', 'wim').executeTakeFirstOrThrow()).id;
      const wendy = (await db.selectFrom('accounts').select('id').where('username', '=', 'wendy').executeTakeFirstOrThrow()).id;
      const input = { practiceId: westPracticeId, staffAccountId: wendy, patientAccountId: wim, client: NO_CLIENT };
      const emoji = await addMedication({ db, clock }, { ...input, name: `${'💊'.repeat(200)}\u200B` });
      assert.equal(emoji.outcome, 'added');
      const hidden = await addMedication({ db, clock }, { ...input, name: 'Salbu\u0000tamol\u202E 100' });
      assert.equal(hidden.outcome, 'added');
      const ids = [emoji, hidden].map((result) => (result.outcome === 'added' ? result.medicationId : ''));
      const stored = await db.selectFrom('repeat_medications').select(['name', sql<number>`length(name)`.as('length')]).where('id', 'in', ids).orderBy('created_at').orderBy('name').execute();
      assert.deepEqual(
        stored.map((row) => [row.name === '💊'.repeat(200) ? 'emoji' : row.name, Number(row.length)]).sort(),
        [['Salbutamol 100', 14], ['emoji', 200]],
      );
      for (const id of ids) assert.equal(await stopMedication({ db, clock }, { ...input, medicationId: id }), 'ended');
    });

    // Only on PostgreSQL: PGlite has one connection, so no second session can hold a lock.
    if (kind === 'postgres') test('the lock on the patient row does not wait for inserts that refer to the patient (no deadlock)', async () => {
      // A mail or an audit row about Wim is being written while Wim sends a request.
      const wim = (await db.selectFrom('accounts').select('id').where('username', '=', 'wim').executeTakeFirstOrThrow()).id;
      let outcome: Awaited<ReturnType<typeof submitRequest>> | undefined;
      const submit = async () => {
        outcome = await submitRequest({ db, clock }, { practiceId: westPracticeId, patientAccountId: wim, form: { medicationIds: [westLine], typedLines: [], pharmacy: 'Apotheek West', remark: '' }, client: NO_CLIENT });
      };
      assert.ok(await finishesBesideKeyShare(db, wim, submit), 'the request waited for a key-share lock on the patient');
      assert.equal(outcome?.outcome, 'requested');
    });

    test('?melding= names only a notice of the page: constructor, __proto__ and the like show no empty notice box', async () => {
      const boxes = (body: string) => (body.match(/class="message /g) ?? []).length;
      const path = `/praktijk/patienten/${janId}/herhaalmedicatie`;
      const plain = await sanne.get(path);
      assert.equal(plain.statusCode, 200);
      for (const melding of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
        const page = await sanne.get(`${path}?melding=${melding}`);
        assert.equal(page.statusCode, 200, melding);
        assert.equal(boxes(page.body), boxes(plain.body), `${melding}: no notice box`);
        assert.equal(boxes((await jan.get(`/herhaalrecept?melding=${melding}`)).body), boxes((await jan.get('/herhaalrecept')).body), `patient page, ${melding}`);
      }
      assert.ok(messageIds((await sanne.get(`${path}?melding=toegevoegd`)).body).includes('prescriptions.medication.added'), 'a real notice still shows');
    });

    test("the page titles of the console (kept in browser history) do not name the patient; the heading does", async () => {
      const titleOf = (body: string) => /<title>([^<]*)<\/title>/.exec(body)?.[1] ?? '';
      const page = await sanne.get(`/praktijk/herhaalrecepten/${typedRequest}`);
      assert.equal(page.statusCode, 200);
      assert.ok(!titleOf(page.body).includes(PATIENT.name), titleOf(page.body));
      assert.match(titleOf(page.body), /^Herhaalrecept – aanvraag van \d{1,2} \w+ \d{4} – /);
      assert.match(page.body, new RegExp(`<h1>Herhaalrecept – ${PATIENT.name}</h1>`));
      const medication = await sanne.get(`/praktijk/patienten/${janId}/herhaalmedicatie`);
      assert.equal(medication.statusCode, 200);
      assert.ok(!titleOf(medication.body).includes(PATIENT.name), titleOf(medication.body));
      assert.match(medication.body, new RegExp(`<h1>Herhaalmedicatie – ${PATIENT.name}</h1>`));
    });

    test('the home page: ready news lasts 14 days', async () => {
      const t = messagesFor('nl');
      const ready = await db.selectFrom('prescription_requests').select('closed_at').where('id', '=', typedRequest).executeTakeFirstOrThrow();
      const day = 24 * 60 * 60 * 1000;
      const lines = async (at: number) => (await prescriptionsService.status(db, { practiceId, accountId: janId, now: new Date(at), t, locale: 'nl' })).map((line) => line.text);
      assert.ok((await lines(ready.closed_at!.getTime() + 13 * day)).some((line) => /recepten? (is|zijn) klaar/.test(line)));
      assert.ok(!(await lines(ready.closed_at!.getTime() + 15 * day)).some((line) => /recept is klaar|recepten zijn klaar/.test(line)));
    });

    test('with the service switched off: the practice finishes what waits, the patient reads it but asks nothing new', async () => {
      const asked = await submitRequest({ db, clock }, { practiceId, patientAccountId: pietId, form: { medicationIds: [], typedLines: [TYPED], pharmacy: PHARMACY, remark: '' }, client: NO_CLIENT });
      assert.equal(asked.outcome, 'requested');
      const waiting = (await db.selectFrom('prescription_requests').select('id').where('patient_account_id', '=', pietId).orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow()).id;
      await db.updateTable('practices').set({ prescriptions_enabled: false }).where('id', '=', practiceId).execute();
      try {
        // Staff: the queue, the request and the medication pages answer; the waiting request is rejected with a reason.
        for (const url of ['/praktijk/herhaalrecepten', `/praktijk/herhaalrecepten/${waiting}`, `/praktijk/patienten/${pietId}/herhaalmedicatie`]) {
          assert.equal((await sanne.get(url)).statusCode, 200, url);
        }
        const rejected = await move(sanne, waiting, 'rejected', REASON);
        assert.equal(rejected.statusCode, 303);
        assert.equal(await statusOf(db, waiting), 'rejected');
        await sanne.get(`/praktijk/patienten/${pietId}/herhaalmedicatie`);
        assert.equal((await sanne.post(`/praktijk/patienten/${pietId}/herhaalmedicatie`, { name: 'Uit 1 mg' })).statusCode, 303);

        // The patient: the list and the request (with the reason) answer, with the line to call instead of the form.
        const list = await piet.get('/herhaalrecept');
        assert.equal(list.statusCode, 200);
        assert.equal(messageIds(list.body).filter((id) => id === 'service.off').length, 1, 'the line to call, once');
        assert.ok(list.body.includes(`data-request="${waiting}"`));
        assert.ok(!list.body.includes('action="/herhaalrecept"'), 'no form for a new request');
        assert.ok(!list.body.includes('href="#nieuwe-aanvraag"'), 'no link to one either');
        const detail = await piet.get(`/herhaalrecept/${waiting}`);
        assert.equal(detail.statusCode, 200);
        assert.ok(messageIds(detail.body).includes('prescriptions.explain.rejected'));
        assert.ok(detail.body.includes(REASON), 'the reason can be read');
        assert.equal((await jan.get(`/herhaalrecept/${typedRequest}`)).statusCode, 200);

        // A new request answers 404 and stores nothing (the token from the list page, which has no form now).
        const before = await requestCount(db);
        const refused = await piet.post('/herhaalrecept', { line: ['Toch 5 mg'], pharmacy: PHARMACY });
        assert.equal(refused.statusCode, 404);
        assert.ok(messageIds(refused.body).includes('service.off'));
        assert.equal(await requestCount(db), before);

        // Still listed on the start page while something in it waits for the patient (the news mail
        // sent them there), with what waits.
        const home = await jan.get('/start');
        assert.ok(home.body.includes('href="/herhaalrecept"'), 'listed while something waits');
        assert.ok(messageIds(home.body).some((id) => id.startsWith('prescriptions.home.')), 'with what waits');
        // The other practice still has it.
        assert.equal((await west.get('/praktijk/herhaalrecepten')).statusCode, 200);
      } finally {
        await db.updateTable('practices').set({ prescriptions_enabled: true }).where('id', '=', practiceId).execute();
      }
      const on = await piet.get('/herhaalrecept');
      assert.ok(!messageIds(on.body).includes('service.off'));
      assert.ok(on.body.includes('action="/herhaalrecept"'), 'switched on again: the form is back');
    });
  });
}
