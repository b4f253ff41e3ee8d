/**
 * "Mijn account" for a signed-in patient: recent sign-ins, active sessions, ending the other
 * sessions, changing the password and "Was dit u niet?". No HTTP here; the routes are in
 * my-account.routes.tsx.
 */
import type { Db } from '../storage/database.ts';
import type { Clock } from '../security/clock.ts';
import { hashPassword } from '../security/password.ts';
import { enqueueMail, type OutboxDeps } from '../mail/outbox.ts';
import { recordAudit, type AuditAction, type ClientInfo } from '../audit/audit.ts';
import type { Locale } from '../i18n/locale.ts';
import { endAllSessionsOf } from '../auth/session.ts';
import { findPracticeById } from '../practices/practice.repository.ts';
import { setPassword, type Account } from './account.repository.ts';
import { checkNewPassword, type PasswordProblem } from './password-rules.ts';
import { checkCurrentPassword } from './current-password.ts';
import { abandonPendingSignIns } from '../auth/sign-in/sign-in.flow.ts';

export interface MyAccountDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly outbox: OutboxDeps;
  readonly mailQueued: () => void;
}

/** How many sign-ins the page lists. */
export const RECENT_SIGN_INS = 20;

/** The audited steps that tell the patient how a sign-in went. */
export const SIGN_IN_ACTIONS = [
  'sign_in.code_accepted',
  'sign_in.code_refused',
  'sign_in.code_paused',
  'sign_in.password_refused',
  'sign_in.password_throttled',
] as const satisfies readonly AuditAction[];

export type SignInAction = (typeof SIGN_IN_ACTIONS)[number];

export interface SignInEvent {
  readonly at: Date;
  readonly action: SignInAction;
  readonly userAgent: string | null;
}

/** The last sign-ins (and failed tries) of this account, newest first. */
export async function recentSignIns(db: Db, accountId: string, limit = RECENT_SIGN_INS): Promise<SignInEvent[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['occurred_at', 'action', 'user_agent'])
    .where('subject_account_id', '=', accountId)
    .where('action', 'in', SIGN_IN_ACTIONS)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ at: row.occurred_at, action: row.action as SignInAction, userAgent: row.user_agent }));
}

export interface SessionSummary {
  readonly id: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly userAgent: string | null;
  readonly current: boolean;
}

/** Sessions of this account that still work (not ended, not expired), newest first. */
export async function activeSessions(db: Db, accountId: string, currentSessionId: string, now: Date): Promise<SessionSummary[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'user_agent'])
    .where('account_id', '=', accountId)
    .where('ended_at', 'is', null)
    .where('idle_expires_at', '>', now)
    .where('absolute_expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    userAgent: row.user_agent,
    current: row.id === currentSessionId,
  }));
}

async function endOtherSessionsIn(tx: Db, accountId: string, currentSessionId: string, now: Date): Promise<number> {
  const result = await tx
    .updateTable('sessions')
    .set({ ended_at: now })
    .where('account_id', '=', accountId)
    .where('id', '!=', currentSessionId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** "Elders uitloggen": every other session of this account ends; this one stays. */
export async function endOtherSessions(deps: Pick<MyAccountDeps, 'db' | 'clock'>, input: { account: Account; currentSessionId: string; client: ClientInfo }): Promise<number> {
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const ended = await endOtherSessionsIn(tx, input.account.id, input.currentSessionId, now);
    await recordAudit(tx, now, {
      action: 'session.ended_elsewhere',
      outcome: 'success',
      practiceId: input.account.practiceId,
      actorAccountId: input.account.id,
      subjectAccountId: input.account.id,
      client: input.client,
      details: { ended },
    });
    return ended;
  });
}

export type ChangePasswordResult =
  | { readonly kind: 'changed'; readonly endedSessions: number }
  | { readonly kind: 'wrong_current' }
  | { readonly kind: 'throttled'; readonly until: Date }
  | { readonly kind: 'bad_password'; readonly problem: PasswordProblem };

/**
 * "Wachtwoord wijzigen". The current password is checked under the same per-username and
 * per-address throttle as the login, so this form is no side door for guessing. On success the
 * other sessions end (and any sign-in half-way), and a notice goes to the account's address.
 */
