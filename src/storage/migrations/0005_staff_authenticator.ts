import { sql, type Kysely } from 'kysely';

// An authenticator app (TOTP) as second factor for practice staff, and the practice's choice to
// require it. The secret is kept sealed (encrypted under the server key), never in clear.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE accounts ADD COLUMN totp_secret_sealed text`.execute(db);
  await sql`ALTER TABLE accounts ADD COLUMN totp_pending_sealed text`.execute(db);
  await sql`ALTER TABLE accounts ADD COLUMN totp_enabled_at timestamptz`.execute(db);
  // The last time step accepted: a code is refused when its step is not newer (no replay).
  await sql`ALTER TABLE accounts ADD COLUMN totp_last_step bigint`.execute(db);
  await sql`ALTER TABLE practices ADD COLUMN require_authenticator boolean NOT NULL DEFAULT false`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('not reversible');
}
