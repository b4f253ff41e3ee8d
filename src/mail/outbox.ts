import { sql } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { OutboxRow, SessionCodeRow } from '../storage/schema.ts';
import { newRowId, type Keyring } from '../security/primitives.ts';

/**
 * The transactional outbox. A message is written in the same transaction as what it announces
 * (a code, a link), so a crash between the two cannot lose either. A worker sends it later.
 *
 * Secrets never stand in clear in this table: a session code is read from its own sealed column
 * at send time, a link token is sealed here and wiped once sent.
 */
export type MailTemplate = 'session_code' | 'activation' | 'recovery' | 'password_changed' | 'email_change_code' | 'email_changed' | 'portal_news';

export type MailParams = Record<string, string | number | boolean | null>;

export interface NewMail {
  readonly practiceId: string | null;
  readonly accountId: string | null;
  readonly template: MailTemplate;
  readonly params: MailParams;
  readonly to: string;
  readonly sessionCodeId?: string;
  /** A token to put in a link (or the code of an e-mail change); sealed at rest, bound to this row. */
  readonly secret?: string;
}

export interface OutboxDeps {
  readonly keyring: Keyring;
  readonly messageIdDomain: string;
}

export function outboxSecretContext(id: string): string {
  return `outbox:${id}`;
}

export async function enqueueMail(db: Db, deps: OutboxDeps, mail: NewMail, now: Date): Promise<string> {
  const row = outboxRow(deps, mail, now);
  await db.insertInto('outbox').values(row).execute();
  return row.id;
}

/** Many messages at once (a CSV import's invitations), 500 rows per statement. */
export async function enqueueMails(db: Db, deps: OutboxDeps, mails: readonly NewMail[], now: Date): Promise<void> {
  for (let start = 0; start < mails.length; start += 500) {
    await db
      .insertInto('outbox')
      .values(mails.slice(start, start + 500).map((mail) => outboxRow(deps, mail, now)))
      .execute();
  }
}

/** The row enqueueMail inserts; for a caller that inserts it as part of a larger statement. */
export function outboxRow(deps: OutboxDeps, mail: NewMail, now: Date) {
  const id = newRowId();
  return {
    id,
    practice_id: mail.practiceId,
    account_id: mail.accountId,
    template: mail.template,
    params: JSON.stringify(mail.params),
    session_code_id: mail.sessionCodeId ?? null,
    secret_sealed: mail.secret === undefined ? null : deps.keyring.seal(mail.secret, outboxSecretContext(id)),
    to_address: mail.to,
    // Fixed at enqueue: a retry after an uncertain send carries the same Message-ID, so the
    // receiving side can tell a duplicate.
    message_id: `<${id}@${deps.messageIdDomain}>`,
    state: 'queued' as const,
    created_at: now,
    next_attempt_at: now,
  };
}

/**
 * How long a claimed message is reserved for one worker before another may take it over: longer
 * than any SMTP exchange takes, or a slow send would be duplicated.
 */
export const DEFAULT_CLAIM_LEASE_SECONDS = 60;

/** Every column of the outbox, listed: a prepared statement then survives a column added later. */
const outboxColumns = [
  'id',
  'practice_id',
  'account_id',
  'template',
  'params',
  'session_code_id',
  'secret_sealed',
  'to_address',
  'message_id',
  'state',
  'attempts',
  'created_at',
  'next_attempt_at',
  'locked_until',
  'sent_at',
  'smtp_response',
  'last_error',
] as const satisfies readonly (keyof OutboxRow)[];

/** A claimed message, and for a session-code e-mail its code as it stood when claimed. */
export interface ClaimedMail extends OutboxRow {
  readonly code: Pick<SessionCodeRow, 'id' | 'account_id' | 'code_sealed' | 'state' | 'expires_at'> | null;
}

/**
 * Claims due messages for this worker. `FOR UPDATE SKIP LOCKED` lets several processes claim at
 * once without waiting on or taking each other's rows; a lease that ran out (the worker died
 * mid-send) makes a row due again. The session code a message carries is read in the same
 * statement.
 */
export async function claimDueMail(db: Db, now: Date, limit: number, leaseSeconds = DEFAULT_CLAIM_LEASE_SECONDS): Promise<ClaimedMail[]> {
  const leaseUntil = new Date(now.getTime() + leaseSeconds * 1000);
  const rows = await db
    .with('claimed', (qc) =>
      qc
        .updateTable('outbox')
        .set({ state: 'sending', locked_until: leaseUntil, attempts: sql<number>`attempts + 1` })
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('outbox')
            .select('id')
            .where((due) =>
              due.or([
                due.and([due('state', '=', 'queued'), due('next_attempt_at', '<=', now)]),
                due.and([due('state', '=', 'sending'), due('locked_until', '<=', now)]),
              ]),
            )
            .orderBy('next_attempt_at')
            .limit(limit)
            .forUpdate()
            .skipLocked(),
        )
        .returning(outboxColumns),
    )
    .selectFrom('claimed')
    .leftJoin('session_codes', 'session_codes.id', 'claimed.session_code_id')
    .selectAll('claimed')
    .select([
      'session_codes.id as code_id',
      'session_codes.account_id as code_account_id',
      'session_codes.code_sealed as code_sealed',
      'session_codes.state as code_state',
      'session_codes.expires_at as code_expires_at',
    ])
    .execute();
  return rows.map(({ code_id, code_account_id, code_sealed, code_state, code_expires_at, ...row }) => ({
    ...row,
    code:
      code_id === null || code_account_id === null || code_state === null || code_expires_at === null
        ? null
        : { id: code_id, account_id: code_account_id, code_sealed, state: code_state, expires_at: code_expires_at },
  }));
}

export async function markSent(db: Db, id: string, now: Date, smtpResponse: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ state: 'sent', sent_at: now, smtp_response: smtpResponse.slice(0, 500), locked_until: null, secret_sealed: null, last_error: null })
    .where('id', '=', id)
    .execute();
}

export async function markRetry(db: Db, id: string, nextAttemptAt: Date, error: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ state: 'queued', next_attempt_at: nextAttemptAt, locked_until: null, last_error: error.slice(0, 500) })
    .where('id', '=', id)
    .execute();
}

export async function markFailed(db: Db, id: string, error: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ state: 'failed', locked_until: null, secret_sealed: null, last_error: error.slice(0, 500) })
    .where('id', '=', id)
    .execute();
}

/** Not sent on purpose: what it carried is no longer valid (a used or expired code). */
export async function markDropped(db: Db, id: string, reason: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ state: 'dropped', locked_until: null, secret_sealed: null, last_error: reason })
    .where('id', '=', id)
    .execute();
}

/** After n failed tries: 5 s, 10 s, 20 s … capped at 5 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(5 * 2 ** Math.max(attempts - 1, 0), 300);
}

export const MAX_SEND_ATTEMPTS = 12;
