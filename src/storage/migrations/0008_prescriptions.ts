import { sql, type Kysely } from 'kysely';

// Repeat prescriptions. The practice keeps a patient's repeat medication (a line per medicine);
// the patient asks for a repeat of some of it (or types the names when the practice keeps none);
// the care team handles the request: requested → in_progress → ready | rejected, or straight from
// requested to ready | rejected. The database refuses what the rules refuse: unknown statuses,
// texts over their limit, a rejection without a reason, a handled request without a handler.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE repeat_medications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      practice_id uuid NOT NULL REFERENCES practices(id),
      patient_account_id uuid NOT NULL REFERENCES accounts(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      created_by uuid NOT NULL REFERENCES accounts(id),
      created_at timestamptz NOT NULL,
      -- A line is never deleted (a request may name it); it ends.
      ended_at timestamptz,
      ended_by uuid REFERENCES accounts(id),
      CHECK ((ended_at IS NULL) = (ended_by IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX repeat_medications_patient_idx ON repeat_medications (practice_id, patient_account_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE prescription_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      practice_id uuid NOT NULL REFERENCES practices(id),
      patient_account_id uuid NOT NULL REFERENCES accounts(id),
      status text NOT NULL CHECK (status IN ('requested', 'in_progress', 'ready', 'rejected')),
      pharmacy text NOT NULL CHECK (length(pharmacy) BETWEEN 1 AND 200),
      remark text CHECK (length(remark) BETWEEN 1 AND 500),
      rejection_reason text CHECK (length(rejection_reason) BETWEEN 1 AND 500),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      -- When it became ready or rejected (both final).
      closed_at timestamptz,
      handled_by_account_id uuid REFERENCES accounts(id),
      CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL)),
      CHECK ((status IN ('ready', 'rejected')) = (closed_at IS NOT NULL)),
      CHECK ((status = 'requested') = (handled_by_account_id IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX prescription_requests_patient_idx ON prescription_requests (practice_id, patient_account_id, created_at DESC)`.execute(db);
  await sql`CREATE INDEX prescription_requests_queue_idx ON prescription_requests (practice_id, status, created_at)`.execute(db);

  // What was asked for, as it was named then: a line the practice ends later keeps its name here.
  await sql`
    CREATE TABLE prescription_request_items (
      request_id uuid NOT NULL REFERENCES prescription_requests(id),
      position smallint NOT NULL CHECK (position BETWEEN 1 AND 10),
      practice_id uuid NOT NULL REFERENCES practices(id),
      medication_id uuid REFERENCES repeat_medications(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      PRIMARY KEY (request_id, position)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX prescription_request_items_once_idx ON prescription_request_items (request_id, medication_id) WHERE medication_id IS NOT NULL`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('not reversible');
}
