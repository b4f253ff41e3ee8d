/**
 * "E-mailadres wijzigen" in Mijn account. The new address is taken only after the patient types
 * the six-digit session code sent to it: that shows the address is theirs and typed right, so
 * later codes and links do not go to a stranger's mailbox. No HTTP here; the routes are in
 * my-account.routes.tsx.
 *
 * What each rule is for:
 * - The current password is needed, counted under the login's per-username and per-address
 *   throttle: a browser left signed in is not enough to move the account to another address.
 * - Only the session that asked can enter the code, and each request voids the one before (one
 *   pending change per account, a partial unique index): a second window cannot finish a
 *   change it did not start.
 * - The code is stored as a keyed hash; in clear it exists only in its e-mail, sealed in the
 *   outbox row until sent. Compared in constant time, consumed by one guarded UPDATE under the
 *   account's row lock, so it works once even when sent twice at the same moment.
 * - 5 wrong tries void a code and an account gets at most 3 codes an hour, so at most 15
 *   guesses an hour. Guessing would gain little: whoever can ask (session and password) can just
 *   as well give an address they read. The hourly cap mostly keeps the form from being a way to
 *   mail strangers.
 * - Afterwards the old address gets a notice (a change nobody asked for is noticed), the other
 *   sessions end and sign-ins half-way are abandoned (their codes went to the old address).
 */
import { sql } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { Clock } from '../security/clock.ts';
import { constantTimeEqual, newRowId, newSessionCode, type Keyring, type RandomSource } from '../security/primitives.ts';
import { enqueueMail, type OutboxDeps } from '../mail/outbox.ts';
import { recordAudit, type AuditEntry, type ClientInfo } from '../audit/audit.ts';
import type { Locale } from '../i18n/locale.ts';
import { WRONG_TRIES_PER_CODE, maskEmail, normalizeCodeInput } from '../auth/sign-in/code-rules.ts';
import { abandonPendingSignIns, deliveryState, type DeliveryState } from '../auth/sign-in/sign-in.flow.ts';
import { findPracticeById } from '../practices/practice.repository.ts';
import type { Account } from './account.repository.ts';
import { voidOpenLinks } from './account-links.ts';
import { InputError, checkEmail } from './account.service.ts';
import { checkCurrentPassword } from './current-password.ts';

/**
 * What follows an account's change of address, by the patient or by the practice, in the
 * caller's transaction: links still open (activation, recovery) are voided, since they went to
 * the old address; and the old address gets a notice, since if the change was not the patient's
 * wish that mailbox is where they will notice. The new address is shown masked.
 */
export async function onAddressChanged(
  tx: Db,
  outbox: OutboxDeps,
  input: { account: Pick<Account, 'id' | 'practiceId'>; oldEmail: string; newEmail: string; locale: Locale },
  now: Date,
): Promise<void> {
  await voidOpenLinks(tx, input.account.id, now);
  const practice = input.account.practiceId === null ? undefined : await findPracticeById(tx, input.account.practiceId);
  await enqueueMail(
    tx,
    outbox,
    {
      practiceId: input.account.practiceId,
      accountId: input.account.id,
      template: 'email_changed',
      to: input.oldEmail,
      params: { locale: input.locale, practiceName: practice?.name ?? null, changedAt: now.toISOString(), newEmailMasked: maskEmail(input.newEmail) },
    },
    now,
  );
}

export interface EmailChangeDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly keyring: Keyring;
  readonly outbox: OutboxDeps;
  /** How long a code works: the same setting as the sign-in's session code. */
  readonly codeTtlSeconds: number;
  readonly mailQueued: () => void;
}

/** Codes for a new address one account may ask for in an hour. */
export const EMAIL_CHANGE_CODES_PER_HOUR = 3;

/** A change is kept this long after it was asked for (to explain an older or used code), then swept. */
export const EMAIL_CHANGE_RETENTION_SECONDS = 24 * 60 * 60;

function codeHash(keyring: Keyring, accountId: string, code: string): string {
  return keyring.hash('email-change-code', `${accountId}:${code}`);
}

function audit(account: Account, client: ClientInfo, entry: Pick<AuditEntry, 'action' | 'outcome' | 'details'>): AuditEntry {
  return { ...entry, practiceId: account.practiceId, actorAccountId: account.id, subjectAccountId: account.id, client };
}

// ---------------------------------------------------------------------------------------------
// Asking: the new address and the current password

export type EmailChangeRequestResult =
  | { readonly kind: 'code_sent' }
  | { readonly kind: 'invalid_address' }
  | { readonly kind: 'same_address' }
  | { readonly kind: 'wrong_password' }
  | { readonly kind: 'throttled'; readonly until: Date }
  | { readonly kind: 'too_many'; readonly until: Date };

