import { sql, type Kysely } from 'kysely';

// The practice's own settings for the online services: which are on, when the practice is open,
// whom to call after hours, and until when before an appointment a patient may cancel it. Also
// the language a patient last used, so mail the practice causes (news in the portal) reaches the
// patient in that language.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE practices ADD COLUMN opening_hours text NOT NULL DEFAULT ''`.execute(db);
  await sql`ALTER TABLE practices ADD COLUMN after_hours_phone text`.execute(db);
  await sql`ALTER TABLE practices ADD COLUMN prescriptions_enabled boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE practices ADD COLUMN consults_enabled boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE practices ADD COLUMN appointments_enabled boolean NOT NULL DEFAULT false`.execute(db);
  await sql`
    ALTER TABLE practices ADD COLUMN cancel_window_hours integer NOT NULL DEFAULT 24
      CHECK (cancel_window_hours BETWEEN 0 AND 168)
  `.execute(db);
  await sql`ALTER TABLE practices ADD CONSTRAINT practices_opening_hours_length CHECK (length(opening_hours) <= 1000)`.execute(db);
  await sql`ALTER TABLE accounts ADD COLUMN preferred_locale text NOT NULL DEFAULT 'nl' CHECK (preferred_locale IN ('nl', 'en'))`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('not reversible');
}
