import { sql, type Kysely } from 'kysely';

// Appointments: the practice publishes free times (slots) per doctor; a patient books one.
//
// Two patients can never hold the same slot: the partial unique index on appointments(slot_id)
// admits one booking that is not cancelled, whatever the application does (a cancelled booking
// frees the slot again). One doctor's slots must not overlap: an exclusion constraint would need
// the btree_gist extension, which the embedded database only has when it is loaded at start and
// a managed PostgreSQL may refuse; so the rule checks overlap while holding a lock on the
// doctor's account row, and the unique index below at least refuses two slots with one start.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE appointment_slots (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      practice_id uuid NOT NULL REFERENCES practices(id),
      doctor_account_id uuid NOT NULL REFERENCES accounts(id),
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      created_by uuid NOT NULL REFERENCES accounts(id),
      created_at timestamptz NOT NULL,
      withdrawn_at timestamptz,
      withdrawn_by uuid REFERENCES accounts(id),
      CHECK (ends_at > starts_at),
      CHECK (ends_at - starts_at <= interval '2 hours'),
      CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX appointment_slots_doctor_start_idx ON appointment_slots (doctor_account_id, starts_at) WHERE withdrawn_at IS NULL`.execute(db);
  await sql`CREATE INDEX appointment_slots_practice_start_idx ON appointment_slots (practice_id, starts_at)`.execute(db);

  await sql`
    CREATE TABLE appointments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      practice_id uuid NOT NULL REFERENCES practices(id),
      slot_id uuid NOT NULL REFERENCES appointment_slots(id),
      patient_account_id uuid NOT NULL REFERENCES accounts(id),
      reason text CHECK (length(reason) BETWEEN 1 AND 200),
      booked_at timestamptz NOT NULL,
      cancelled_at timestamptz,
      cancelled_by_account_id uuid REFERENCES accounts(id),
      cancelled_by_kind text CHECK (cancelled_by_kind IN ('patient', 'staff')),
      CHECK ((cancelled_at IS NULL) = (cancelled_by_kind IS NULL)),
      CHECK ((cancelled_at IS NULL) = (cancelled_by_account_id IS NULL))
    )`.execute(db);
  // The rule of the issue, in the database: one live booking per slot.
  await sql`CREATE UNIQUE INDEX appointments_one_per_slot_idx ON appointments (slot_id) WHERE cancelled_at IS NULL`.execute(db);
  await sql`CREATE INDEX appointments_patient_idx ON appointments (patient_account_id, booked_at DESC)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('not reversible');
}
