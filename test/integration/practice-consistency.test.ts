/**
 * Defence in depth (migration 0011): the database itself refuses a row of an online service that
 * points across practices or patients, with a foreign-key violation, whatever the code does.
 * Rows are written directly with Kysely, past the services' own checks; the consistent row passes.
 * Also: the migration upgrades a database that already holds (consistent) service rows.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import pg from 'pg';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';
import { migrateToLatest, migrator, openPGlite, openPostgres, type DatabaseHandle, type DatabaseKind, type Db } from '../../src/storage/database.ts';

const NOW = new Date('2026-11-26T10:50:00Z');
const LATER = new Date('2026-11-27T09:00:00Z');

/** Rejects with SQLSTATE 23503 (foreign_key_violation) and nothing is stored. */
async function refusedByForeignKey(work: Promise<unknown>, constraint: string): Promise<void> {
  await assert.rejects(work, (error: unknown) => {
    const { code, message } = error as { code?: string; message?: string };
    assert.equal(code, '23503', `expected a foreign-key violation, got ${code ?? '?'}: ${message ?? String(error)}`);
    assert.match(message ?? '', new RegExp(constraint), 'the violated constraint is named');
    return true;
  });
}

interface World {
  readonly west: string;
  readonly east: string;
  /** Patients of west (jan, piet) and of east (eva). */
  readonly jan: string;
  readonly piet: string;
  readonly eva: string;
  /** Doctors of west and east. */
  readonly westDoctor: string;
  readonly eastDoctor: string;
}

