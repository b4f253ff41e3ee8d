/**
 * The sign-in flow: password, then a six-digit code sent by e-mail. No HTTP here: the routes
 * parse a request, call one function of this module and render what it returns.
 * The states and their transitions are drawn in sign-in.md beside this file.
 */
import { sql } from 'kysely';
import type { Db } from '../../storage/database.ts';
import type { AccountKind, AttemptState, Audience, CodeState, OutboxState, SessionCodeRow } from '../../storage/schema.ts';
import type { Clock } from '../../security/clock.ts';
import {
  constantTimeEqual,
  newOpaqueToken,
  newRowId,
  newSessionCode,
  type Keyring,
  type RandomSource,
} from '../../security/primitives.ts';
import { verifyPassword } from '../../security/password.ts';
import { recordAudit, recordAudits, type AuditEntry, type ClientInfo } from '../../audit/audit.ts';
import {
  accountWithPasswordFromLeftJoin,
  findAccountById,
  joinedAccountWithPasswordColumns,
  normalizeUsername,
} from '../../accounts/account.repository.ts';
import { findPracticeById } from '../../practices/practice.repository.ts';
import { enqueueMail, outboxRow, type OutboxDeps } from '../../mail/outbox.ts';
import type { Locale } from '../../i18n/locale.ts';
import { createSession, type SessionPolicy } from '../session.ts';
import { AUTHENTICATOR_CODES_PER_GUESS, unsealAuthenticatorSecret, verifyAuthenticatorCode } from '../../security/authenticator.ts';
import { findAuthenticatorState, practiceRequiresAuthenticator, recordAuthenticatorStep } from '../../accounts/authenticator.repository.ts';
import {
  ADDRESS_POLICY,
  USERNAME_POLICY,
  addressKey,
  blockedUntilQuery,
  clearThrottleQuery,
  releasePasswordTry,
  reservePasswordTry,
  usernameKey,
} from '../password-throttle.ts';
import {
  SIGN_IN_ATTEMPT_LIFETIME_SECONDS,
  codeMailLimit,
  countWrongTry,
  currentWrongTries,
  decideResend,
  maskEmail,
  normalizeCodeInput,
  triesLeftOnCode,
} from './code-rules.ts';

export interface SignInDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly keyring: Keyring;
  readonly outbox: OutboxDeps;
  readonly codeTtlSeconds: number;
  readonly sessionPolicy: (audience: Audience) => SessionPolicy;
  /** Called after a commit that queued mail, so the worker sends it at once. */
  readonly mailQueued: () => void;
}

/** Which accounts may sign in where: patients at `/`, practice staff and support at `/praktijk`. */
function accountFitsAudience(kind: string, audience: Audience): boolean {
  return audience === 'patient' ? kind === 'patient' : kind === 'staff' || kind === 'support';
}

function codeHash(keyring: Keyring, accountId: string, code: string): string {
  return keyring.hash('session-code', `${accountId}:${code}`);
}

function sealContext(codeId: string, accountId: string): string {
  return `session-code:${codeId}:${accountId}`;
}

// ---------------------------------------------------------------------------------------------
// Step 1: the password

export type PasswordStepResult =
  | { readonly kind: 'code_sent'; readonly attemptToken: string }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'throttled'; readonly until: Date }
  | { readonly kind: 'too_many_codes'; readonly until: Date }
  | { readonly kind: 'account_closed' };

/**
 * What the password step reads before hashing, in one statement: the latest block on these
 * throttle keys (null when none), and the account of this username with its practice's name.
 */
async function findSignInAccount(db: Db, keys: readonly string[], username: string, now: Date) {
  const row = await db
    .selectFrom(blockedUntilQuery(db, keys, now).as('throttle'))
    .leftJoin('accounts', (join) =>
      // A longer name cannot be an account (and is not looked up).
      username.length <= 100 ? join.on('accounts.username', '=', normalizeUsername(username)) : join.on(sql<boolean>`false`),
    )
    .leftJoin('practices', 'practices.id', 'accounts.practice_id')
    .select(['throttle.blocked_until', ...joinedAccountWithPasswordColumns, 'accounts.preferred_locale', 'practices.name as practice_name'])
    .executeTakeFirstOrThrow();
  return { blocked: row.blocked_until, account: accountWithPasswordFromLeftJoin(row), preferredLocale: row.preferred_locale, practiceName: row.practice_name };
}

