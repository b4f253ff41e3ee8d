import { sql, type Kysely } from 'kysely';

// E-consult: a patient's written question to the practice and the conversation that follows.
//
// A thread keeps counters so every rule is one row lock away: the messages are numbered per
// thread (`seq`, unique), `message_count` is the highest number, `last_staff_seq` the number of
// the newest answer and `patient_read_seq` how far the patient has read. "Nieuw antwoord" is then
// `last_staff_seq > patient_read_seq`, without comparing timestamps that may be equal.
//
// `waiting_since` is set exactly while the thread waits for the practice (CHECK), so the queue
// sorts on it and says "wacht sinds". Messages are append-only (trigger), like the audit trail:
// what was written to or by the care team is never changed afterwards.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE consult_threads (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      practice_id uuid NOT NULL REFERENCES practices(id),
      patient_account_id uuid NOT NULL REFERENCES accounts(id),
      subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 100),
      status text NOT NULL CHECK (status IN ('waiting_for_practice', 'answered', 'closed')),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      last_message_at timestamptz NOT NULL,
      waiting_since timestamptz,
      message_count integer NOT NULL CHECK (message_count >= 1),
      last_staff_seq integer NOT NULL DEFAULT 0 CHECK (last_staff_seq BETWEEN 0 AND message_count),
      patient_read_seq integer NOT NULL DEFAULT 0 CHECK (patient_read_seq BETWEEN 0 AND message_count),
      patient_read_at timestamptz,
      closed_at timestamptz,
      closed_by uuid REFERENCES accounts(id),
      UNIQUE (id, practice_id),
      CHECK ((status = 'waiting_for_practice') = (waiting_since IS NOT NULL)),
      CHECK ((status = 'closed') = (closed_at IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX consult_threads_patient_idx ON consult_threads (patient_account_id, last_message_at DESC)`.execute(db);
  await sql`CREATE INDEX consult_threads_queue_idx ON consult_threads (practice_id, waiting_since) WHERE status = 'waiting_for_practice'`.execute(db);
  await sql`CREATE INDEX consult_threads_practice_idx ON consult_threads (practice_id, last_message_at DESC)`.execute(db);

  // The thread's practice is part of the key, so a message can never sit in one practice's
  // thread while saying it belongs to another.
  await sql`
    CREATE TABLE consult_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      thread_id uuid NOT NULL,
      practice_id uuid NOT NULL,
      seq integer NOT NULL CHECK (seq >= 1),
      author_account_id uuid NOT NULL REFERENCES accounts(id),
      author_kind text NOT NULL CHECK (author_kind IN ('patient', 'staff')),
      author_role text CHECK (author_role IN ('assistant', 'doctor')),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
      created_at timestamptz NOT NULL,
      FOREIGN KEY (thread_id, practice_id) REFERENCES consult_threads (id, practice_id),
      UNIQUE (thread_id, seq),
      CHECK ((author_kind = 'staff') = (author_role IS NOT NULL))
    )`.execute(db);

  await sql`
    CREATE FUNCTION consult_messages_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'consult_messages is append-only';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER consult_messages_no_change BEFORE UPDATE OR DELETE ON consult_messages
    FOR EACH ROW EXECUTE FUNCTION consult_messages_append_only()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('not reversible');
}
