import { sql, type Kysely } from 'kysely';

// The audit trail is append-only: 0001 refuses UPDATE and DELETE row by row; TRUNCATE fires no
// row triggers, so it gets a statement trigger of its own.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('not reversible');
}
