import { sql, type Kysely } from 'kysely';

// Defence in depth behind the services' own checks: a row of an online service can no longer
// point across practices or patients, whatever the application does. Each rule is a composite
// foreign key onto a UNIQUE pair of the row it points at, as consult_messages already does with
// (thread_id, practice_id) since 0009:
//
// - a slot's doctor, an appointment's patient, a repeat medication's patient, a prescription
//   request's patient and an e-consult's patient are accounts of the row's own practice;
// - an appointment lies in its slot's practice;
// - a request item lies in its request's practice and names only a medication line of the
//   request's patient. For that the item now carries the request's patient (backfilled here,
//   then required), checked against the request.
//   A NULL medication_id (a name the patient typed) is not checked (MATCH SIMPLE).
//
// Adding a foreign key checks the rows already there, so a database with an inconsistent row
// refuses this migration (and names the constraint) instead of keeping the row silently.
export async function up(db: Kysely<unknown>): Promise<void> {
  // The pairs the keys point at. id alone is already unique, so these only add an index.
  await sql`ALTER TABLE accounts ADD CONSTRAINT accounts_id_practice_key UNIQUE (id, practice_id)`.execute(db);
  await sql`ALTER TABLE appointment_slots ADD CONSTRAINT appointment_slots_id_practice_key UNIQUE (id, practice_id)`.execute(db);
  await sql`ALTER TABLE repeat_medications ADD CONSTRAINT repeat_medications_id_patient_key UNIQUE (id, patient_account_id)`.execute(db);
  await sql`ALTER TABLE prescription_requests ADD CONSTRAINT prescription_requests_id_patient_key UNIQUE (id, patient_account_id)`.execute(db);
  await sql`ALTER TABLE prescription_requests ADD CONSTRAINT prescription_requests_id_practice_key UNIQUE (id, practice_id)`.execute(db);

  // Appointments.
  await sql`
    ALTER TABLE appointment_slots ADD CONSTRAINT appointment_slots_doctor_practice_fkey
    FOREIGN KEY (doctor_account_id, practice_id) REFERENCES accounts (id, practice_id)`.execute(db);
  await sql`
    ALTER TABLE appointments ADD CONSTRAINT appointments_slot_practice_fkey
    FOREIGN KEY (slot_id, practice_id) REFERENCES appointment_slots (id, practice_id)`.execute(db);
  await sql`
    ALTER TABLE appointments ADD CONSTRAINT appointments_patient_practice_fkey
    FOREIGN KEY (patient_account_id, practice_id) REFERENCES accounts (id, practice_id)`.execute(db);

  // Repeat prescriptions.
  await sql`
    ALTER TABLE repeat_medications ADD CONSTRAINT repeat_medications_patient_practice_fkey
    FOREIGN KEY (patient_account_id, practice_id) REFERENCES accounts (id, practice_id)`.execute(db);
  await sql`
    ALTER TABLE prescription_requests ADD CONSTRAINT prescription_requests_patient_practice_fkey
    FOREIGN KEY (patient_account_id, practice_id) REFERENCES accounts (id, practice_id)`.execute(db);

  await sql`ALTER TABLE prescription_request_items ADD COLUMN patient_account_id uuid`.execute(db);
  await sql`
    UPDATE prescription_request_items AS item SET patient_account_id = request.patient_account_id
    FROM prescription_requests AS request WHERE request.id = item.request_id`.execute(db);
  await sql`ALTER TABLE prescription_request_items ALTER COLUMN patient_account_id SET NOT NULL`.execute(db);
  await sql`
    ALTER TABLE prescription_request_items ADD CONSTRAINT prescription_request_items_request_patient_fkey
    FOREIGN KEY (request_id, patient_account_id) REFERENCES prescription_requests (id, patient_account_id)`.execute(db);
  await sql`
    ALTER TABLE prescription_request_items ADD CONSTRAINT prescription_request_items_request_practice_fkey
    FOREIGN KEY (request_id, practice_id) REFERENCES prescription_requests (id, practice_id)`.execute(db);
  await sql`
    ALTER TABLE prescription_request_items ADD CONSTRAINT prescription_request_items_medication_patient_fkey
    FOREIGN KEY (medication_id, patient_account_id) REFERENCES repeat_medications (id, patient_account_id)`.execute(db);

  // E-consults (messages already point at their thread's practice since 0009).
  await sql`
    ALTER TABLE consult_threads ADD CONSTRAINT consult_threads_patient_practice_fkey
    FOREIGN KEY (patient_account_id, practice_id) REFERENCES accounts (id, practice_id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('not reversible');
}
