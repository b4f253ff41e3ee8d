/**
 * Housekeeping on a schedule. Every process runs it; each statement is idempotent, so two
 * processes sweeping at once do no harm.
 *
 * - A sealed code is wiped the moment it can no longer be used (expiry is only a timestamp, so
 *   without this sweep an expired code would stay decryptable until replaced).
 * - Sign-in rows, codes, mail and sessions are kept 30 days for the practice's diagnosis of
 *   "kan niet inloggen", then deleted. The audit trail is kept; it holds no secrets.
 * - An e-mail change's code waits sealed in its outbox row until sent; once the change can no
 *   longer be confirmed that copy is wiped (the worker then drops the e-mail). The change itself
 *   (a new address, a keyed hash of the code) is deleted a day after it was asked for.
 */
import type { Logger } from 'pino';
import type { Db } from '../storage/database.ts';
import type { Clock } from '../security/clock.ts';
import { EMAIL_CHANGE_RETENTION_SECONDS } from '../accounts/email-change.ts';

export const RETENTION_DAYS = 30;

export interface SweepResult {
  /** Sealed codes wiped: of sign-ins, and of e-mail changes in their outbox rows. */
  readonly wipedCodes: number;
  readonly expiredAttempts: number;
  readonly expiredEmailChanges: number;
  readonly deletedRows: number;
}

export async function sweep(db: Db, now: Date): Promise<SweepResult> {
  const wiped = await db
    .updateTable('session_codes')
    .set({ code_sealed: null })
    .where('code_sealed', 'is not', null)
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('state', '!=', 'live')]))
    .executeTakeFirst();
  const expiredChanges = await db
    .updateTable('email_changes')
    .set({ state: 'expired', ended_at: now })
    .where('state', '=', 'pending')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  const wipedChangeCodes = await db
    .updateTable('outbox')
    .set({ secret_sealed: null })
    .where('template', '=', 'email_change_code')
    .where('secret_sealed', 'is not', null)
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('email_changes').select('email_changes.id').whereRef('email_changes.mail_id', '=', 'outbox.id').where('email_changes.state', '!=', 'pending')),
    )
    .executeTakeFirst();
  const expired = await db
    .updateTable('sign_in_attempts')
    .set({ state: 'expired', ended_at: now })
    .where('state', '=', 'awaiting_code')
    .where('expires_at', '<=', now)
    .executeTakeFirst();

  const cutoff = new Date(now.getTime() - RETENTION_DAYS * 24 * 3600 * 1000);
  let deleted = 0;
  await db.transaction().execute(async (tx) => {
    // Before the outbox: a change points at its e-mail.
    const changes = await tx.deleteFrom('email_changes').where('created_at', '<', new Date(now.getTime() - EMAIL_CHANGE_RETENTION_SECONDS * 1000)).executeTakeFirst();
    const outbox = await tx.deleteFrom('outbox').where('created_at', '<', cutoff).where('state', 'in', ['sent', 'failed', 'dropped']).executeTakeFirst();
    const codes = await tx
      .deleteFrom('session_codes')
      .where('created_at', '<', cutoff)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('outbox').select('outbox.id').whereRef('outbox.session_code_id', '=', 'session_codes.id'))))
      .executeTakeFirst();
    const attempts = await tx
      .deleteFrom('sign_in_attempts')
      .where('created_at', '<', cutoff)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('session_codes').select('session_codes.id').whereRef('session_codes.attempt_id', '=', 'sign_in_attempts.id'))))
      .executeTakeFirst();
    const sessions = await tx.deleteFrom('sessions').where('absolute_expires_at', '<', cutoff).executeTakeFirst();
    const links = await tx.deleteFrom('account_links').where('expires_at', '<', cutoff).executeTakeFirst();
    const throttles = await tx
      .deleteFrom('throttles')
      .where('window_started_at', '<', cutoff)
      .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', now)]))
      .executeTakeFirst();
    // An import preview nobody confirmed holds patient data for nothing: gone after a day.
    const imports = await tx.deleteFrom('patient_imports').where('created_at', '<', new Date(now.getTime() - 24 * 3600 * 1000)).executeTakeFirst();
    deleted = [changes, outbox, codes, attempts, sessions, links, throttles, imports].reduce((sum, result) => sum + Number(result.numDeletedRows), 0);
  });
  return {
    wipedCodes: Number(wiped.numUpdatedRows) + Number(wipedChangeCodes.numUpdatedRows),
    expiredAttempts: Number(expired.numUpdatedRows),
    expiredEmailChanges: Number(expiredChanges.numUpdatedRows),
    deletedRows: deleted,
  };
}

/** Runs `sweep` every `intervalMs` until stopped. */
export function startSweeper(deps: { db: Db; clock: Clock; logger: Logger; intervalMs: number }): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = sweep(deps.db, deps.clock.now())
      .then((result) => {
        if (result.wipedCodes + result.expiredAttempts + result.expiredEmailChanges + result.deletedRows > 0) deps.logger.debug(result, 'swept');
      })
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'sweep failed'));
  }, deps.intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