export async function requestEmailChange(
  deps: EmailChangeDeps,
  input: { account: Account; sessionId: string; newEmail: string; currentPassword: string; client: ClientInfo; locale: Locale },
): Promise<EmailChangeRequestResult> {
  const { db, clock } = deps;
  const { account } = input;
  // Refused before the password is checked, so a typo costs no password try. The trail gets the
  // reason, never what was typed.
  const refuseAddress = async (reason: 'invalid_address' | 'same_address') => {
    await recordAudit(db, clock.now(), audit(account, input.client, { action: 'account.email_change_requested', outcome: 'failure', details: { reason } }));
    return { kind: reason } as const;
  };
  let newEmail: string;
  try {
    newEmail = checkEmail(input.newEmail);
  } catch (error) {
    if (error instanceof InputError) return refuseAddress('invalid_address');
    throw error;
  }
  if (newEmail === account.email) return refuseAddress('same_address');

  // The same throttle as the login: this form must not be a side door for guessing the password.
  const checked = await checkCurrentPassword(db, clock, { account, password: input.currentPassword, client: input.client });
  if (checked.kind === 'throttled') {
    await recordAudit(db, clock.now(), audit(account, input.client, {
      action: 'account.email_change_requested',
      outcome: 'failure',
      details: { reason: 'throttled', until: checked.until.toISOString() },
    }));
    return { kind: 'throttled', until: checked.until };
  }
  if (checked.kind === 'wrong') {
    await recordAudit(db, clock.now(), audit(account, input.client, {
      action: 'account.email_change_requested',
      outcome: 'failure',
      details: { reason: 'wrong_password' },
    }));
    return { kind: 'wrong_password' };
  }

  const practice = account.practiceId === null ? undefined : await findPracticeById(db, account.practiceId);
  const result = await db.transaction().execute(async (tx): Promise<EmailChangeRequestResult> => {
    // Requests and confirmations of one account take this lock first, in this order (account,
    // then its changes), so they run one at a time and never wait on each other crosswise.
    await lockAccount(tx, account.id);
    const now = clock.now();
    const lastHour = await tx
      .selectFrom('email_changes')
      .select('created_at')
      .where('account_id', '=', account.id)
      .where('created_at', '>', new Date(now.getTime() - 3600_000))
      .orderBy('created_at', 'asc')
      .execute();
    if (lastHour.length >= EMAIL_CHANGE_CODES_PER_HOUR) {
      const oldestThatCounts = lastHour[lastHour.length - EMAIL_CHANGE_CODES_PER_HOUR]!.created_at;
      const until = new Date(oldestThatCounts.getTime() + 3600_000);
      await recordAudit(tx, now, audit(account, input.client, {
        action: 'account.email_change_requested',
        outcome: 'failure',
        details: { reason: 'too_many', until: until.toISOString() },
      }));
      return { kind: 'too_many', until };
    }

    const replaced = await endPendingChanges(tx, account.id, 'superseded', now);
    const changeId = newRowId();
    const code = newSessionCode(deps.random);
    const expiresAt = new Date(now.getTime() + deps.codeTtlSeconds * 1000);
    const mailId = await enqueueMail(
      tx,
      deps.outbox,
      {
        practiceId: account.practiceId,
        accountId: account.id,
        template: 'email_change_code',
        to: newEmail,
        secret: code,
        params: {
          locale: input.locale,
          practiceName: practice?.name ?? null,
          codeCreatedAt: now.toISOString(),
          expiresAt: expiresAt.toISOString(),
          ttlMinutes: Math.round(deps.codeTtlSeconds / 60),
        },
      },
      now,
    );
    await tx
      .insertInto('email_changes')
      .values({
        id: changeId,
        account_id: account.id,
        practice_id: account.practiceId,
        session_id: input.sessionId,
        old_email: account.email,
        new_email: newEmail,
        code_hash: codeHash(deps.keyring, account.id, code),
        mail_id: mailId,
        state: 'pending',
        created_at: now,
        expires_at: expiresAt,
      })
      .execute();
    await recordAudit(tx, now, audit(account, input.client, {
      action: 'account.email_change_requested',
      outcome: 'success',
      details: { changeId, replacedOlder: replaced > 0 },
    }));
    return { kind: 'code_sent' };
  });
  if (result.kind === 'code_sent') deps.mailQueued();
  return result;
}

async function lockAccount(tx: Db, accountId: string): Promise<{ email: string } | undefined> {
  return tx.selectFrom('accounts').select('email').where('id', '=', accountId).forUpdate().executeTakeFirst();
}