export async function submitPassword(
  deps: SignInDeps,
  input: { username: string; password: string; audience: Audience; client: ClientInfo; locale: Locale },
): Promise<PasswordStepResult> {
  const { db, clock } = deps;
  const keys = [usernameKey(input.username), addressKey(input.client.ip)];
  const { blocked, account: found, preferredLocale, practiceName } = await findSignInAccount(db, keys, input.username, clock.now());
  if (blocked !== null) {
    await recordAudit(db, clock.now(), {
      action: 'sign_in.password_throttled',
      outcome: 'failure',
      practiceId: null,
      client: input.client,
      details: { until: blocked.toISOString() },
    });
    return { kind: 'throttled', until: blocked };
  }

  const account = found !== undefined && accountFitsAudience(found.kind, input.audience) ? found : undefined;
  const usernameTry = { key: keys[0]!, policy: USERNAME_POLICY };
  const addressTry = { key: keys[1]!, policy: ADDRESS_POLICY };
  const reserved = await reservePasswordTry(db, [usernameTry, addressTry], clock.now());
  if (!reserved.allowed) {
    await recordAudit(db, clock.now(), {
      action: 'sign_in.password_throttled',
      outcome: 'failure',
      practiceId: account?.practiceId ?? null,
      subjectAccountId: account?.id ?? null,
      client: input.client,
      details: { until: reserved.until.toISOString() },
    });
    return { kind: 'throttled', until: reserved.until };
  }
  // The same Argon2id work happens for an unknown username (against a dummy hash), so neither
  // the answer nor its timing tells whether the account exists.
  const passwordOk = await verifyPassword(account?.passwordHash ?? null, input.password.slice(0, 1024));

  if (account === undefined || !passwordOk) {
    // The try was counted before the check (reservePasswordTry); only the trail is left to write.
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      await recordAudit(tx, now, {
        action: 'sign_in.password_refused',
        outcome: 'failure',
        practiceId: account?.practiceId ?? null,
        subjectAccountId: account?.id ?? null,
        client: input.client,
        details: { audience: input.audience, knownAccount: account !== undefined },
      });
    });
    return { kind: 'invalid' };
  }

  await releasePasswordTry(db, usernameTry, addressTry);
  if (account.status !== 'active') {
    // Only said after a correct password, so it reveals nothing to someone without it.
    return { kind: 'account_closed' };
  }

  const attemptToken = newOpaqueToken(deps.random);
  const result = await db.transaction().execute(async (tx): Promise<PasswordStepResult> => {
    const now = clock.now();
    await lockGuard(tx, account.id, account.practiceId);
    const limit = codeMailLimit(now, await codeMailsLastHour(tx, account.id, now));
    if (limit !== null) return { kind: 'too_many_codes', until: limit };

    // In one statement: the username's failure count is cleared, an older sign-in of the account
    // still waiting for its code is superseded, and this one is made.
    const attempt = await tx
      .with('cleared', (qc) => clearThrottleQuery(qc, keys[0]!))
      .with('superseded', (qc) =>
        qc
          .updateTable('sign_in_attempts')
          .set({ state: 'superseded', ended_at: now })
          .where('account_id', '=', account.id)
          .where('state', '=', 'awaiting_code'),
      )
      .insertInto('sign_in_attempts')
      .values({
        token_hash: deps.keyring.hash('sign-in-token', attemptToken),
        practice_id: account.practiceId,
        account_id: account.id,
        audience: input.audience,
        state: 'awaiting_code',
        created_at: now,
        expires_at: new Date(now.getTime() + SIGN_IN_ATTEMPT_LIFETIME_SECONDS * 1000),
        ip: input.client.ip,
        user_agent: input.client.userAgent?.slice(0, 400) ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const accepted: AuditEntry = {
      action: 'sign_in.password_accepted',
      outcome: 'success',
      practiceId: account.practiceId,
      actorAccountId: account.id,
      subjectAccountId: account.id,
      client: input.client,
      details: { audience: input.audience },
    };
    // Mail the practice causes later (news in the portal) goes out in the language used here.
    // Read with the account above: written only when it changed, not on every login.
    if (preferredLocale !== input.locale) {
      await tx.updateTable('accounts').set({ preferred_locale: input.locale }).where('id', '=', account.id).execute();
    }
    // A practice that requires an authenticator app gets no e-mailed code for staff who have one.
    if (await appRequiredFor(tx, account)) {
      await recordAudit(tx, now, accepted);
      return { kind: 'code_sent', attemptToken };
    }
    // The password's audit event is written together with the code's.
    await issueCode(tx, deps, {
      precedingAudit: accepted,
      attemptId: attempt.id,
      accountId: account.id,
      practiceId: account.practiceId,
      email: account.email,
      practiceName,
      locale: input.locale,
      reason: 'login',
      now,
      client: input.client,
    });
    return { kind: 'code_sent', attemptToken };
  });
  if (result.kind === 'code_sent') deps.mailQueued();
  return result;
}

/** Staff of a practice that requires an authenticator app, who have one: they sign in with it only. */
async function appRequiredFor(db: Db, account: { id: string; kind: string; practiceId: string | null }): Promise<boolean> {
  if (account.kind !== 'staff' || account.practiceId === null) return false;
  if (!(await practiceRequiresAuthenticator(db, account.practiceId))) return false;
  return (await findAuthenticatorState(db, account.id))?.enabledAt instanceof Date;
}

/** The guard row's columns, listed: a prepared statement then survives a column added to it. */
const guardColumns = ['account_id', 'practice_id', 'wrong_code_tries', 'last_wrong_code_at', 'code_paused_until'] as const;

/** Every code submit and resend of one account takes this row lock first, in any process. */
async function lockGuard(tx: Db, accountId: string, practiceId: string | null) {
  // One statement makes the row if needed and locks it: an upsert that "updates" the row takes
  // the same row lock as SELECT … FOR UPDATE, and returns it.
  return tx
    .insertInto('sign_in_guards')
    .values({ account_id: accountId, practice_id: practiceId })
    .onConflict((conflict) => conflict.column('account_id').doUpdateSet({ account_id: (eb) => eb.ref('excluded.account_id') }))
    .returning(guardColumns)
    .executeTakeFirstOrThrow();
}

/**
 * The same lock, for the account of the sign-in this token belongs to, found in the same
 * statement. Undefined when there is no such sign-in. The sign-in itself is read again after
 * the lock: what matters is its state once this submit has the account to itself.
 */
async function lockGuardOfAttempt(tx: Db, keyring: Keyring, token: string) {
  if (token.length === 0 || token.length > 64) return undefined;
  return tx
    .insertInto('sign_in_guards')
    .columns(['account_id', 'practice_id'])
    .expression((eb) =>
      eb.selectFrom('sign_in_attempts').select(['account_id', 'practice_id']).where('token_hash', '=', keyring.hash('sign-in-token', token)),
    )
    .onConflict((conflict) => conflict.column('account_id').doUpdateSet({ account_id: (eb) => eb.ref('excluded.account_id') }))
    .returning(guardColumns)
    .executeTakeFirst();
}

async function lastResendAt(tx: Db, accountId: string): Promise<Date | null> {
  const row = await tx
    .selectFrom('outbox')
    .select('created_at')
    .where('account_id', '=', accountId)
    .where('template', '=', 'session_code')
    .where(sql<boolean>`(params->>'resend') = 'true'`)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.created_at ?? null;
}

async function codeMailsLastHour(tx: Db, accountId: string, now: Date): Promise<Date[]> {
  const rows = await tx
    .selectFrom('outbox')
    .select('created_at')
    .where('account_id', '=', accountId)
    .where('template', '=', 'session_code')
    .where('created_at', '>', new Date(now.getTime() - 3600_000))
    .orderBy('created_at', 'asc')
    .execute();
  return rows.map((row) => row.created_at);
}

type CodeReason = 'login' | 'resend_new';

/** What the session-code e-mail needs besides the code itself (which stays sealed until sending). */
function codeMailParams(input: {
  locale: Locale;
  practiceName: string | null;
  createdAt: Date;
  expiresAt: Date;
  ttlSeconds: number;
  repeat: boolean;
  resend: boolean;
  replacesOlder: boolean;
}) {
  return {
    locale: input.locale,
    practiceName: input.practiceName,
    codeCreatedAt: input.createdAt.toISOString(),
    expiresAt: input.expiresAt.toISOString(),
    ttlMinutes: Math.round(input.ttlSeconds / 60),
    repeat: input.repeat,
    resend: input.resend,
    replacesOlder: input.replacesOlder,
  };
}

/** Makes the one live code of the account (voiding any older one) and queues its e-mail. */
async function issueCode(
  tx: Db,
  deps: SignInDeps,
  input: {
    attemptId: string;
    accountId: string;
    practiceId: string | null;
    email: string;
    practiceName: string | null;
    locale: Locale;
    reason: CodeReason;
    now: Date;
    client: ClientInfo;
    /** An event of the same transaction to write in the same statement as the code's. */
    precedingAudit?: AuditEntry;
  },
): Promise<void> {
  const { now } = input;
  const code = newSessionCode(deps.random);
  const codeId = newRowId();
  const superseded = await tx
    .updateTable('session_codes')
    .set({ state: 'superseded', superseded_by: codeId, ended_at: now, code_sealed: null })
    .where('account_id', '=', input.accountId)
    .where('state', '=', 'live')
    .executeTakeFirst();
  // The code and its e-mail in one statement.
  await tx
    .with('code', (qc) =>
      qc.insertInto('session_codes').values({
        id: codeId,
        attempt_id: input.attemptId,
        account_id: input.accountId,
        practice_id: input.practiceId,
        code_hash: codeHash(deps.keyring, input.accountId, code),
        code_sealed: deps.keyring.seal(code, sealContext(codeId, input.accountId)),
        email: input.email,
        state: 'live',
        created_at: now,
        expires_at: new Date(now.getTime() + deps.codeTtlSeconds * 1000),
      }),
    )
    .insertInto('outbox')
    .values(
      outboxRow(
        deps.outbox,
        {
          practiceId: input.practiceId,
          accountId: input.accountId,
          template: 'session_code',
          to: input.email,
          sessionCodeId: codeId,
          params: codeMailParams({
            locale: input.locale,
            practiceName: input.practiceName,
            createdAt: now,
            expiresAt: new Date(now.getTime() + deps.codeTtlSeconds * 1000),
            ttlSeconds: deps.codeTtlSeconds,
            repeat: false,
            resend: input.reason === 'resend_new',
            replacesOlder: Number(superseded.numUpdatedRows) > 0,
          }),
        },
        now,
      ),
    )
    .execute();
  const created: AuditEntry = {
    action: 'sign_in.code_created',
    outcome: 'info',
    practiceId: input.practiceId,
    actorAccountId: input.accountId,
    subjectAccountId: input.accountId,
    client: input.client,
    details: { reason: input.reason, codeId, replacedOlder: Number(superseded.numUpdatedRows) > 0 },
  };
  await recordAudits(tx, now, input.precedingAudit === undefined ? [created] : [input.precedingAudit, created]);
}

/** Reads the sealed code of a session code row, for the mail worker. Null once it is spent. */
export function unsealCode(keyring: Keyring, row: Pick<SessionCodeRow, 'id' | 'account_id' | 'code_sealed'>): string | null {
  if (row.code_sealed === null) return null;
  return keyring.unseal(row.code_sealed, sealContext(row.id, row.account_id));
}

// ---------------------------------------------------------------------------------------------
// Step 2: the code page

export type DeliveryState = 'waiting' | 'sent' | 'retrying' | 'failed' | 'dropped';

export interface CodeMailView {
  readonly queuedAt: Date;
  readonly sentAt: Date | null;
  readonly state: DeliveryState;
  readonly repeat: boolean;
}

export interface CodeStepView {
  readonly audience: Audience;
  readonly maskedEmail: string;
  readonly practiceName: string | null;
  readonly code: {
    readonly createdAt: Date;
    readonly expiresAt: Date;
    readonly status: 'live' | 'expired' | 'voided' | 'used' | 'superseded';
  } | null;
  /** E-mails for the current code, oldest first. */
  readonly mails: readonly CodeMailView[];
  readonly triesLeft: number;
  readonly pausedUntil: Date | null;
  readonly resendAvailableAt: Date | null;
  /** Staff with an authenticator app may enter its code instead of the e-mailed one. */
  readonly authenticatorAvailable: boolean;
  /** False when the practice requires the app: then there is no e-mailed code to ask for. */
  readonly emailCodeAllowed: boolean;
}

export type CodeStepState =
  | { readonly kind: 'awaiting_code'; readonly view: CodeStepView }
  | { readonly kind: 'gone' }
  | { readonly kind: 'completed' }
  | { readonly kind: 'superseded'; readonly newerAt: Date | null }
  | { readonly kind: 'expired' };

interface AttemptContext {
  readonly id: string;
  readonly accountId: string;
  readonly practiceId: string | null;
  readonly audience: Audience;
  readonly state: string;
  readonly expiresAt: Date;
}

async function findAttempt(db: Db, keyring: Keyring, token: string): Promise<AttemptContext | undefined> {
  if (token.length === 0 || token.length > 64) return undefined;
  const row = await db
    .selectFrom('sign_in_attempts')
    .select(['id', 'account_id', 'practice_id', 'audience', 'state', 'expires_at'])
    .where('token_hash', '=', keyring.hash('sign-in-token', token))
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    id: row.id,
    accountId: row.account_id,
    practiceId: row.practice_id,
    audience: row.audience,
    state: row.state,
    expiresAt: row.expires_at,
  };
}

