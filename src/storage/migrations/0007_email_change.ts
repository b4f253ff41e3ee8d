import { sql, type Kysely } from 'kysely';

// A patient's change of e-mail address, waiting for the session code sent to the new address.
// Only a keyed hash of the code is kept here; the code itself travels sealed in its outbox row
// until that e-mail is sent. The session that asked is the only one that may confirm.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE email_changes (
      id uuid PRIMARY KEY,
      account_id uuid NOT NULL REFERENCES accounts(id),
      practice_id uuid REFERENCES practices(id),
      session_id text NOT NULL,
      old_email text NOT NULL,
      new_email text NOT NULL,
      code_hash text NOT NULL,
      mail_id uuid REFERENCES outbox(id),
      state text NOT NULL CHECK (state IN ('pending', 'used', 'superseded', 'voided', 'expired')),
      wrong_tries integer NOT NULL DEFAULT 0 CHECK (wrong_tries >= 0),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ended_at timestamptz,
      CHECK ((state = 'pending') = (ended_at IS NULL))
    )`.execute(db);
  // A newer request voids the older one; the database allows one waiting change per account.
  await sql`CREATE UNIQUE INDEX email_changes_one_pending_idx ON email_changes (account_id) WHERE state = 'pending'`.execute(db);
  await sql`CREATE INDEX email_changes_account_idx ON email_changes (account_id, created_at DESC)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('not reversible');
}
