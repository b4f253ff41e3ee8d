import { sql, type Kysely } from 'kysely';

// Patient details the practice searches on, and the audit indexes the console reads by.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE accounts ADD COLUMN date_of_birth date`.execute(db);
  await sql`ALTER TABLE accounts ADD COLUMN phone text`.execute(db);
  await sql`CREATE INDEX accounts_practice_name_idx ON accounts (practice_id, lower(display_name))`.execute(db);
  await sql`CREATE INDEX accounts_email_idx ON accounts (email)`.execute(db);
  await sql`CREATE INDEX audit_events_actor_idx ON audit_events (actor_account_id, occurred_at DESC)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('not reversible');
}