async function newerAttemptAt(db: Db, attempt: AttemptContext): Promise<Date | null> {
  const row = await db
    .selectFrom('sign_in_attempts')
    .select('created_at')
    .where('account_id', '=', attempt.accountId)
    .where('id', '!=', attempt.id)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.created_at ?? null;
}

const codeColumns = ['id', 'account_id', 'state', 'code_hash', 'email', 'created_at', 'expires_at', 'ended_at'] as const;

/**
 * Why this sign-in takes no code now, e-mailed or from the app, read under the account's guard:
 * it is finished, replaced by a newer one, out of time, or the account's codes are paused.
 * Undefined when a code may be tried.
 */
async function whyNoCodeNow(
  tx: Db,
  attempt: AttemptContext,
  guard: { readonly code_paused_until: Date | null },
  now: Date,
): Promise<{ kind: 'completed' } | { kind: 'superseded'; newerAt: Date | null } | { kind: 'attempt_expired' } | { kind: 'paused'; until: Date } | undefined> {
  if (attempt.state === 'completed') return { kind: 'completed' };
  if (attempt.state === 'superseded') return { kind: 'superseded', newerAt: await newerAttemptAt(tx, attempt) };
  if (attempt.state === 'expired' || attempt.expiresAt <= now) return { kind: 'attempt_expired' };
  if (guard.code_paused_until !== null && guard.code_paused_until > now) return { kind: 'paused', until: guard.code_paused_until };
  return undefined;
}