/**
 * Ends the account's pending change (there is at most one) and wipes the sealed code from its
 * e-mail if that is still waiting: the worker then drops the e-mail instead of sending a code
 * that no longer works.
 */
async function endPendingChanges(tx: Db, accountId: string, state: 'superseded' | 'voided', now: Date): Promise<number> {
  const ended = await tx
    .updateTable('email_changes')
    .set({ state, ended_at: now })
    .where('account_id', '=', accountId)
    .where('state', '=', 'pending')
    .returning('mail_id')
    .execute();
  await wipeMailSecrets(tx, ended.map((row) => row.mail_id));
  return ended.length;
}

async function wipeMailSecrets(tx: Db, mailIds: readonly (string | null)[]): Promise<void> {
  const ids = mailIds.filter((id): id is string => id !== null);
  if (ids.length === 0) return;
  await tx.updateTable('outbox').set({ secret_sealed: null }).where('id', 'in', ids).where('secret_sealed', 'is not', null).execute();
}

// ---------------------------------------------------------------------------------------------
// The page that asks for the code

export type EmailChangeStatus = 'pending' | 'expired' | 'used' | 'superseded' | 'voided';

export interface EmailChangeView {
  readonly status: EmailChangeStatus;
  readonly newEmail: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly endedAt: Date | null;
  readonly triesLeft: number;
  /** What became of the e-mail with the code. */
  readonly delivery: { readonly state: DeliveryState; readonly sentAt: Date | null; readonly queuedAt: Date } | null;
}

/** The newest change this session asked for (within the day it is kept), or undefined. */
export async function describeEmailChange(deps: Pick<EmailChangeDeps, 'db' | 'clock'>, accountId: string, sessionId: string): Promise<EmailChangeView | undefined> {
  const now = deps.clock.now();
  const row = await deps.db
    .selectFrom('email_changes')
    .leftJoin('outbox', 'outbox.id', 'email_changes.mail_id')
    .select([
      'email_changes.state',
      'email_changes.new_email',
      'email_changes.created_at',
      'email_changes.expires_at',
      'email_changes.ended_at',
      'email_changes.wrong_tries',
      'outbox.state as mail_state',
      'outbox.attempts as mail_attempts',
      'outbox.sent_at as mail_sent_at',
      'outbox.created_at as mail_created_at',
    ])
    .where('email_changes.account_id', '=', accountId)
    .where('email_changes.session_id', '=', sessionId)
    .orderBy('email_changes.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    status: statusOf(row.state, row.expires_at, now),
    newEmail: row.new_email,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    endedAt: row.ended_at,
    triesLeft: WRONG_TRIES_PER_CODE - row.wrong_tries,
    delivery:
      row.mail_state === null || row.mail_attempts === null || row.mail_created_at === null
        ? null
        : { state: deliveryState({ state: row.mail_state, attempts: row.mail_attempts }), sentAt: row.mail_sent_at, queuedAt: row.mail_created_at },
  };
}

/** 'expired' is also derived: a pending change past its time is expired before the sweeper says so. */
function statusOf(state: string, expiresAt: Date, now: Date): EmailChangeStatus {
  if (state === 'pending') return expiresAt <= now ? 'expired' : 'pending';
  return state as EmailChangeStatus;
}

// ---------------------------------------------------------------------------------------------
// Entering the code

export type EmailChangeConfirmResult =
  | { readonly kind: 'changed'; readonly newEmail: string; readonly endedSessions: number }
  | { readonly kind: 'malformed'; readonly digitCount: number; readonly hasOtherCharacters: boolean }
  | { readonly kind: 'wrong'; readonly triesLeft: number }
  | { readonly kind: 'voided' }
  | { readonly kind: 'expired'; readonly createdAt: Date }
  | { readonly kind: 'older_code'; readonly olderCreatedAt: Date; readonly newestCreatedAt: Date }
  | { readonly kind: 'used'; readonly usedAt: Date }
  | { readonly kind: 'superseded' }
  | { readonly kind: 'changed_meanwhile' }
  | { readonly kind: 'none' };

