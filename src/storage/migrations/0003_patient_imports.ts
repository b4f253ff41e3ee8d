import { sql, type Kysely } from 'kysely';

// A checked CSV import of patients, kept between the preview and the confirmation, so the
// confirm form carries only its id. The rows are emptied once imported or expired.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE patient_imports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      practice_id uuid NOT NULL REFERENCES practices(id),
      created_by uuid NOT NULL REFERENCES accounts(id),
      created_at timestamptz NOT NULL,
      rows jsonb NOT NULL,
      row_count integer NOT NULL CHECK (row_count >= 0),
      state text NOT NULL CHECK (state IN ('previewed', 'imported', 'expired')),
      imported_at timestamptz,
      CHECK ((state = 'imported') = (imported_at IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX patient_imports_practice_idx ON patient_imports (practice_id, created_at DESC)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('not reversible');
}