async function latestCodeOfAttempt(db: Db, attemptId: string) {
  return db
    .selectFrom('session_codes')
    .select(codeColumns)
    .where('attempt_id', '=', attemptId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

function codeStatus(code: Pick<SessionCodeRow, 'state' | 'expires_at'>, now: Date): 'live' | 'expired' | 'voided' | 'used' | 'superseded' {
  if (code.state === 'live') return code.expires_at <= now ? 'expired' : 'live';
  return code.state;
}

/** What became of an e-mail, as the pages tell it; the e-mail change's page uses it too. */
export function deliveryState(row: { state: string; attempts: number }): DeliveryState {
  switch (row.state) {
    case 'sent':
      return 'sent';
    case 'failed':
      return 'failed';
    case 'dropped':
      return 'dropped';
    default:
      return row.attempts > 1 || (row.state === 'queued' && row.attempts > 0) ? 'retrying' : 'waiting';
  }
}

interface CodeStepRow {
  id: string;
  account_id: string;
  practice_id: string | null;
  audience: Audience;
  state: AttemptState;
  expires_at: Date;
  found_account_id: string | null;
  account_kind: AccountKind | null;
  account_practice_id: string | null;
  account_email: string | null;
  found_practice_id: string | null;
  practice_name: string | null;
  guard_account_id: string | null;
  wrong_code_tries: number | null;
  last_wrong_code_at: Date | null;
  code_paused_until: Date | null;
  code_id: string | null;
  code_state: CodeState | null;
  code_email: string | null;
  code_created_at: Date | null;
  code_expires_at: Date | null;
  mail_code_id: string | null;
  mail_created_at: Date | null;
  mail_sent_at: Date | null;
  mail_state: OutboxState | null;
  mail_attempts: number | null;
  mail_params: Record<string, unknown> | null;
  mail_recent: boolean | null;
  mail_resend: boolean | null;
}

/**
 * What the code page shows, in one statement: the sign-in, the account's e-mail address, the
 * practice, the account's guard, the newest code of the sign-in, and one row per e-mail that is
 * either a code e-mail of the account in the last hour (`recent`) or an e-mail of that code,
 * oldest first. Written as SQL: with Kysely, building this statement cost more than running it.
 */
async function findCodeStep(db: Db, keyring: Keyring, token: string, now: Date): Promise<CodeStepRow[]> {
  if (token.length === 0 || token.length > 64) return [];
  const hourAgo = new Date(now.getTime() - 3600_000);
  const result = await sql<CodeStepRow>`
    SELECT a.id, a.account_id, a.practice_id, a.audience, a.state, a.expires_at,
      acc.id AS found_account_id, acc.kind AS account_kind, acc.practice_id AS account_practice_id, acc.email AS account_email,
      p.id AS found_practice_id, p.name AS practice_name,
      g.account_id AS guard_account_id, g.wrong_code_tries, g.last_wrong_code_at, g.code_paused_until,
      c.id AS code_id, c.state AS code_state, c.email AS code_email, c.created_at AS code_created_at, c.expires_at AS code_expires_at,
      m.session_code_id AS mail_code_id, m.created_at AS mail_created_at, m.sent_at AS mail_sent_at, m.state AS mail_state,
      m.attempts AS mail_attempts, m.params AS mail_params, m.recent AS mail_recent, m.resend AS mail_resend
    FROM sign_in_attempts a
    LEFT JOIN accounts acc ON acc.id = a.account_id
    LEFT JOIN practices p ON p.id = a.practice_id
    LEFT JOIN sign_in_guards g ON g.account_id = a.account_id
    LEFT JOIN LATERAL (
      SELECT id, state, email, created_at, expires_at FROM session_codes
      WHERE attempt_id = a.id ORDER BY created_at DESC LIMIT 1
    ) c ON true
    LEFT JOIN LATERAL (
      SELECT session_code_id, created_at, sent_at, state, attempts, params,
        (account_id = a.account_id AND template = 'session_code' AND created_at > ${hourAgo}) AS recent,
        (params->>'resend') = 'true' AS resend
      FROM outbox
      WHERE (account_id = a.account_id AND template = 'session_code' AND created_at > ${hourAgo}) OR session_code_id = c.id
    ) m ON true
    WHERE a.token_hash = ${keyring.hash('sign-in-token', token)}
    ORDER BY m.created_at`.execute(db);
  return result.rows;
}

export async function describeCodeStep(deps: SignInDeps, attemptToken: string): Promise<CodeStepState> {
  const { db, clock } = deps;
  const now = clock.now();
  const rows = await findCodeStep(db, deps.keyring, attemptToken, now);
  const facts = rows[0];
  if (facts === undefined) return { kind: 'gone' };
  const attempt: AttemptContext = {
    id: facts.id,
    accountId: facts.account_id,
    practiceId: facts.practice_id,
    audience: facts.audience,
    state: facts.state,
    expiresAt: facts.expires_at,
  };
  if (attempt.state === 'completed') return { kind: 'completed' };
  if (attempt.state === 'superseded') return { kind: 'superseded', newerAt: await newerAttemptAt(db, attempt) };
  if (attempt.state === 'expired' || attempt.expiresAt <= now) return { kind: 'expired' };

  if (facts.found_account_id === null || facts.account_kind === null || facts.account_email === null) return { kind: 'gone' };
  const account = { id: facts.found_account_id, kind: facts.account_kind, practiceId: facts.account_practice_id, email: facts.account_email };
  const practice = facts.found_practice_id === null || facts.practice_name === null ? undefined : { name: facts.practice_name };
  const code =
    facts.code_id === null || facts.code_state === null || facts.code_email === null || facts.code_created_at === null || facts.code_expires_at === null
      ? undefined
      : { id: facts.code_id, state: facts.code_state, email: facts.code_email, created_at: facts.code_created_at, expires_at: facts.code_expires_at };
  const outbox = rows.flatMap((row) =>
    row.mail_created_at === null || row.mail_state === null || row.mail_attempts === null
      ? []
      : [
          {
            session_code_id: row.mail_code_id,
            created_at: row.mail_created_at,
            sent_at: row.mail_sent_at,
            state: row.mail_state,
            attempts: row.mail_attempts,
            params: row.mail_params ?? {},
            recent: row.mail_recent === true,
            resend: row.mail_resend === true,
          },
        ],
  );
  const mails = code === undefined ? [] : outbox.filter((mail) => mail.session_code_id === code.id);
  const guard =
    facts.guard_account_id === null || facts.wrong_code_tries === null
      ? undefined
      : { wrong_code_tries: facts.wrong_code_tries, last_wrong_code_at: facts.last_wrong_code_at, code_paused_until: facts.code_paused_until };
  const wrongTries = guard === undefined ? 0 : currentWrongTries(guard.wrong_code_tries, guard.last_wrong_code_at, now);
  const recent = outbox.filter((mail) => mail.recent);
  const lastResend = recent.filter((mail) => mail.resend).at(-1);
  const decision = decideResend({
    now,
    liveCodeExpiresAt: code !== undefined && codeStatus(code, now) === 'live' ? code.expires_at : null,
    // Only the last hour is read: a re-send longer ago than that has no cooldown left anyway.
    lastResendAt: lastResend?.created_at ?? null,
    codeMailsLastHour: recent.map((mail) => mail.created_at),
  });
  const pausedUntil = guard?.code_paused_until !== null && guard?.code_paused_until !== undefined && guard.code_paused_until > now ? guard.code_paused_until : null;

  return {
    kind: 'awaiting_code',
    view: {
      audience: attempt.audience,
      maskedEmail: maskEmail(code?.email ?? account.email),
      practiceName: practice?.name ?? null,
      code: code === undefined ? null : { createdAt: code.created_at, expiresAt: code.expires_at, status: codeStatus(code, now) },
      mails: mails.map((mail) => ({
        queuedAt: mail.created_at,
        sentAt: mail.sent_at,
        state: deliveryState(mail),
        repeat: mail.params['repeat'] === true,
      })),
      triesLeft: triesLeftOnCode(wrongTries),
      pausedUntil,
      resendAvailableAt: decision.kind === 'wait' || decision.kind === 'hourly_limit' ? decision.until : null,
      authenticatorAvailable: attempt.audience === 'staff' && (await findAuthenticatorState(db, attempt.accountId))?.enabledAt instanceof Date,
      emailCodeAllowed: !(await appRequiredFor(db, account)),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Step 2: entering the code

export type CodeSubmitResult =
  | { readonly kind: 'signed_in'; readonly sessionToken: string; readonly accountId: string; readonly audience: Audience }
  | { readonly kind: 'malformed'; readonly digitCount: number; readonly hasOtherCharacters: boolean }
  | { readonly kind: 'wrong'; readonly triesLeft: number }
  | { readonly kind: 'voided'; readonly pausedUntil: Date | null }
  | { readonly kind: 'paused'; readonly until: Date }
  | { readonly kind: 'expired'; readonly createdAt: Date }
  | { readonly kind: 'older_code'; readonly olderCreatedAt: Date; readonly newestCreatedAt: Date }
  | { readonly kind: 'used_code'; readonly usedAt: Date }
  | { readonly kind: 'no_live_code' }
  | { readonly kind: 'superseded'; readonly newerAt: Date | null }
  | { readonly kind: 'attempt_expired' }
  | { readonly kind: 'completed' }
  | { readonly kind: 'gone' };

/** How far back an entered code is compared with older codes, to explain what happened. */
const OLDER_CODE_LOOKBACK_SECONDS = 24 * 60 * 60;

interface AttemptAndCodesRow {
  id: string;
  account_id: string;
  practice_id: string | null;
  audience: Audience;
  state: AttemptState;
  expires_at: Date;
  current_id: string | null;
  current_state: CodeState | null;
  current_code_hash: string | null;
  current_created_at: Date | null;
  current_expires_at: Date | null;
  older_id: string | null;
  older_state: CodeState | null;
  older_created_at: Date | null;
  older_ended_at: Date | null;
}

/**
 * The sign-in as it is once the guard is held, its newest code, and the newest code of the
 * account (within the look-back) whose hash is the entered one: one statement, written as SQL
 * (with Kysely, building it cost more than running it).
 */
async function findAttemptAndCodes(tx: Db, keyring: Keyring, token: string, accountId: string, enteredHash: string, now: Date) {
  const result = await sql<AttemptAndCodesRow>`
    SELECT a.id, a.account_id, a.practice_id, a.audience, a.state, a.expires_at,
      c.id AS current_id, c.state AS current_state, c.code_hash AS current_code_hash,
      c.created_at AS current_created_at, c.expires_at AS current_expires_at,
      o.id AS older_id, o.state AS older_state, o.created_at AS older_created_at, o.ended_at AS older_ended_at
    FROM sign_in_attempts a
    LEFT JOIN LATERAL (
      SELECT id, state, code_hash, created_at, expires_at FROM session_codes
      WHERE attempt_id = a.id ORDER BY created_at DESC LIMIT 1
    ) c ON true
    LEFT JOIN LATERAL (
      SELECT id, state, created_at, ended_at FROM session_codes
      WHERE account_id = ${accountId} AND code_hash = ${enteredHash}
        AND created_at > ${new Date(now.getTime() - OLDER_CODE_LOOKBACK_SECONDS * 1000)}
      ORDER BY created_at DESC LIMIT 1
    ) o ON true
    WHERE a.token_hash = ${keyring.hash('sign-in-token', token)}`.execute(tx);
  const row = result.rows[0];
  if (row === undefined) return undefined;
  const attempt: AttemptContext = {
    id: row.id,
    accountId: row.account_id,
    practiceId: row.practice_id,
    audience: row.audience,
    state: row.state,
    expiresAt: row.expires_at,
  };
  const current =
    row.current_id === null || row.current_state === null || row.current_code_hash === null || row.current_created_at === null || row.current_expires_at === null
      ? undefined
      : { id: row.current_id, state: row.current_state, code_hash: row.current_code_hash, created_at: row.current_created_at, expires_at: row.current_expires_at };
  const older =
    row.older_id === null || row.older_state === null || row.older_created_at === null
      ? undefined
      : { id: row.older_id, state: row.older_state, created_at: row.older_created_at, ended_at: row.older_ended_at };
  return { attempt, current, older };
}

export async function submitCode(
  deps: SignInDeps,
  input: { attemptToken: string; rawCode: string; client: ClientInfo },
): Promise<CodeSubmitResult> {
  const { db, clock } = deps;
  // Not six digits: say how many were typed; it is not a guess, so it costs no try.
  const normalized = normalizeCodeInput(input.rawCode.slice(0, 200));
  if (normalized.kind === 'malformed') {
    if ((await findAttempt(db, deps.keyring, input.attemptToken)) === undefined) return { kind: 'gone' };
    return { kind: 'malformed', digitCount: normalized.digitCount, hasOtherCharacters: normalized.hasOtherCharacters };
  }
  const entered = normalized.code;

  return db.transaction().execute(async (tx): Promise<CodeSubmitResult> => {
    // One submit per account at a time, across all processes: the try is counted and the code
    // consumed under this lock, so parallel submits can neither exceed the try limit nor both
    // use the same code.
    const guard = await lockGuardOfAttempt(tx, deps.keyring, input.attemptToken);
    if (guard === undefined) return { kind: 'gone' };
    const now = clock.now();
    const enteredHash = codeHash(deps.keyring, guard.account_id, entered);
    const found = await findAttemptAndCodes(tx, deps.keyring, input.attemptToken, guard.account_id, enteredHash, now);
    if (found === undefined) return { kind: 'gone' };
    const { attempt, current, older } = found;
    const closed = await whyNoCodeNow(tx, attempt, guard, now);
    if (closed !== undefined) return closed;

    const audit = (outcome: 'success' | 'failure', reason: string, extra: Record<string, string | number> = {}) =>
      recordAudit(tx, now, {
        action: outcome === 'success' ? 'sign_in.code_accepted' : 'sign_in.code_refused',
        outcome,
        practiceId: attempt.practiceId,
        actorAccountId: attempt.accountId,
        subjectAccountId: attempt.accountId,
        client: input.client,
        details: { reason, ...extra },
      });

    if (current !== undefined && current.state === 'live' && constantTimeEqual(current.code_hash, enteredHash)) {
      if (current.expires_at <= now) {
        await audit('failure', 'expired', { codeId: current.id });
        return { kind: 'expired', createdAt: current.created_at };
      }
      // Consumed with a guarded UPDATE: only one statement can move it out of 'live'. The sign-in
      // and the guard are updated in the same statement, and only if that one did.
      const consumed = await tx
        .with('consumed', (qc) =>
          qc
            .updateTable('session_codes')
            .set({ state: 'used', ended_at: now, code_sealed: null })
            .where('id', '=', current.id)
            .where('state', '=', 'live')
            .returning('id'),
        )
        .with('completed_attempt', (qc) =>
          qc
            .updateTable('sign_in_attempts')
            .set({ state: 'completed', ended_at: now })
            .where('id', '=', attempt.id)
            .where((eb) => eb.exists(eb.selectFrom('consumed').select('consumed.id'))),
        )
        .with('reset_guard', (qc) =>
          qc
            .updateTable('sign_in_guards')
            .set({ wrong_code_tries: 0, last_wrong_code_at: null, code_paused_until: null })
            .where('account_id', '=', attempt.accountId)
            .where((eb) => eb.exists(eb.selectFrom('consumed').select('consumed.id'))),
        )
        .selectFrom('consumed')
        .select('consumed.id')
        .executeTakeFirst();
      if (consumed === undefined) return { kind: 'completed' };
      const sessionToken = await openSession(tx, deps, attempt, input.client, now);
      await audit('success', 'code_accepted', { codeId: current.id });
      return { kind: 'signed_in', sessionToken, accountId: attempt.accountId, audience: attempt.audience };
    }

    // Not the current code. Is it one this account had before? Then say so instead of "wrong":
    // that is the seed's most common cause, and it is not a guess.
    if (older !== undefined && older.id !== current?.id) {
      if (older.state === 'used') {
        await audit('failure', 'used_code', { codeId: older.id });
        return { kind: 'used_code', usedAt: older.ended_at ?? older.created_at };
      }
      await audit('failure', 'older_code', { codeId: older.id });
      return { kind: 'older_code', olderCreatedAt: older.created_at, newestCreatedAt: current?.created_at ?? now };
    }
    if (older !== undefined && current !== undefined && current.state === 'voided') {
      await audit('failure', 'voided_code', { codeId: current.id });
      return { kind: 'no_live_code' };
    }

    if (current === undefined || current.state !== 'live') {
      // No code to compare against any more (voided after too many tries): nothing to guess.
      return { kind: 'no_live_code' };
    }
    if (current.expires_at <= now) {
      // The code has run out: whatever was typed, the answer is the same and costs no try.
      await audit('failure', 'expired', { codeId: current.id });
      return { kind: 'expired', createdAt: current.created_at };
    }

    const { wrongTries, pausedUntil, voidsCode: voidCode } = countWrongTry(
      { count: guard.wrong_code_tries, lastWrongAt: guard.last_wrong_code_at },
      now,
      1,
    );
    // The try is counted on the guard and on the code in one statement.
    await tx
      .with('counted', (qc) =>
        qc
          .updateTable('sign_in_guards')
          .set({ wrong_code_tries: wrongTries, last_wrong_code_at: now, code_paused_until: pausedUntil })
          .where('account_id', '=', attempt.accountId),
      )
      .updateTable('session_codes')
      .set(
        voidCode
          ? { wrong_tries: sql<number>`wrong_tries + 1`, state: 'voided', ended_at: now, code_sealed: null }
          : { wrong_tries: sql<number>`wrong_tries + 1` },
      )
      .where('id', '=', current.id)
      .execute();
    await audit('failure', voidCode ? 'wrong_code_voided' : 'wrong_code', { codeId: current.id, wrongTries });
    if (pausedUntil !== null) await recordPause(tx, attempt, input.client, now, pausedUntil, wrongTries);
    if (voidCode) return { kind: 'voided', pausedUntil };
    return { kind: 'wrong', triesLeft: triesLeftOnCode(wrongTries) };
  });
}

/**
 * After a new password: whoever knew the old one and is half-way a sign-in cannot finish it, nor
 * use a code already sent. Inside the caller's transaction.
 */
export async function abandonPendingSignIns(tx: Db, accountId: string, now: Date): Promise<void> {
  await tx
    .updateTable('sign_in_attempts')
    .set({ state: 'superseded', ended_at: now })
    .where('account_id', '=', accountId)
    .where('state', '=', 'awaiting_code')
    .execute();
  await tx
    .updateTable('session_codes')
    .set({ state: 'voided', ended_at: now, code_sealed: null })
    .where('account_id', '=', accountId)
    .where('state', '=', 'live')
    .execute();
}

/** The session a completed sign-in gives: a brand-new one, with its audience's time limits. */
function openSession(tx: Db, deps: SignInDeps, attempt: AttemptContext, client: ClientInfo, now: Date): Promise<string> {
  return createSession(tx, deps, {
    accountId: attempt.accountId,
    practiceId: attempt.practiceId,
    audience: attempt.audience,
    client,
    now,
    policy: deps.sessionPolicy(attempt.audience),
  });
}

/** The pause goes into the trail, where the practice's diagnosis reads it. */
function recordPause(tx: Db, attempt: AttemptContext, client: ClientInfo, now: Date, until: Date, wrongTries: number): Promise<void> {
  return recordAudit(tx, now, {
    action: 'sign_in.code_paused',
    outcome: 'info',
    practiceId: attempt.practiceId,
    subjectAccountId: attempt.accountId,
    client,
    details: { until: until.toISOString(), wrongTries },
  });
}

// ---------------------------------------------------------------------------------------------
// "Geen sessiecode ontvangen?"

export type ResendResult =
  | { readonly kind: 'same_code_sent'; readonly codeCreatedAt: Date }
  | { readonly kind: 'new_code_sent' }
  | { readonly kind: 'wait'; readonly until: Date }
  | { readonly kind: 'hourly_limit'; readonly until: Date }
  | { readonly kind: 'paused'; readonly until: Date }
  | { readonly kind: 'not_possible' };

export async function resendCode(
  deps: SignInDeps,
  input: { attemptToken: string; client: ClientInfo; locale: Locale },
): Promise<ResendResult> {
  const { db, clock } = deps;
  const result = await db.transaction().execute(async (tx): Promise<ResendResult> => {
    const guard = await lockGuardOfAttempt(tx, deps.keyring, input.attemptToken);
    if (guard === undefined) return { kind: 'not_possible' };
    const now = clock.now();
    const attempt = await findAttempt(tx, deps.keyring, input.attemptToken);
    if (attempt === undefined || attempt.state !== 'awaiting_code' || attempt.expiresAt <= now) return { kind: 'not_possible' };
    if (guard.code_paused_until !== null && guard.code_paused_until > now) return { kind: 'paused', until: guard.code_paused_until };
    const account = await findAccountById(tx, attempt.accountId);
    if (account === undefined || account.status !== 'active') return { kind: 'not_possible' };
    if (await appRequiredFor(tx, account)) return { kind: 'not_possible' };

    const current = await latestCodeOfAttempt(tx, attempt.id);
    const mailTimes = await codeMailsLastHour(tx, attempt.accountId, now);
    const decision = decideResend({
      now,
      liveCodeExpiresAt: current !== undefined && codeStatus(current, now) === 'live' ? current.expires_at : null,
      lastResendAt: await lastResendAt(tx, attempt.accountId),
      codeMailsLastHour: mailTimes,
    });
    if (decision.kind === 'wait' || decision.kind === 'hourly_limit') return decision;
    const practice = attempt.practiceId === null ? undefined : await findPracticeById(tx, attempt.practiceId);
    if (decision.kind === 'same_code' && current !== undefined) {
      // The same code again: a late first e-mail and this one both work.
      await enqueueMail(
        tx,
        deps.outbox,
        {
          practiceId: attempt.practiceId,
          accountId: attempt.accountId,
          template: 'session_code',
          to: current.email,
          sessionCodeId: current.id,
          params: codeMailParams({
            locale: input.locale,
            practiceName: practice?.name ?? null,
            createdAt: current.created_at,
            expiresAt: current.expires_at,
            ttlSeconds: deps.codeTtlSeconds,
            repeat: true,
            resend: true,
            replacesOlder: false,
          }),
        },
        now,
      );
      await recordAudit(tx, now, {
        action: 'sign_in.code_resent',
        outcome: 'info',
        practiceId: attempt.practiceId,
        actorAccountId: attempt.accountId,
        subjectAccountId: attempt.accountId,
        client: input.client,
        details: { codeId: current.id, sameCode: true },
      });
      return { kind: 'same_code_sent', codeCreatedAt: current.created_at };
    }
    await issueCode(tx, deps, {
      attemptId: attempt.id,
      accountId: attempt.accountId,
      practiceId: attempt.practiceId,
      email: account.email,
      practiceName: practice?.name ?? null,
      locale: input.locale,
      reason: 'resend_new',
      now,
      client: input.client,
    });
    return { kind: 'new_code_sent' };
  });
  if (result.kind === 'same_code_sent' || result.kind === 'new_code_sent') deps.mailQueued();
  return result;
}

// ---------------------------------------------------------------------------------------------
// Staff: the code from an authenticator app instead of the e-mailed one

export type AuthenticatorSubmitResult =
  | { readonly kind: 'signed_in'; readonly sessionToken: string; readonly accountId: string; readonly audience: Audience }
  | { readonly kind: 'malformed'; readonly digitCount: number; readonly hasOtherCharacters: boolean }
  | { readonly kind: 'wrong'; readonly triesLeft: number }
  | { readonly kind: 'voided'; readonly pausedUntil: Date | null }
  | { readonly kind: 'paused'; readonly until: Date }
  | { readonly kind: 'not_set_up' }
  | { readonly kind: 'superseded'; readonly newerAt: Date | null }
  | { readonly kind: 'attempt_expired' }
  | { readonly kind: 'completed' }
  | { readonly kind: 'gone' };

/**
 * The same guarded step as `submitCode`, with the secret of the account's authenticator app: the
 * same per-account lock, the same count of wrong tries (they share one budget, so offering two
 * kinds of code gives an attacker no extra guesses), and a used time step is never accepted again.
 */
export async function submitAuthenticatorCode(
  deps: SignInDeps,
  input: { attemptToken: string; rawCode: string; client: ClientInfo },
): Promise<AuthenticatorSubmitResult> {
  const { db, clock } = deps;
  const normalized = normalizeCodeInput(input.rawCode.slice(0, 200));
  if (normalized.kind === 'malformed') {
    const attempt = await findAttempt(db, deps.keyring, input.attemptToken);
    if (attempt === undefined || attempt.audience !== 'staff') return { kind: 'gone' };
    return { kind: 'malformed', digitCount: normalized.digitCount, hasOtherCharacters: normalized.hasOtherCharacters };
  }
  return db.transaction().execute(async (tx): Promise<AuthenticatorSubmitResult> => {
    // The same lock as submitCode, found from the token in the same statement.
    const guard = await lockGuardOfAttempt(tx, deps.keyring, input.attemptToken);
    if (guard === undefined) return { kind: 'gone' };
    const now = clock.now();
    const attempt = await findAttempt(tx, deps.keyring, input.attemptToken);
    if (attempt === undefined || attempt.audience !== 'staff') return { kind: 'gone' };
    const closed = await whyNoCodeNow(tx, attempt, guard, now);
    if (closed !== undefined) return closed;
    const app = await findAuthenticatorState(tx, attempt.accountId);
    if (app === undefined || app.enabledAt === null || app.secretSealed === null) return { kind: 'not_set_up' };

    const audit = (outcome: 'success' | 'failure', reason: string, extra: Record<string, string | number> = {}) =>
      recordAudit(tx, now, {
        action: outcome === 'success' ? 'sign_in.code_accepted' : 'sign_in.code_refused',
        outcome,
        practiceId: attempt.practiceId,
        actorAccountId: attempt.accountId,
        subjectAccountId: attempt.accountId,
        client: input.client,
        details: { method: 'authenticator', reason, ...extra },
      });

    const secret = unsealAuthenticatorSecret(deps.keyring, attempt.accountId, app.secretSealed);
    const step = verifyAuthenticatorCode(secret, normalized.code, now, app.lastStep);
    if (step !== null && (await recordAuthenticatorStep(tx, attempt.accountId, step))) {
      // The e-mailed code of this sign-in is no longer needed: it stops working now.
      await tx
        .updateTable('session_codes')
        .set({ state: 'superseded', ended_at: now, code_sealed: null })
        .where('attempt_id', '=', attempt.id)
        .where('state', '=', 'live')
        .execute();
      await tx.updateTable('sign_in_attempts').set({ state: 'completed', ended_at: now }).where('id', '=', attempt.id).execute();
      await tx
        .updateTable('sign_in_guards')
        .set({ wrong_code_tries: 0, last_wrong_code_at: null, code_paused_until: null })
        .where('account_id', '=', attempt.accountId)
        .execute();
      const sessionToken = await openSession(tx, deps, attempt, input.client, now);
      await audit('success', 'authenticator_accepted');
      return { kind: 'signed_in', sessionToken, accountId: attempt.accountId, audience: attempt.audience };
    }

    // A guess is compared with two codes (this step and the one before), so it costs two tries:
    // the guessing arithmetic of docs/security.md holds for app codes too.
    const { wrongTries, pausedUntil, voidsCode: voidCode } = countWrongTry(
      { count: guard.wrong_code_tries, lastWrongAt: guard.last_wrong_code_at },
      now,
      AUTHENTICATOR_CODES_PER_GUESS,
    );
    await tx
      .updateTable('sign_in_guards')
      .set({ wrong_code_tries: wrongTries, last_wrong_code_at: now, code_paused_until: pausedUntil })
      .where('account_id', '=', attempt.accountId)
      .execute();
    if (voidCode) {
      await tx
        .updateTable('session_codes')
        .set({ state: 'voided', ended_at: now, code_sealed: null })
        .where('attempt_id', '=', attempt.id)
        .where('state', '=', 'live')
        .execute();
    }
    await audit('failure', 'wrong_authenticator_code', { wrongTries });
    if (pausedUntil !== null) await recordPause(tx, attempt, input.client, now, pausedUntil, wrongTries);
    if (voidCode || pausedUntil !== null) return { kind: 'voided', pausedUntil };
    return { kind: 'wrong', triesLeft: triesLeftOnCode(wrongTries) };
  });
}