export async function confirmEmailChange(
  deps: EmailChangeDeps,
  input: { account: Account; sessionId: string; rawCode: string; client: ClientInfo; locale: Locale },
): Promise<EmailChangeConfirmResult> {
  const { account } = input;
  // Not six digits (after spaces and full-width digits are dealt with): said, and not a try.
  const normalized = normalizeCodeInput(input.rawCode.slice(0, 200));
  if (normalized.kind === 'malformed') return { kind: 'malformed', digitCount: normalized.digitCount, hasOtherCharacters: normalized.hasOtherCharacters };
  const enteredHash = codeHash(deps.keyring, account.id, normalized.code);

  const result = await deps.db.transaction().execute(async (tx): Promise<EmailChangeConfirmResult> => {
    const locked = await lockAccount(tx, account.id);
    const change = await tx
      .selectFrom('email_changes')
      .select(['id', 'state', 'old_email', 'new_email', 'code_hash', 'mail_id', 'wrong_tries', 'created_at', 'expires_at', 'ended_at'])
      .where('account_id', '=', account.id)
      .where('session_id', '=', input.sessionId)
      .orderBy('created_at', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (locked === undefined || change === undefined) return { kind: 'none' };
    const now = deps.clock.now();
    const refused = (reason: string, extra: Record<string, string | number> = {}) =>
      recordAudit(tx, now, audit(account, input.client, { action: 'account.email_changed', outcome: 'failure', details: { reason, changeId: change.id, ...extra } }));

    switch (statusOf(change.state, change.expires_at, now)) {
      case 'used':
        await refused('used');
        return { kind: 'used', usedAt: change.ended_at ?? change.created_at };
      case 'superseded':
        await refused('superseded');
        return { kind: 'superseded' };
      case 'voided':
        // Voided by wrong tries, or because the address was corrected elsewhere first.
        if (change.wrong_tries < WRONG_TRIES_PER_CODE) {
          await refused('changed_meanwhile');
          return { kind: 'changed_meanwhile' };
        }
        await refused('voided');
        return { kind: 'voided' };
      case 'expired':
        // Whatever was typed: the code has run out, so nothing can be guessed and no try counts.
        await refused('expired');
        return { kind: 'expired', createdAt: change.created_at };
      case 'pending':
        break;
    }

    if (constantTimeEqual(change.code_hash, enteredHash)) {
      // The practice may have corrected the address meanwhile: then this change is stale.
      if (locked.email !== change.old_email) {
        await tx.updateTable('email_changes').set({ state: 'voided', ended_at: now }).where('id', '=', change.id).execute();
        await wipeMailSecrets(tx, [change.mail_id]);
        await refused('changed_meanwhile');
        return { kind: 'changed_meanwhile' };
      }
      const consumed = await tx
        .updateTable('email_changes')
        .set({ state: 'used', ended_at: now })
        .where('id', '=', change.id)
        .where('state', '=', 'pending')
        .returning('id')
        .executeTakeFirst();
      if (consumed === undefined) return { kind: 'used', usedAt: now };
      await tx.updateTable('accounts').set({ email: change.new_email, updated_at: now }).where('id', '=', account.id).execute();
      const endedSessions = await tx
        .updateTable('sessions')
        .set({ ended_at: now })
        .where('account_id', '=', account.id)
        .where('id', '!=', input.sessionId)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      await abandonPendingSignIns(tx, account.id, now);
      await recordAudit(tx, now, audit(account, input.client, {
        action: 'account.email_changed',
        outcome: 'success',
        details: { changeId: change.id, endedSessions: Number(endedSessions.numUpdatedRows) },
      }));
      await onAddressChanged(tx, deps.outbox, { account, oldEmail: change.old_email, newEmail: change.new_email, locale: input.locale }, now);
      return { kind: 'changed', newEmail: change.new_email, endedSessions: Number(endedSessions.numUpdatedRows) };
    }

    // Not this change's code. One of the account's earlier codes (within the day they are kept)
    // is said to be older rather than wrong: that is the usual mistake, and it is not a guess.
    const older = await tx
      .selectFrom('email_changes')
      .select(['created_at'])
      .where('account_id', '=', account.id)
      .where('code_hash', '=', enteredHash)
      .where('id', '!=', change.id)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (older !== undefined) {
      await refused('older_code');
      return { kind: 'older_code', olderCreatedAt: older.created_at, newestCreatedAt: change.created_at };
    }

    const wrongTries = change.wrong_tries + 1;
    const voids = wrongTries >= WRONG_TRIES_PER_CODE;
    await tx
      .updateTable('email_changes')
      .set(voids ? { wrong_tries: sql<number>`wrong_tries + 1`, state: 'voided', ended_at: now } : { wrong_tries: sql<number>`wrong_tries + 1` })
      .where('id', '=', change.id)
      .execute();
    if (voids) await wipeMailSecrets(tx, [change.mail_id]);
    await refused(voids ? 'wrong_code_voided' : 'wrong_code', { wrongTries });
    return voids ? { kind: 'voided' } : { kind: 'wrong', triesLeft: WRONG_TRIES_PER_CODE - wrongTries };
  });
  if (result.kind === 'changed') deps.mailQueued();
  return result;
}
