import { sql, type Kysely } from 'kysely';

// Frozen in time: a migration never imports application code, so it means the same forever.
// Written as plain SQL that PostgreSQL 15 (the server) and 18 (PGlite) both accept.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE practices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      email text,
      phone text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // Usernames are unique over the whole portal: the login page does not ask for the practice.
  await sql`
    CREATE TABLE accounts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      practice_id uuid REFERENCES practices(id),
      kind text NOT NULL CHECK (kind IN ('patient', 'staff', 'support')),
      role text CHECK (role IN ('assistant', 'doctor', 'manager')),
      username text NOT NULL UNIQUE CHECK (username = lower(username) AND length(username) BETWEEN 3 AND 100),
      display_name text NOT NULL,
      email text NOT NULL,
      password_hash text,
      status text NOT NULL CHECK (status IN ('active', 'awaiting_activation', 'deactivated')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((kind = 'support') = (practice_id IS NULL)),
      CHECK ((kind = 'staff') = (role IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX accounts_practice_idx ON accounts (practice_id, kind)`.execute(db);

  // The sign-in flow: one row per successful password step, awaiting its session code.
  await sql`
    CREATE TABLE sign_in_attempts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      token_hash text NOT NULL UNIQUE,
      practice_id uuid REFERENCES practices(id),
      account_id uuid NOT NULL REFERENCES accounts(id),
      audience text NOT NULL CHECK (audience IN ('patient', 'staff')),
      state text NOT NULL CHECK (state IN ('awaiting_code', 'completed', 'superseded', 'expired')),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ended_at timestamptz,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`CREATE INDEX sign_in_attempts_account_idx ON sign_in_attempts (account_id, created_at DESC)`.execute(db);

  await sql`
    CREATE TABLE session_codes (
      id uuid PRIMARY KEY,
      attempt_id uuid NOT NULL REFERENCES sign_in_attempts(id),
      account_id uuid NOT NULL REFERENCES accounts(id),
      practice_id uuid REFERENCES practices(id),
      code_hash text NOT NULL,
      code_sealed text,
      email text NOT NULL,
      state text NOT NULL CHECK (state IN ('live', 'used', 'superseded', 'voided')),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ended_at timestamptz,
      superseded_by uuid,
      wrong_tries integer NOT NULL DEFAULT 0
    )`.execute(db);
  // At most one live code per account, enforced by the database itself.
  await sql`CREATE UNIQUE INDEX session_codes_one_live_idx ON session_codes (account_id) WHERE state = 'live'`.execute(db);
  await sql`CREATE INDEX session_codes_lookup_idx ON session_codes (account_id, code_hash)`.execute(db);
  await sql`CREATE INDEX session_codes_attempt_idx ON session_codes (attempt_id, created_at DESC)`.execute(db);

  // Per-account guard row: the lock that serialises code submits and the counter of wrong tries.
  await sql`
    CREATE TABLE sign_in_guards (
      account_id uuid PRIMARY KEY REFERENCES accounts(id),
      practice_id uuid REFERENCES practices(id),
      wrong_code_tries integer NOT NULL DEFAULT 0,
      last_wrong_code_at timestamptz,
      code_paused_until timestamptz
    )`.execute(db);

  // Password failures, keyed by the username as typed (known or not) and by client address.
  await sql`
    CREATE TABLE throttles (
      key text PRIMARY KEY,
      failures integer NOT NULL,
      window_started_at timestamptz NOT NULL,
      blocked_until timestamptz
    )`.execute(db);

  await sql`
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      secret_hash text NOT NULL,
      account_id uuid NOT NULL REFERENCES accounts(id),
      practice_id uuid REFERENCES practices(id),
      audience text NOT NULL CHECK (audience IN ('patient', 'staff')),
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      idle_expires_at timestamptz NOT NULL,
      absolute_expires_at timestamptz NOT NULL,
      ended_at timestamptz,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`CREATE INDEX sessions_account_idx ON sessions (account_id)`.execute(db);

  // One-time links (activation, password recovery), stored as keyed hashes.
  await sql`
    CREATE TABLE account_links (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      token_hash text NOT NULL UNIQUE,
      account_id uuid NOT NULL REFERENCES accounts(id),
      practice_id uuid REFERENCES practices(id),
      purpose text NOT NULL CHECK (purpose IN ('activation', 'recovery')),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      voided_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX account_links_account_idx ON account_links (account_id, purpose)`.execute(db);

  // Transactional outbox: written in the same transaction as what it announces.
  await sql`
    CREATE TABLE outbox (
      id uuid PRIMARY KEY,
      practice_id uuid REFERENCES practices(id),
      account_id uuid REFERENCES accounts(id),
      template text NOT NULL,
      params jsonb NOT NULL,
      session_code_id uuid REFERENCES session_codes(id),
      secret_sealed text,
      to_address text NOT NULL,
      message_id text NOT NULL UNIQUE,
      state text NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'dropped')),
      attempts integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL,
      next_attempt_at timestamptz NOT NULL,
      locked_until timestamptz,
      sent_at timestamptz,
      smtp_response text,
      last_error text
    )`.execute(db);
  await sql`CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE state IN ('queued', 'sending')`.execute(db);
  await sql`CREATE INDEX outbox_code_idx ON outbox (session_code_id, created_at DESC)`.execute(db);
  await sql`CREATE INDEX outbox_account_idx ON outbox (account_id, created_at DESC)`.execute(db);

  // Audit trail in the manner of NEN 7513: who, on whose record, what, when, from where, outcome.
  await sql`
    CREATE TABLE audit_events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      occurred_at timestamptz NOT NULL,
      practice_id uuid REFERENCES practices(id),
      actor_account_id uuid REFERENCES accounts(id),
      subject_account_id uuid REFERENCES accounts(id),
      action text NOT NULL,
      outcome text NOT NULL,
      ip text,
      user_agent text,
      details jsonb NOT NULL DEFAULT '{}'::jsonb
    )`.execute(db);
  await sql`CREATE INDEX audit_events_practice_idx ON audit_events (practice_id, occurred_at DESC)`.execute(db);
  await sql`CREATE INDEX audit_events_subject_idx ON audit_events (subject_account_id, occurred_at DESC)`.execute(db);
  // Append-only: rows can be added, never changed or removed.
  await sql`
    CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the initial schema is not reversible');
}
