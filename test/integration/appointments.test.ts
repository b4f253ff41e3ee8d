/**
 * "Afspraak maken" end to end over HTTP (and through the rules module where real parallelism or
 * a moving clock is the point): publishing times, booking, double booking under concurrency,
 * cancelling (patient, window edge, staff with the news mail), withdrawing, isolation per
 * practice and per patient on every route, the audit trail, and the service switched off.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/database.ts';
import { finishesBesideKeyShare } from '../support/locks.ts';
import { ManualClock, mailSettled, serviceDeps, usePortal } from '../support/portal.ts';
import { TestClient, messageIds } from '../support/http-client.ts';
import { signInPatient, staffClient } from '../support/sign-in.ts';
import { createAccount, createPractice } from '../../src/accounts/account.service.ts';
import { bookSlot, cancelByPatient, publishSeries, withdrawSlot, type Actor, type AppointmentDeps } from '../../src/services/appointments/appointments.ts';
import { NO_CLIENT } from '../../src/audit/audit.ts';
import { seedDemoAppointments } from '../../src/services/appointments/appointments.demo.ts';

const START = '2026-11-26T10:50:00Z'; // Thursday 11:50 in Amsterdam
const PASSWORD = 'afspraken-test-wachtwoord';

interface Person {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly name: string;
}

for (const kind of databaseKinds()) {
  describe(`appointments (${kind})`, () => {
    const clock = new ManualClock(START);
    const suite = usePortal(kind, { clock });
    const db = () => suite.database.db;
    let oost = '';
    let west = '';
    const people = new Map<string, Person>();
    const clients = new Map<string, TestClient>();
    const person = (key: string) => people.get(key)!;
    const client = (key: string) => clients.get(key)!;

    before(async () => {
      const deps = serviceDeps(suite.portal);
      oost = (await createPractice(deps, { name: 'Praktijk Oost', slug: 'oost', phone: '020 111 22 33' })).id;
      west = (await createPractice(deps, { name: 'Praktijk West', slug: 'west' })).id;
      await db().updateTable('practices').set({ appointments_enabled: true, cancel_window_hours: 24, phone: '020 111 22 33' }).execute();
      const add = async (key: string, practice: 'oost' | 'west', name: string, role?: 'assistant' | 'doctor' | 'manager') => {
        const username = `${key}-${practice}`.toLowerCase();
        const email = `${username}@example.nl`;
        const { account } = await createAccount(deps, role === undefined ? { kind: 'patient', practiceSlug: practice, name, email, username, password: PASSWORD } : { kind: 'staff', role, practiceSlug: practice, name, email, username, password: PASSWORD });
        people.set(key, { id: account.id, username, email, name });
      };
      await add('piet', 'oost', 'Piet Oost');
      await add('anna', 'oost', 'Anna Oost');
      await add('wim', 'west', 'Wim West');
      await add('assistant', 'oost', 'Sanne Assistent', 'assistant');
      await add('doctor', 'oost', 'Dokter Jansen', 'doctor');
      await add('doctor2', 'oost', 'Dokter De Boer', 'doctor');
      await add('manager', 'oost', 'Mia Manager', 'manager');
      await add('westAssistant', 'west', 'Wendy West', 'assistant');
      await add('westDoctor', 'west', 'Dokter Westerman', 'doctor');
      for (const key of ['piet', 'anna', 'wim']) {
        const patient = new TestClient(suite.portal.app);
        await signInPatient(suite.portal, patient, person(key).username, PASSWORD, person(key).email);
        clients.set(key, patient);
      }
      for (const key of ['assistant', 'doctor', 'manager', 'westAssistant']) {
        clients.set(key, await staffClient(suite.portal, person(key).username, PASSWORD, person(key).email));
      }
      await mailSettled(suite.portal);
    });

    const domainDeps = (at: ManualClock | typeof clock = clock): AppointmentDeps => ({
      db: db(),
      clock: at,
      outbox: { keyring: suite.portal.keyring, messageIdDomain: 'portal.test' },
      mailQueued: () => suite.portal.worker.wake(),
    });
    const patientActor = (key: string, practiceId = oost): Actor => ({ accountId: person(key).id, practiceId, client: NO_CLIENT });

    async function publish(staff: string, form: { doctor?: string; date: string; from: string; to: string; length?: string }) {
      const c = client(staff);
      await c.get('/praktijk/afspraken');
      return c.post('/praktijk/afspraken/tijden', { arts: person(form.doctor ?? 'doctor').id, datum: form.date, van: form.from, tot: form.to, lengte: form.length ?? '15' });
    }

    async function slotAt(iso: string, doctor = 'doctor'): Promise<string> {
      const row = await db()
        .selectFrom('appointment_slots')
        .select('id')
        .where('doctor_account_id', '=', person(doctor).id)
        .where('starts_at', '=', new Date(iso))
        .where('withdrawn_at', 'is', null)
        .executeTakeFirstOrThrow();
      return row.id;
    }

    async function book(patient: string, slotId: string, reason = '') {
      const c = client(patient);
      await c.get(`/afspraken/maken/bevestigen?tijd=${slotId}`);
      return c.post('/afspraken/maken/bevestigen', { tijd: slotId, reden: reason });
    }

    const activeBookings = async (slotId: string) =>
      (await db().selectFrom('appointments').select('id').where('slot_id', '=', slotId).where('cancelled_at', 'is', null).execute()).length;

    const auditCount = async (action: string, actor?: string) => {
      let query = db().selectFrom('audit_events').select('id').where('action', '=', action);
      if (actor !== undefined) query = query.where('actor_account_id', '=', person(actor).id);
      return (await query.execute()).length;
    };

    test('staff publish a series of times in Amsterdam time; the day view shows them and is audited', async () => {
      const response = await publish('assistant', { date: '2026-11-30', from: '08:30', to: '11:30' });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers['location'], '/praktijk/afspraken?datum=2026-11-30&melding=vrijgegeven&aantal=12');
      const rows = await db().selectFrom('appointment_slots').select(['starts_at', 'ends_at', 'practice_id', 'created_by']).where('doctor_account_id', '=', person('doctor').id).orderBy('starts_at').execute();
      assert.equal(rows.length, 12);
      assert.equal(rows[0]!.starts_at.toISOString(), '2026-11-30T07:30:00.000Z', '08:30 in winter is 07:30 UTC');
      assert.equal(rows[0]!.practice_id, oost);
      assert.equal(rows[0]!.created_by, person('assistant').id);
      const published = await db().selectFrom('audit_events').select(['details', 'practice_id']).where('action', '=', 'appointment.slots_published').executeTakeFirstOrThrow();
      assert.equal(published.practice_id, oost);
      assert.equal(published.details['count'], 12);

      const day = await client('assistant').follow(response);
      assert.equal(day.statusCode, 200);
      assert.ok(messageIds(day.body).includes('appointments.console.notice.published'));
      assert.match(day.body, /12 tijden/);
      assert.match(day.body, /Dokter Jansen/);
      assert.equal((day.body.match(/data-state="free"/g) ?? []).length, 12);
      assert.ok((await auditCount('appointment.day_viewed', 'assistant')) >= 1);
    });

    test('a day out of range or not a date shows today with a message, never an error page', async () => {
      for (const datum of ['9999-12-31', '1999-12-31', '2101-01-01', '0000-01-01', '2026-02-30', 'gisteren', '+010000-01-01']) {
        const page = await client('assistant').get(`/praktijk/afspraken?datum=${encodeURIComponent(datum)}`);
        assert.equal(page.statusCode, 200, datum);
        assert.ok(messageIds(page.body).includes('appointments.console.notice.badDate'), datum);
        assert.match(page.body, /Afspraken op donderdag 26 november/, `${datum}: today's view`);
      }
      for (const datum of ['2000-01-01', '2100-12-31']) {
        const edge = await client('assistant').get(`/praktijk/afspraken?datum=${datum}`);
        assert.equal(edge.statusCode, 200, datum);
        assert.ok(!messageIds(edge.body).includes('appointments.console.notice.badDate'), datum);
      }
      const plain = await client('assistant').get('/praktijk/afspraken');
      assert.ok(!messageIds(plain.body).includes('appointments.console.notice.badDate'), 'no date asked: today, no message');
      // Publishing on such a date is refused with the field named, and the page still renders.
      const far = await publish('assistant', { date: '9999-12-31', from: '09:00', to: '10:00' });
      assert.equal(far.statusCode, 422);
      assert.ok(messageIds(far.body).includes('appointments.error.dateFar'));
      const old = await publish('assistant', { date: '1500-01-01', from: '09:00', to: '10:00' });
      assert.equal(old.statusCode, 422);
      assert.ok(messageIds(old.body).includes('appointments.error.past'));
    });

    test('summer and winter dates, and the night the clock moves', async () => {
      assert.equal((await publish('manager', { doctor: 'doctor2', date: '2027-07-06', from: '08:30', to: '09:00' })).statusCode, 303);
      assert.equal((await publish('manager', { doctor: 'doctor2', date: '2027-01-12', from: '08:30', to: '09:00' })).statusCode, 303);
      const starts = (await db().selectFrom('appointment_slots').select('starts_at').where('doctor_account_id', '=', person('doctor2').id).orderBy('starts_at').execute()).map((row) => row.starts_at.toISOString());
      assert.deepEqual(starts, ['2027-01-12T07:30:00.000Z', '2027-01-12T07:45:00.000Z', '2027-07-06T06:30:00.000Z', '2027-07-06T06:45:00.000Z']);
      const jump = await publish('manager', { doctor: 'doctor2', date: '2027-03-28', from: '01:00', to: '04:00' });
      assert.equal(jump.statusCode, 422);
      assert.ok(messageIds(jump.body).includes('appointments.error.clockChange'));
    });

    test('wrong input, overlap and the past: 422 with the fields named, what was typed stays, nothing stored', async () => {
      const before = (await db().selectFrom('appointment_slots').select('id').execute()).length;
      const wrong = await publish('assistant', { date: '2026-02-30', from: '8 uur', to: '11:30', length: '25' });
      assert.equal(wrong.statusCode, 422);
      const ids = messageIds(wrong.body);
      for (const id of ['appointments.error.date', 'appointments.error.time', 'appointments.error.length']) assert.ok(ids.includes(id), id);
      assert.match(wrong.body, /value="8 uur"/);
      const overlap = await publish('assistant', { date: '2026-11-30', from: '11:20', to: '12:00', length: '20' });
      assert.equal(overlap.statusCode, 422);
      assert.ok(messageIds(overlap.body).includes('appointments.error.overlap'));
      assert.match(overlap.body, /om 11:20 uur al een tijd/);
      const past = await publish('assistant', { date: '2026-11-26', from: '09:00', to: '10:00' });
      assert.equal(past.statusCode, 422);
      assert.ok(messageIds(past.body).includes('appointments.error.past'));
      const westDoctor = await publish('assistant', { doctor: 'westDoctor', date: '2026-12-01', from: '09:00', to: '10:00' });
      assert.equal(westDoctor.statusCode, 422, "another practice's doctor cannot be chosen");
      assert.ok(messageIds(westDoctor.body).includes('appointments.error.doctor'));
      assert.equal((await db().selectFrom('appointment_slots').select('id').execute()).length, before);
    });

    test('two staff members publishing overlapping times at once: one series is stored', async () => {
      const [first, second] = await Promise.all([
        publish('assistant', { date: '2026-12-02', from: '09:00', to: '10:00' }),
        publish('manager', { date: '2026-12-02', from: '09:30', to: '10:30', length: '10' }),
      ]);
      assert.deepEqual([first.statusCode, second.statusCode].sort(), [303, 422]);
      const { from, until } = { from: new Date('2026-12-02T00:00:00Z'), until: new Date('2026-12-03T00:00:00Z') };
      const rows = await db().selectFrom('appointment_slots').select(['starts_at', 'ends_at']).where('doctor_account_id', '=', person('doctor').id).where('starts_at', '>=', from).where('starts_at', '<', until).orderBy('starts_at').execute();
      assert.ok(rows.length === 4 || rows.length === 6, `one series, got ${rows.length}`);
      for (let i = 1; i < rows.length; i += 1) assert.ok(rows[i - 1]!.ends_at <= rows[i]!.starts_at, 'no overlap');
    });

    test('a patient sees free times, confirms one with a reason and sees the appointment; every read is audited', async () => {
      const choose = await client('piet').get('/afspraken/maken');
      assert.equal(choose.statusCode, 200);
      assert.match(choose.body, /maandag 30 november/);
      assert.match(choose.body, /aria-label="08:30 uur, maandag 30 november, bij Dokter Jansen"/);
      assert.ok(!choose.body.includes('2027'), 'only the next 14 days');
      const slot = await slotAt('2026-11-30T07:30:00Z');
      const confirm = await client('piet').get(`/afspraken/maken/bevestigen?tijd=${slot}`);
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /Waarvoor komt u\? \(niet verplicht\)/);
      assert.match(confirm.body, /maxlength="200"/);

      const tooLong = await client('piet').post('/afspraken/maken/bevestigen', { tijd: slot, reden: 'x'.repeat(201) });
      assert.equal(tooLong.statusCode, 422);
      assert.ok(messageIds(tooLong.body).includes('appointments.error.reasonLength'));
      assert.equal(await activeBookings(slot), 0);

      const booked = await book('piet', slot, '  Controle bloeddruk ');
      assert.equal(booked.statusCode, 303);
      assert.equal(booked.headers['location'], '/afspraken?melding=gemaakt');
      const list = await client('piet').follow(booked);
      assert.ok(messageIds(list.body).includes('appointments.notice.booked'));
      assert.match(list.body, /maandag 30 november om 08:30 uur/);
      assert.match(list.body, /Bij Dokter Jansen/);
      assert.match(list.body, /Controle bloeddruk/);
      assert.ok(messageIds(list.body).includes('appointments.cancelUntil'));
      const row = await db().selectFrom('appointments').select(['reason', 'patient_account_id', 'practice_id']).where('slot_id', '=', slot).executeTakeFirstOrThrow();
      assert.deepEqual(row, { reason: 'Controle bloeddruk', patient_account_id: person('piet').id, practice_id: oost });

      const trail = await db().selectFrom('audit_events').select(['action', 'subject_account_id', 'details']).where('actor_account_id', '=', person('piet').id).where('action', 'like', 'appointment.%').execute();
      const actions = new Set(trail.map((event) => event.action));
      for (const action of ['appointment.free_slots_viewed', 'appointment.slot_viewed', 'appointment.booked', 'appointment.list_viewed']) assert.ok(actions.has(action), action);
      assert.ok(trail.every((event) => event.subject_account_id === person('piet').id));
      assert.ok(!JSON.stringify(trail).includes('bloeddruk'), 'the reason stays out of the audit trail');

      const home = await client('piet').get('/start');
      assert.ok(messageIds(home.body).includes('appointments.status.next'));
      assert.match(home.body, /Uw volgende afspraak: maandag 30 november om 08:30 uur/);
    });

    test('a time beyond the 14-day booking window cannot be booked by its id; nothing is stored', async () => {
      // The window ends at midnight after 9 December (Amsterdam); 11 December is published but not bookable.
      assert.equal((await publish('assistant', { date: '2026-12-11', from: '09:00', to: '09:15' })).statusCode, 303);
      const far = await slotAt('2026-12-11T08:00:00Z');
      assert.ok(!(await client('anna').get('/afspraken/maken')).body.includes(far), 'not offered');
      const confirm = await client('anna').get(`/afspraken/maken/bevestigen?tijd=${far}`);
      assert.equal(confirm.statusCode, 409);
      assert.ok(messageIds(confirm.body).includes('appointments.error.unavailable'));
      const posted = await client('anna').post('/afspraken/maken/bevestigen', { tijd: far, reden: '' });
      assert.equal(posted.statusCode, 409);
      assert.ok(messageIds(posted.body).includes('appointments.error.unavailable'));
      assert.equal((await bookSlot(domainDeps(), patientActor('anna'), far, '')).status, 'unavailable', 'the rules module refuses it too');
      assert.equal((await db().selectFrom('appointments').select('id').where('slot_id', '=', far).execute()).length, 0);
      assert.equal(await auditCount('appointment.booked', 'anna'), 0);
      // Once the window reaches it, it can be booked.
      const later = new ManualClock('2026-11-28T09:00:00Z');
      assert.equal((await bookSlot(domainDeps(later), patientActor('anna'), far, '')).status, 'booked');
      const booked = await db().selectFrom('appointments').select('id').where('slot_id', '=', far).executeTakeFirstOrThrow();
      assert.equal((await cancelByPatient(domainDeps(later), patientActor('anna'), booked.id)).status, 'cancelled');
    });

    test('the day view shows the booking; the reason to the care team, not to the manager', async () => {
      const assistant = await client('assistant').get('/praktijk/afspraken?datum=2026-11-30');
      assert.match(assistant.body, /Piet Oost/);
      assert.match(assistant.body, /Controle bloeddruk/);
      assert.equal((assistant.body.match(/data-state="booked"/g) ?? []).length, 1);
      const manager = await client('manager').get('/praktijk/afspraken?datum=2026-11-30');
      assert.match(manager.body, /Piet Oost/);
      assert.ok(!manager.body.includes('Controle bloeddruk'));
    });

    test('the day view is in the trail of every patient it shows: one appointment.day_viewed per patient', async () => {
      const viewedBy = async (who: string) =>
        db().selectFrom('audit_events').select(['id', 'subject_account_id', 'practice_id', 'details']).where('action', '=', 'appointment.day_viewed').where('actor_account_id', '=', person(who).id).execute();
      // Anna books a second time that day, so two patients are shown.
      assert.equal((await book('anna', await slotAt('2026-11-30T08:45:00Z'))).statusCode, 303);
      for (const who of ['doctor', 'manager']) {
        const before = new Set((await viewedBy(who)).map((row) => row.id));
        const page = await client(who).get('/praktijk/afspraken?datum=2026-11-30');
        assert.ok(page.body.includes('Piet Oost') && page.body.includes('Anna Oost'));
        const rows = (await viewedBy(who)).filter((row) => !before.has(row.id));
        assert.deepEqual(
          rows.map((row) => [row.subject_account_id, row.details['date'], row.details['appointments'], row.practice_id]).sort(),
          [
            [person('piet').id, '2026-11-30', 1, oost],
            [person('anna').id, '2026-11-30', 1, oost],
          ].sort(),
          who,
        );
      }
      // A day without bookings: one row without a patient.
      const before = new Set((await viewedBy('doctor')).map((row) => row.id));
      await client('doctor').get('/praktijk/afspraken?datum=2026-12-25');
      const empty = (await viewedBy('doctor')).filter((row) => !before.has(row.id));
      assert.deepEqual(empty.map((row) => [row.subject_account_id, row.details['appointments']]), [[null, 0]]);
      // Give Anna's time back for the next tests.
      const appointment = await db().selectFrom('appointments').select('id').where('slot_id', '=', await slotAt('2026-11-30T08:45:00Z')).where('cancelled_at', 'is', null).executeTakeFirstOrThrow();
      assert.equal((await cancelByPatient(domainDeps(), patientActor('anna'), appointment.id)).status, 'cancelled');
    });

    test('two patients choose the same time at once: one gets it, the other is told to choose again', async () => {
      const slot = await slotAt('2026-11-30T07:45:00Z');
      await client('piet').get(`/afspraken/maken/bevestigen?tijd=${slot}`);
      await client('anna').get(`/afspraken/maken/bevestigen?tijd=${slot}`);
      const [piet, anna] = await Promise.all([
        client('piet').post('/afspraken/maken/bevestigen', { tijd: slot, reden: '' }),
        client('anna').post('/afspraken/maken/bevestigen', { tijd: slot, reden: '' }),
      ]);
      assert.deepEqual([piet.statusCode, anna.statusCode].sort(), [303, 409]);
      const loser = piet.statusCode === 409 ? piet : anna;
      assert.ok(messageIds(loser.body).includes('appointments.error.taken'));
      assert.match(loser.body, /Deze tijd is net gekozen door iemand anders\. Kies een andere tijd\./);
      assert.match(loser.body, /name="tijd"/, 'the list of free times is shown again');
      assert.equal(await activeBookings(slot), 1);
      // Give the slot back for the next tests.
      const winner = piet.statusCode === 303 ? 'piet' : 'anna';
      const appointment = await db().selectFrom('appointments').select('id').where('slot_id', '=', slot).where('cancelled_at', 'is', null).executeTakeFirstOrThrow();
      assert.equal((await cancelByPatient(domainDeps(), patientActor(winner), appointment.id)).status, 'cancelled');
    });

    test('many patients at once on one slot: exactly one booking row, all others "taken"', async () => {
      const slot = await slotAt('2026-11-30T08:00:00Z');
      const crowd = await db()
        .insertInto('accounts')
        .values(Array.from({ length: 12 }, (_, i) => ({ practice_id: oost, kind: 'patient' as const, role: null, username: `menigte-${i}`, display_name: `Patiënt ${i}`, email: `menigte-${i}@example.nl`, password_hash: null, status: 'active' as const })))
        .returning('id')
        .execute();
      const results = await Promise.all(crowd.map((row) => bookSlot(domainDeps(), { accountId: row.id, practiceId: oost, client: NO_CLIENT }, slot, '')));
      const statuses = results.map((result) => result.status);
      assert.equal(statuses.filter((status) => status === 'booked').length, 1, JSON.stringify(statuses));
      assert.equal(statuses.filter((status) => status === 'taken').length, crowd.length - 1, JSON.stringify(statuses));
      assert.equal((await db().selectFrom('appointments').select('id').where('slot_id', '=', slot).execute()).length, 1, 'one row, not one per try');
    });

    test('cancelling frees the slot for someone else', async () => {
      const slot = await slotAt('2026-11-30T08:15:00Z');
      assert.equal((await book('anna', slot)).statusCode, 303);
      const appointment = await db().selectFrom('appointments').select('id').where('slot_id', '=', slot).where('patient_account_id', '=', person('anna').id).executeTakeFirstOrThrow();
      assert.equal((await book('piet', slot)).statusCode, 409, 'taken while Anna has it');
      const page = await client('anna').get(`/afspraken/${appointment.id}/afzeggen`);
      assert.equal(page.statusCode, 200);
      const cancelled = await client('anna').post(`/afspraken/${appointment.id}/afzeggen`, {});
      assert.equal(cancelled.statusCode, 303);
      assert.equal(cancelled.headers['location'], '/afspraken?melding=afgezegd');
      assert.ok(messageIds((await client('anna').follow(cancelled)).body).includes('appointments.notice.cancelled'));
      const again = await client('anna').post(`/afspraken/${appointment.id}/afzeggen`, {});
      assert.equal(again.statusCode, 409);
      assert.ok(messageIds(again.body).includes('appointments.error.alreadyCancelled'));
      assert.equal((await book('piet', slot)).statusCode, 303, 'free again');
      assert.equal(await activeBookings(slot), 1);
      assert.equal(suite.portal.mailsTo(person('anna').email).filter((mail) => !/sessiecode/i.test(mail.subject)).length, 0, 'no mail for what the patient did herself');
    });

    test('at most 3 upcoming appointments online', async () => {
      // Piet holds 30 Nov 08:30 and 08:15; one more is allowed, then no more.
      assert.equal((await book('piet', await slotAt('2026-11-30T08:30:00Z'))).statusCode, 303);
      const choose = await client('piet').get('/afspraken/maken');
      assert.ok(messageIds(choose.body).includes('appointments.limit'));
      const fourth = await client('piet').post('/afspraken/maken/bevestigen', { tijd: await slotAt('2026-11-30T08:45:00Z'), reden: '' });
      assert.equal(fourth.statusCode, 422);
      assert.ok(messageIds(fourth.body).includes('appointments.limit'));
      assert.equal(await activeBookings(await slotAt('2026-11-30T08:45:00Z')), 0);
    });

    test('the cancellation window at its edge (injected clock)', async () => {
      // Anna books Monday 30 Nov 10:00 in Amsterdam (09:00 UTC); the window is 24 hours.
      const free = await slotAt('2026-11-30T09:00:00Z');
      const booking = await bookSlot(domainDeps(), patientActor('anna'), free, '');
      assert.equal(booking.status, 'booked');
      const appointmentId = booking.status === 'booked' ? booking.appointmentId : '';
      const late = new ManualClock('2026-11-29T09:00:01Z');
      assert.equal((await cancelByPatient(domainDeps(late), patientActor('anna'), appointmentId)).status, 'too_late', 'a second after the deadline');
      const edge = new ManualClock('2026-11-29T09:00:00Z');
      assert.equal((await cancelByPatient(domainDeps(edge), patientActor('anna'), appointmentId)).status, 'cancelled', 'at the deadline itself');
    });

    test('within the window the page says to call the practice, and a cancel is refused', async () => {
      assert.equal((await publish('assistant', { date: '2026-11-27', from: '08:30', to: '08:45' })).statusCode, 303);
      const slot = await slotAt('2026-11-27T07:30:00Z');
      assert.equal((await book('anna', slot)).statusCode, 303);
      const appointment = await db().selectFrom('appointments').select('id').where('slot_id', '=', slot).executeTakeFirstOrThrow();
      const list = await client('anna').get('/afspraken');
      assert.ok(messageIds(list.body).includes('appointments.callToCancel'));
      assert.match(list.body, /href="tel:0201112233"/);
      const refused = await client('anna').post(`/afspraken/${appointment.id}/afzeggen`, {});
      assert.equal(refused.statusCode, 422);
      assert.ok(messageIds(refused.body).includes('appointments.callToCancel'));
      assert.equal(await activeBookings(slot), 1);
    });

    test('staff cancel a booking: the patient gets a mail without content and sees it in the portal; two at once give one result', async () => {
      const slot = await slotAt('2026-11-27T07:30:00Z');
      const appointment = await db().selectFrom('appointments').select('id').where('slot_id', '=', slot).where('cancelled_at', 'is', null).executeTakeFirstOrThrow();
      const mailsBefore = suite.portal.mailsTo(person('anna').email).length;
      await client('assistant').get('/praktijk/afspraken?datum=2026-11-27');
      await client('doctor').get('/praktijk/afspraken?datum=2026-11-27');
      const [a, b] = await Promise.all([
        client('assistant').post(`/praktijk/afspraken/${appointment.id}/afzeggen`, {}),
        client('doctor').post(`/praktijk/afspraken/${appointment.id}/afzeggen`, {}),
      ]);
      const locations = [a.headers['location'], b.headers['location']].sort();
      assert.deepEqual(locations, ['/praktijk/afspraken?datum=2026-11-27&melding=afgezegd', '/praktijk/afspraken?datum=2026-11-27&melding=al-afgezegd']);
      const shown = await client('doctor').get(String(b.headers['location']));
      assert.ok(messageIds(shown.body).some((id) => id === 'appointments.console.notice.cancelled' || id === 'appointments.console.notice.alreadyByStaff'));
      assert.equal(await activeBookings(slot), 0, 'the slot is free again');

      const mail = await suite.portal.nextMail(person('anna').email, { after: mailsBefore });
      await mailSettled(suite.portal);
      assert.equal(suite.portal.mailsTo(person('anna').email).length, mailsBefore + 1, 'exactly one mail');
      assert.match(mail.subject, /nieuws/);
      for (const secret of ['Jansen', '08:30', '27 november', 'afspraak', 'Afspraak', 'afgezegd']) {
        assert.ok(!mail.text.includes(secret) && !mail.subject.includes(secret), `the mail does not say "${secret}"`);
      }
      const cancelled = await db().selectFrom('audit_events').select(['subject_account_id', 'details']).where('action', '=', 'appointment.cancelled').where('actor_account_id', 'in', [person('assistant').id, person('doctor').id]).execute();
      assert.equal(cancelled.length, 1);
      assert.equal(cancelled[0]!.subject_account_id, person('anna').id);

      const list = await client('anna').get('/afspraken');
      assert.ok(messageIds(list.body).includes('appointments.cancelledByPractice'));
      const home = await client('anna').get('/start');
      assert.ok(messageIds(home.body).includes('appointments.status.cancelledByPractice'));
    });

    test('withdrawing: a free time disappears for patients; a booked one is not withdrawn', async () => {
      const free = await slotAt('2026-11-30T09:15:00Z');
      await client('assistant').get('/praktijk/afspraken?datum=2026-11-30');
      const withdrawn = await client('assistant').post(`/praktijk/afspraken/tijden/${free}/intrekken`, {});
      assert.equal(withdrawn.headers['location'], '/praktijk/afspraken?datum=2026-11-30&melding=ingetrokken');
      const again = await client('assistant').post(`/praktijk/afspraken/tijden/${free}/intrekken`, {});
      assert.equal(again.headers['location'], '/praktijk/afspraken?datum=2026-11-30&melding=al-ingetrokken');
      const choose = await client('wim').get('/afspraken/maken');
      assert.ok(!choose.body.includes(free));
      const confirm = await client('anna').get(`/afspraken/maken/bevestigen?tijd=${free}`);
      assert.equal(confirm.statusCode, 409);
      assert.ok(messageIds(confirm.body).includes('appointments.error.unavailable'));
      assert.equal((await client('anna').post('/afspraken/maken/bevestigen', { tijd: free, reden: '' })).statusCode, 409);

      const booked = await slotAt('2026-11-30T07:30:00Z');
      const refused = await client('assistant').post(`/praktijk/afspraken/tijden/${booked}/intrekken`, {});
      assert.equal(refused.headers['location'], '/praktijk/afspraken?datum=2026-11-30&melding=geboekt');
      const slot = await db().selectFrom('appointment_slots').select('withdrawn_at').where('id', '=', booked).executeTakeFirstOrThrow();
      assert.equal(slot.withdrawn_at, null);
      assert.equal(await auditCount('appointment.slot_withdrawn'), 1);
    });

    test('booking and withdrawing the same time at once: never both', async () => {
      for (const iso of ['2026-11-30T09:30:00Z', '2026-11-30T09:45:00Z', '2026-11-30T10:00:00Z']) {
        const slot = await slotAt(iso);
        const [booking, withdrawal] = await Promise.all([
          bookSlot(domainDeps(), patientActor('anna'), slot, ''),
          withdrawSlot(domainDeps(), { accountId: person('assistant').id, practiceId: oost, client: NO_CLIENT }, slot),
        ]);
        const row = await db().selectFrom('appointment_slots').select('withdrawn_at').where('id', '=', slot).executeTakeFirstOrThrow();
        const bookings = await activeBookings(slot);
        if (booking.status === 'booked') {
          assert.equal(withdrawal.status, 'booked');
          assert.equal(row.withdrawn_at, null);
          assert.equal(bookings, 1);
        } else {
          assert.equal(booking.status, 'unavailable');
          assert.equal(withdrawal.status, 'withdrawn');
          assert.equal(bookings, 0);
        }
      }
    });

    // Only on PostgreSQL: PGlite has one connection, so no second session can hold a lock.
    if (kind === 'postgres') test('the account locks of publishing and booking do not wait for inserts that refer to the account (no deadlock)', async () => {
      // Dokter Jansen writes an audit row (or is `created_by` of a slot) while times are published
      // for him: FOR UPDATE on his row waited for that; FOR NO KEY UPDATE does not.
      const assistant: Actor = { accountId: person('assistant').id, practiceId: oost, client: NO_CLIENT };
      const form = { doctorAccountId: person('doctor').id, date: '2026-12-07', from: '09:00', to: '09:30', length: '15' };
      let published: Awaited<ReturnType<typeof publishSeries>> | undefined;
      assert.ok(await finishesBesideKeyShare(db(), person('doctor').id, async () => (published = await publishSeries(domainDeps(), assistant, form))), 'publishing waited for a key-share lock on the doctor');
      assert.deepEqual(published, { ok: true, count: 2, date: '2026-12-07' });
      // A patient books while a mail or audit row about them is being written.
      const [patient] = await db()
        .insertInto('accounts')
        .values({ practice_id: oost, kind: 'patient', role: null, username: 'slot-patient', display_name: 'Patiënt Slot', email: 'slot-patient@example.nl', password_hash: null, status: 'active' })
        .returning('id')
        .execute();
      const slot = await slotAt('2026-12-07T08:00:00Z');
      let booked: Awaited<ReturnType<typeof bookSlot>> | undefined;
      const actor: Actor = { accountId: patient!.id, practiceId: oost, client: NO_CLIENT };
      assert.ok(await finishesBesideKeyShare(db(), patient!.id, async () => (booked = await bookSlot(domainDeps(), actor, slot, ''))), 'booking waited for a key-share lock on the patient');
      assert.equal(booked?.status, 'booked');
    });

    test("another practice's staff and another patient get 404 on every route, and nothing changes", async () => {
      const freeSlot = await slotAt('2026-11-30T10:15:00Z');
      const pietsAppointment = await db()
        .selectFrom('appointments as a')
        .innerJoin('appointment_slots as s', 's.id', 'a.slot_id')
        .select(['a.id', 'a.slot_id'])
        .where('a.patient_account_id', '=', person('piet').id)
        .where('a.cancelled_at', 'is', null)
        .orderBy('s.starts_at')
        .executeTakeFirstOrThrow();
      const snapshot = async () => ({
        slots: await db().selectFrom('appointment_slots').select(['id', 'withdrawn_at']).orderBy('id').execute(),
        appointments: await db().selectFrom('appointments').select(['id', 'cancelled_at']).orderBy('id').execute(),
        outbox: (await db().selectFrom('outbox').select('id').execute()).length,
      });
      const before = await snapshot();
      const missesBefore = new Set((await db().selectFrom('audit_events').select('id').where('action', '=', 'appointment.not_found').execute()).map((row) => row.id));

      const westStaff = client('westAssistant');
      const day = await westStaff.get('/praktijk/afspraken?datum=2026-11-30');
      assert.equal(day.statusCode, 200);
      assert.ok(!day.body.includes('Piet Oost') && !day.body.includes('Dokter Jansen'), 'the day view shows only their own practice');
      assert.equal((await westStaff.post(`/praktijk/afspraken/tijden/${freeSlot}/intrekken`, {})).statusCode, 404);
      await westStaff.get('/praktijk/afspraken');
      assert.equal((await westStaff.post(`/praktijk/afspraken/${pietsAppointment.id}/afzeggen`, {})).statusCode, 404);
      await westStaff.get('/praktijk/afspraken');
      const publish = await westStaff.post('/praktijk/afspraken/tijden', { arts: person('doctor').id, datum: '2026-12-03', van: '09:00', tot: '10:00', lengte: '15' });
      assert.equal(publish.statusCode, 422, "another practice's doctor is refused");

      const wim = client('wim');
      await wim.get('/afspraken');
      assert.equal((await wim.get(`/afspraken/maken/bevestigen?tijd=${freeSlot}`)).statusCode, 404);
      await wim.get('/afspraken');
      assert.equal((await wim.post('/afspraken/maken/bevestigen', { tijd: freeSlot, reden: '' })).statusCode, 404);
      assert.equal((await bookSlot(domainDeps(), patientActor('wim', west), freeSlot, '')).status, 'not_found', 'the rules module scopes by practice too');
      const wimChoose = await wim.get('/afspraken/maken');
      assert.ok(!wimChoose.body.includes('Dokter Jansen'));
      for (const patient of ['wim', 'anna']) {
        const c = client(patient);
        await c.get('/afspraken');
        assert.equal((await c.get(`/afspraken/${pietsAppointment.id}/afzeggen`)).statusCode, 404, `${patient} GET`);
        await c.get('/afspraken');
        assert.equal((await c.post(`/afspraken/${pietsAppointment.id}/afzeggen`, {})).statusCode, 404, `${patient} POST`);
        assert.ok(!(await c.get('/afspraken')).body.includes(pietsAppointment.id));
      }
      assert.equal((await client('anna').get('/afspraken/niet-een-id/afzeggen')).statusCode, 404);
      await client('assistant').get('/praktijk/afspraken');
      assert.equal((await client('assistant').post('/praktijk/afspraken/niet-een-id/afzeggen', {})).statusCode, 404);
      assert.deepEqual(await snapshot(), before);

      // Every miss left a trace: who looked for which id and what they tried.
      const misses = (await db().selectFrom('audit_events').select(['id', 'actor_account_id', 'subject_account_id', 'practice_id', 'outcome', 'details']).where('action', '=', 'appointment.not_found').execute()).filter((row) => !missesBefore.has(row.id));
      const who = (id: string | null) => [...people].find(([, p]) => p.id === id)?.[0] ?? id;
      const practice = (id: string | null) => (id === oost ? 'oost' : id === west ? 'west' : id);
      assert.deepEqual(misses.map((row) => [who(row.actor_account_id), row.details['attempt'], row.details['slotId'] ?? row.details['appointmentId'], practice(row.practice_id), row.outcome, row.subject_account_id]).sort(), [
        ['anna', 'cancel', pietsAppointment.id, 'oost', 'failure', null],
        ['anna', 'view', 'malformed', 'oost', 'failure', null],
        ['anna', 'view', pietsAppointment.id, 'oost', 'failure', null],
        ['assistant', 'cancel', 'malformed', 'oost', 'failure', null],
        ['westAssistant', 'cancel', pietsAppointment.id, 'west', 'failure', null],
        ['westAssistant', 'withdraw', freeSlot, 'west', 'failure', null],
        ['wim', 'book', freeSlot, 'west', 'failure', null],
        ['wim', 'book', freeSlot, 'west', 'failure', null],
        ['wim', 'cancel', pietsAppointment.id, 'west', 'failure', null],
        ['wim', 'view', freeSlot, 'west', 'failure', null],
        ['wim', 'view', pietsAppointment.id, 'west', 'failure', null],
      ].sort());
    });

    test('?melding= names only a notice of the page: constructor, __proto__ and the like show no empty notice box', async () => {
      const boxes = (body: string) => (body.match(/class="message /g) ?? []).length;
      for (const [who, path] of [['piet', '/afspraken'], ['assistant', '/praktijk/afspraken'], ['manager', '/praktijk/afspraken?datum=2026-11-30']] as const) {
        const plain = await client(who).get(path);
        assert.equal(plain.statusCode, 200);
        for (const melding of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
          const page = await client(who).get(`${path}${path.includes('?') ? '&' : '?'}melding=${melding}`);
          assert.equal(page.statusCode, 200, `${path} ${melding}`);
          assert.equal(boxes(page.body), boxes(plain.body), `${path} ${melding}: no notice box`);
        }
      }
      const known = await client('piet').get('/afspraken?melding=gemaakt');
      assert.ok(messageIds(known.body).includes('appointments.notice.booked'), 'a real notice still shows');
    });

    test('the service switched off: the practice and the patient keep what is booked; choosing and booking answer 404', async () => {
      // Two new times for Anna, first clearing what she had booked (the limit of upcoming appointments).
      for (const row of await db().selectFrom('appointments').select('id').where('patient_account_id', '=', person('anna').id).where('cancelled_at', 'is', null).execute()) {
        await cancelByPatient(domainDeps(), patientActor('anna'), row.id);
      }
      assert.equal((await publish('assistant', { date: '2026-12-03', from: '09:00', to: '09:30' })).statusCode, 303);
      const [mine, staffCancels] = [await slotAt('2026-12-03T08:00:00Z'), await slotAt('2026-12-03T08:15:00Z')];
      const booked = await bookSlot(domainDeps(), patientActor('anna'), mine, '');
      const alsoBooked = await bookSlot(domainDeps(), patientActor('anna'), staffCancels, '');
      assert.ok(booked.status === 'booked' && alsoBooked.status === 'booked', `${booked.status} ${alsoBooked.status}`);
      const free = await slotAt('2026-11-30T10:15:00Z');
      assert.equal(await activeBookings(free), 0);
      await db().updateTable('practices').set({ appointments_enabled: false }).where('id', '=', oost).execute();
      try {
        // The practice: the day's page answers, it cancels an appointment and publishes times.
        const day = await client('assistant').get('/praktijk/afspraken?datum=2026-12-03');
        assert.equal(day.statusCode, 200);
        assert.equal((await client('assistant').post(`/praktijk/afspraken/${alsoBooked.appointmentId}/afzeggen`, {})).statusCode, 303);
        assert.equal(await activeBookings(staffCancels), 0);
        assert.equal((await publish('assistant', { date: '2026-12-04', from: '09:00', to: '09:15' })).statusCode, 303);

        // The patient: the list answers with the appointment and the line to call, not the way to make one.
        const list = await client('anna').get('/afspraken');
        assert.equal(list.statusCode, 200);
        assert.equal(messageIds(list.body).filter((id) => id === 'service.off').length, 1, 'the line to call, once');
        assert.ok(list.body.includes(`action="/afspraken/${booked.appointmentId}/afzeggen"`), 'the appointment can be cancelled');
        assert.ok(!list.body.includes('href="/afspraken/maken"'), 'no way to make a new one');
        const token = client('anna').csrfToken();

        // Choosing a time and the confirm step answer 404, and booking stores nothing.
        for (const url of ['/afspraken/maken', `/afspraken/maken/bevestigen?tijd=${free}`]) {
          const response = await client('anna').get(url);
          assert.equal(response.statusCode, 404, url);
          assert.ok(messageIds(response.body).includes('service.off'));
          assert.ok(!response.body.includes(`value="${free}"`), `${url}: no free time shown`);
        }
        const refused = await client('anna').post('/afspraken/maken/bevestigen', { tijd: free, reden: '' }, { csrf: token });
        assert.equal(refused.statusCode, 404);
        assert.ok(messageIds(refused.body).includes('service.off'));
        assert.equal(await activeBookings(free), 0);

        // Cancelling what is booked still works: it frees a time, it makes nothing new.
        assert.equal((await client('anna').get(`/afspraken/${booked.appointmentId}/afzeggen`)).statusCode, 200);
        const cancelled = await client('anna').post(`/afspraken/${booked.appointmentId}/afzeggen`, {});
        assert.equal(cancelled.statusCode, 303);
        assert.equal(cancelled.headers['location'], '/afspraken?melding=afgezegd');
        assert.equal(await activeBookings(mine), 0);
        const home = await client('anna').get('/start');
        assert.ok(home.body.includes('data-service="appointments"'), 'listed while something waits for the patient');
        assert.ok(messageIds(home.body).some((id) => id.startsWith('appointments.status.')), 'with what waits');
      } finally {
        await db().updateTable('practices').set({ appointments_enabled: true }).where('id', '=', oost).execute();
      }
      const on = await client('anna').get('/afspraken');
      assert.ok(!messageIds(on.body).includes('service.off'));
      assert.ok(on.body.includes('href="/afspraken/maken"'), 'switched on again: the way to make one is back');
    });

    test('demo data: free times on the next 5 working days, 08:30 to 11:30 Amsterdam time', async () => {
      const made = await seedDemoAppointments(db(), { practiceId: oost, doctorAccountId: person('doctor2').id, staffAccountId: person('assistant').id }, clock.now());
      assert.equal(made, 5 * 12);
      const rows = await db().selectFrom('appointment_slots').select('starts_at').where('doctor_account_id', '=', person('doctor2').id).where('starts_at', '<', new Date('2027-01-01T00:00:00Z')).orderBy('starts_at').execute();
      assert.equal(rows.length, 60);
      const days = [...new Set(rows.map((row) => row.starts_at.toISOString().slice(0, 10)))];
      assert.deepEqual(days, ['2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03'], 'Friday, then Monday to Thursday; no weekend');
      assert.equal(rows[0]!.starts_at.toISOString(), '2026-11-27T07:30:00.000Z');
      const day = await client('manager').get('/praktijk/afspraken?datum=2026-11-27');
      assert.match(day.body, /Tijden van Dokter De Boer/);
      assert.equal((day.body.match(/data-state="free"/g) ?? []).length, 12 + 1, "De Boer's 12 and the 08:30 of Jansen that was cancelled");
    });
  });
}