export async function changePassword(
  deps: MyAccountDeps,
  input: { account: Account; currentSessionId: string; currentPassword: string; newPassword: string; client: ClientInfo; locale: Locale },
): Promise<ChangePasswordResult> {
  const { db, clock } = deps;
  const { account } = input;
  // The same rules as choosing a password from a link: length, and not common or guessable.
  const checked = checkNewPassword(input.newPassword, { username: account.username, email: account.email, displayName: account.displayName });
  if (!checked.ok) return { kind: 'bad_password', problem: checked.problem };

  const current = await checkCurrentPassword(db, clock, { account, password: input.currentPassword, client: input.client });
  if (current.kind !== 'ok') {
    // A wrong password was counted before the check; only the trail is left to write.
    await recordAudit(db, clock.now(), {
      action: 'account.password_changed',
      outcome: 'failure',
      practiceId: account.practiceId,
      actorAccountId: account.id,
      subjectAccountId: account.id,
      client: input.client,
      details: current.kind === 'throttled' ? { reason: 'throttled', until: current.until.toISOString() } : { reason: 'wrong_current' },
    });
    return current.kind === 'throttled' ? { kind: 'throttled', until: current.until } : { kind: 'wrong_current' };
  }

  const passwordHash = await hashPassword(input.newPassword);
  const practice = account.practiceId === null ? undefined : await findPracticeById(db, account.practiceId);
  const result = await db.transaction().execute(async (tx): Promise<ChangePasswordResult> => {
    const now = clock.now();
    if (!(await setPassword(tx, account.id, passwordHash, now))) return { kind: 'wrong_current' };
    const endedSessions = await endOtherSessionsIn(tx, account.id, input.currentSessionId, now);
    await abandonPendingSignIns(tx, account.id, now);
    await recordAudit(tx, now, {
      action: 'account.password_changed',
      outcome: 'success',
      practiceId: account.practiceId,
      actorAccountId: account.id,
      subjectAccountId: account.id,
      client: input.client,
      details: { endedSessions },
    });
    await enqueueMail(
      tx,
      deps.outbox,
      {
        practiceId: account.practiceId,
        accountId: account.id,
        template: 'password_changed',
        to: account.email,
        params: { locale: input.locale, practiceName: practice?.name ?? null, changedAt: now.toISOString() },
      },
      now,
    );
    return { kind: 'changed', endedSessions };
  });
  if (result.kind === 'changed') deps.mailQueued();
  return result;
}

/** "Was dit u niet?": every session ends, this one too; the patient goes on to a new password. */
export async function reportCompromise(deps: Pick<MyAccountDeps, 'db' | 'clock'>, input: { account: Account; client: ClientInfo }): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    await endAllSessionsOf(tx, input.account.id, now);
    await recordAudit(tx, now, {
      action: 'account.compromise_reported',
      outcome: 'info',
      practiceId: input.account.practiceId,
      actorAccountId: input.account.id,
      subjectAccountId: input.account.id,
      client: input.client,
    });
  });
}

export interface BrowserSummary {
  readonly browser: string | null;
  readonly system: string | null;
}

/** A short readable form of a user agent: the browser and the system, as far as known. */
export function summarizeUserAgent(userAgent: string | null): BrowserSummary {
  if (userAgent === null || userAgent.trim() === '') return { browser: null, system: null };
  const ua = userAgent;
  const browser = /Edg(e|A|iOS)?\//.test(ua)
    ? 'Edge'
    : /OPR\/|Opera/.test(ua)
      ? 'Opera'
      : /SamsungBrowser\//.test(ua)
        ? 'Samsung Internet'
        : /Firefox\/|FxiOS\//.test(ua)
          ? 'Firefox'
          : /Chrome\/|CriOS\/|Chromium\//.test(ua)
            ? 'Chrome'
            : /Safari\//.test(ua) && /Version\//.test(ua)
              ? 'Safari'
              : null;
  const system = /iPhone|iPad|iPod/.test(ua)
    ? /iPad/.test(ua)
      ? 'iPad'
      : 'iPhone'
    : /Android/.test(ua)
      ? 'Android'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /CrOS/.test(ua)
            ? 'ChromeOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : null;
  return { browser, system };
}

const dateTimeFormat = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `dd-mm-jjjj HH:MM` in Dutch time. */
export function formatDateTime(at: Date): string {
  const parts = Object.fromEntries(dateTimeFormat.formatToParts(at).map((part) => [part.type, part.value]));
  return `${parts['day']}-${parts['month']}-${parts['year']} ${parts['hour']}:${parts['minute']}`;
}