async function seedWorld(db: Db): Promise<World> {
  const practice = async (slug: string): Promise<string> =>
    (await db.insertInto('practices').values({ slug, name: `Praktijk ${slug}`, email: null, phone: null }).returning('id').executeTakeFirstOrThrow()).id;
  const west = await practice('west');
  const east = await practice('oost');
  const account = async (practiceId: string, username: string, role: 'doctor' | null): Promise<string> =>
    (
      await db
        .insertInto('accounts')
        .values({
          practice_id: practiceId,
          kind: role === null ? 'patient' : 'staff',
          role,
          username,
          display_name: username,
          email: `${username}@example.nl`,
          password_hash: null,
          status: 'active',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  return {
    west,
    east,
    jan: await account(west, 'jan', null),
    piet: await account(west, 'piet', null),
    eva: await account(east, 'eva', null),
    westDoctor: await account(west, 'dokter-west', 'doctor'),
    eastDoctor: await account(east, 'dokter-oost', 'doctor'),
  };
}

function slot(db: Db, practiceId: string, doctorId: string, startsAt: Date = LATER): Promise<{ id: string }> {
  return db
    .insertInto('appointment_slots')
    .values({ practice_id: practiceId, doctor_account_id: doctorId, starts_at: startsAt, ends_at: new Date(startsAt.getTime() + 10 * 60_000), created_by: doctorId, created_at: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
}

function appointment(db: Db, practiceId: string, slotId: string, patientId: string): Promise<{ id: string }> {
  return db.insertInto('appointments').values({ practice_id: practiceId, slot_id: slotId, patient_account_id: patientId, reason: null, booked_at: NOW }).returning('id').executeTakeFirstOrThrow();
}

function medication(db: Db, practiceId: string, patientId: string, createdBy: string): Promise<{ id: string }> {
  return db.insertInto('repeat_medications').values({ practice_id: practiceId, patient_account_id: patientId, name: 'Omeprazol 20mg', created_by: createdBy, created_at: NOW }).returning('id').executeTakeFirstOrThrow();
}

function request(db: Db, practiceId: string, patientId: string): Promise<{ id: string }> {
  return db
    .insertInto('prescription_requests')
    .values({ practice_id: practiceId, patient_account_id: patientId, status: 'requested', pharmacy: 'Apotheek', remark: null, created_at: NOW, updated_at: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
}

function thread(db: Db, practiceId: string, patientId: string): Promise<{ id: string }> {
  return db
    .insertInto('consult_threads')
    .values({
      practice_id: practiceId,
      patient_account_id: patientId,
      subject: 'Vraag',
      status: 'waiting_for_practice',
      created_at: NOW,
      updated_at: NOW,
      last_message_at: NOW,
      waiting_since: NOW,
      message_count: 1,
      patient_read_at: null,
      closed_at: null,
      closed_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

for (const kind of databaseKinds()) {
  describe(`practice and patient consistency in the database (${kind})`, () => {
    let database: TestDatabase;
    let db: Db;
    let world: World;
    before(async () => {
      database = await openTestDatabase(kind);
      db = database.db;
      world = await seedWorld(db);
    });
    after(async () => {
      await database.close();
    });

    test("appointments: a slot's doctor is of the slot's practice", async () => {
      await refusedByForeignKey(slot(db, world.west, world.eastDoctor), 'appointment_slots_doctor_practice_fkey');
      assert.ok((await slot(db, world.west, world.westDoctor)).id);
    });

    test("appointments: a booking lies in its slot's practice and its patient is of that practice", async () => {
      const westSlot = await slot(db, world.west, world.westDoctor, new Date('2026-11-27T10:00:00Z'));
      // Another practice's patient, said to be of that other practice, on this practice's slot.
      await refusedByForeignKey(appointment(db, world.east, westSlot.id, world.eva), 'appointments_slot_practice_fkey');
      // Another practice's patient, said to be of this practice.
      await refusedByForeignKey(appointment(db, world.west, westSlot.id, world.eva), 'appointments_patient_practice_fkey');
      assert.equal((await db.selectFrom('appointments').select('id').where('slot_id', '=', westSlot.id).execute()).length, 0);
      assert.ok((await appointment(db, world.west, westSlot.id, world.jan)).id);
    });

    test("prescriptions: a repeat medication line and a request belong to a patient of their own practice", async () => {
      await refusedByForeignKey(medication(db, world.west, world.eva, world.westDoctor), 'repeat_medications_patient_practice_fkey');
      await refusedByForeignKey(request(db, world.west, world.eva), 'prescription_requests_patient_practice_fkey');
      assert.ok((await medication(db, world.west, world.jan, world.westDoctor)).id);
      assert.ok((await request(db, world.west, world.jan)).id);
    });

    test("prescriptions: a request item names only its own patient's medication, in its request's practice", async () => {
      const jansLine = await medication(db, world.west, world.jan, world.westDoctor);
      const pietsLine = await medication(db, world.west, world.piet, world.westDoctor);
      const evasLine = await medication(db, world.east, world.eva, world.eastDoctor);
      const jansRequest = await request(db, world.west, world.jan);
      const item = (position: number, medicationId: string | null, extra: { practice_id?: string; patient_account_id?: string } = {}) =>
        db
          .insertInto('prescription_request_items')
          .values({ request_id: jansRequest.id, position, practice_id: extra.practice_id ?? world.west, patient_account_id: extra.patient_account_id ?? world.jan, medication_id: medicationId, name: 'Omeprazol 20mg' })
          .execute();

      // Another patient's line of the same practice; another practice's line; the item carries
      // the request's patient.
      await refusedByForeignKey(item(1, pietsLine.id), 'prescription_request_items_medication_patient_fkey');
      await refusedByForeignKey(item(1, evasLine.id), 'prescription_request_items_medication_patient_fkey');
      // Naming the other patient outright: the request is not theirs.
      await refusedByForeignKey(item(1, pietsLine.id, { patient_account_id: world.piet }), 'prescription_request_items_request_patient_fkey');
      // The item said to lie in another practice than its request.
      await refusedByForeignKey(item(1, jansLine.id, { practice_id: world.east }), 'prescription_request_items_request_practice_fkey');
      assert.equal((await db.selectFrom('prescription_request_items').select('position').where('request_id', '=', jansRequest.id).execute()).length, 0);

      await item(1, jansLine.id, { patient_account_id: world.jan });
      await item(2, null); // a typed name: no medication to check
      const stored = await db.selectFrom('prescription_request_items').select(['position', 'patient_account_id']).where('request_id', '=', jansRequest.id).orderBy('position').execute();
      assert.deepEqual(stored, [
        { position: 1, patient_account_id: world.jan },
        { position: 2, patient_account_id: world.jan },
      ]);
    });

    test('consults: a thread belongs to a patient of its own practice (and a message to its thread\'s practice, since 0009)', async () => {
      await refusedByForeignKey(thread(db, world.west, world.eva), 'consult_threads_patient_practice_fkey');
      const jansThread = await thread(db, world.west, world.jan);
      const message = (practiceId: string) =>
        db.insertInto('consult_messages').values({ thread_id: jansThread.id, practice_id: practiceId, seq: 1, author_account_id: world.jan, author_kind: 'patient', author_role: null, body: 'Tekst', created_at: NOW }).execute();
      await refusedByForeignKey(message(world.east), 'consult_messages_thread_id_practice_id_fkey');
      await message(world.west);
    });
  });

  describe(`migration 0011 on a database that already holds service rows (${kind})`, () => {
    let handle: DatabaseHandle | undefined;
    let dropDatabase = async (): Promise<void> => undefined;
    after(async () => {
      await handle?.close();
      await dropDatabase();
    });

    test('the rows are kept, the items get their patient, and the new rules hold', async () => {
      handle = await emptyDatabase(kind, (drop) => (dropDatabase = drop));
      const db = handle.db;
      const before = await migrator(db).migrateTo('0010_appointments');
      assert.equal(before.error, undefined);
      const world = await seedWorld(db);
      const westSlot = await slot(db, world.west, world.westDoctor);
      await appointment(db, world.west, westSlot.id, world.jan);
      const jansLine = await medication(db, world.west, world.jan, world.westDoctor);
      const jansRequest = await request(db, world.west, world.jan);
      // As the code before 0011 wrote them: without the patient.
      // (Plain SQL: the row types in schema.ts are those after 0011.)
      await sql`
        INSERT INTO prescription_request_items (request_id, position, practice_id, medication_id, name)
        VALUES (${jansRequest.id}, 1, ${world.west}, ${jansLine.id}, 'Omeprazol 20mg'), (${jansRequest.id}, 2, ${world.west}, NULL, 'Paracetamol')`.execute(db);
      await thread(db, world.west, world.jan);

      assert.deepEqual(await migrateToLatest(db), ['0011_practice_consistency']);
      const items = await db.selectFrom('prescription_request_items').select(['position', 'patient_account_id']).orderBy('position').execute();
      assert.deepEqual(items, [
        { position: 1, patient_account_id: world.jan },
        { position: 2, patient_account_id: world.jan },
      ]);
      await refusedByForeignKey(thread(db, world.west, world.eva), 'consult_threads_patient_practice_fkey');
    });
  });
}

/** A database with no tables yet, to migrate step by step. */
async function emptyDatabase(kind: DatabaseKind, onDrop: (drop: () => Promise<void>) => void): Promise<DatabaseHandle> {
  if (kind === 'pglite') return openPGlite(undefined);
  const adminUrl = process.env['TEST_DATABASE_URL']!;
  const name = `pp_upgrade_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  onDrop(async () => {
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return openPostgres(url.toString(), { maxConnections: 1 });
}
