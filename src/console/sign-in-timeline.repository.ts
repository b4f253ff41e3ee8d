/**
 * Loads one patient's recent sign-in history for "Kan niet inloggen", and lifts the blocks on
 * it. Every query is scoped by the patient's id (the throttle by the patient's own username);
 * the caller has already checked that the patient belongs to the staff member's practice.
 * Rows are mapped to the plain types of sign-in-diagnosis.ts; no row leaves this module.
 */
import type { Db } from '../storage/database.ts';
import { recordAudit, type AuditAction, type ClientInfo } from '../audit/audit.ts';
import { usernameKey } from '../auth/password-throttle.ts';
import {
  TIMELINE_DAYS,
  TIMELINE_MAX_ENTRIES,
  type AccountEventKind,
  type CodeRefusal,
  type MailKind,
  type SignInTimeline,
  type TimelineEvent,
} from './sign-in-diagnosis.ts';

/** The audited actions about a patient that belong on the timeline, and what they become. */
const EVENT_ACTIONS = {
  'sign_in.password_accepted': 'password_accepted',
  'sign_in.password_refused': 'password_refused',
  'sign_in.password_throttled': 'password_throttled',
  'sign_in.code_refused': 'code_refused',
  'sign_in.code_accepted': 'code_accepted',
  'sign_in.code_paused': 'code_paused',
  'sign_in.pause_lifted': 'block_lifted',
  'account.created': 'account_created',
  'account.password_set': 'password_set',
  'account.recovery_requested': 'recovery_requested',
  'patient.deactivated': 'deactivated',
  'patient.reactivated': 'reactivated',
  'patient.updated': 'details_changed',
  // The patient's own changes in Mijn account: a new address explains codes in another mailbox.
  'account.email_changed': 'email_changed',
  'account.password_changed': 'password_changed',
} as const satisfies Partial<Record<AuditAction, TimelineEvent['kind']>>;

type EventAction = keyof typeof EVENT_ACTIONS;

const CODE_REFUSALS: readonly CodeRefusal[] = ['wrong_code', 'wrong_code_voided', 'older_code', 'used_code', 'expired', 'voided_code'];

function text(details: Record<string, unknown>, key: string): string | null {
  const value = details[key];
  return typeof value === 'string' ? value : null;
}

function count(details: Record<string, unknown>, key: string): number | null {
  const value = details[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function instant(details: Record<string, unknown>, key: string): Date | null {
  const value = text(details, key);
  if (value === null) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

function toEvent(action: EventAction, at: Date, details: Record<string, unknown>): TimelineEvent {
  const kind = EVENT_ACTIONS[action];
  switch (kind) {
    case 'password_throttled':
      return { kind, at, until: instant(details, 'until') };
    case 'code_refused': {
      const reason = text(details, 'reason');
      return {
        kind,
        at,
        reason: CODE_REFUSALS.find((known) => known === reason) ?? 'other',
        codeId: text(details, 'codeId'),
        wrongTries: count(details, 'wrongTries'),
      };
    }
    case 'code_accepted':
      return { kind, at, codeId: text(details, 'codeId') };
    case 'code_paused':
      return { kind, at, until: instant(details, 'until'), wrongTries: count(details, 'wrongTries') };
    case 'password_accepted':
    case 'password_refused':
    case 'block_lifted':
      return { kind, at };
    default:
      return { kind: kind satisfies AccountEventKind, at };
  }
}

function mailKind(template: string): MailKind {
  return template === 'session_code' || template === 'activation' || template === 'recovery' ? template : 'other';
}

/** The last `TIMELINE_DAYS` days of one patient's sign-ins, e-mails and blocks. */
export async function loadSignInTimeline(db: Db, patient: { readonly id: string; readonly username: string }, now: Date): Promise<SignInTimeline> {
  const since = new Date(now.getTime() - TIMELINE_DAYS * 24 * 3600 * 1000);
  const [account, attempts, codes, mails, events, guard, throttle] = await Promise.all([
    db
      .selectFrom('accounts')
      .select(['status', 'email', (eb) => eb('password_hash', 'is not', null).as('has_password')])
      .where('id', '=', patient.id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('sign_in_attempts')
      .select(['id', 'created_at', 'expires_at', 'ended_at', 'state'])
      .where('account_id', '=', patient.id)
      .where('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .limit(TIMELINE_MAX_ENTRIES)
      .execute(),
    db
      .selectFrom('session_codes')
      .select(['id', 'attempt_id', 'created_at', 'expires_at', 'ended_at', 'state', 'wrong_tries', 'email'])
      .where('account_id', '=', patient.id)
      .where('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .limit(TIMELINE_MAX_ENTRIES)
      .execute(),
    db
      .selectFrom('outbox')
      .select(['id', 'template', 'state', 'created_at', 'sent_at', 'attempts', 'smtp_response', 'last_error', 'session_code_id', 'to_address', 'params'])
      .where('account_id', '=', patient.id)
      .where('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .limit(TIMELINE_MAX_ENTRIES)
      .execute(),
    db
      .selectFrom('audit_events')
      .select(['action', 'occurred_at', 'details'])
      .where('subject_account_id', '=', patient.id)
      .where('action', 'in', Object.keys(EVENT_ACTIONS) as EventAction[])
      // A refused change of address or password changed nothing: not on the timeline.
      .where((eb) => eb.or([eb('action', 'not in', ['account.email_changed', 'account.password_changed']), eb('outcome', '=', 'success')]))
      .where('occurred_at', '>=', since)
      .orderBy('occurred_at', 'desc')
      .limit(TIMELINE_MAX_ENTRIES)
      .execute(),
    db
      .selectFrom('sign_in_guards')
      .select(['wrong_code_tries', 'last_wrong_code_at', 'code_paused_until'])
      .where('account_id', '=', patient.id)
      .executeTakeFirst(),
    db
      .selectFrom('throttles')
      .select(['failures', 'window_started_at', 'blocked_until'])
      .where('key', '=', usernameKey(patient.username))
      .executeTakeFirst(),
  ]);

  return {
    since,
    account: { status: account.status, email: account.email, hasPassword: Boolean(account.has_password) },
    attempts: attempts.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      endedAt: row.ended_at,
      state: row.state,
    })),
    codes: codes.map((row) => ({
      id: row.id,
      attemptId: row.attempt_id,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      endedAt: row.ended_at,
      state: row.state,
      wrongTries: row.wrong_tries,
      email: row.email,
    })),
    mails: mails.map((row) => ({
      id: row.id,
      kind: mailKind(row.template),
      state: row.state,
      createdAt: row.created_at,
      sentAt: row.sent_at,
      attempts: row.attempts,
      smtpResponse: row.smtp_response,
      lastError: row.last_error,
      sessionCodeId: row.session_code_id,
      to: row.to_address,
      repeat: row.params['repeat'] === true,
    })),
    events: events.map((row) => toEvent(row.action as EventAction, row.occurred_at, row.details)),
    guard:
      guard === undefined
        ? null
        : { wrongCodeTries: guard.wrong_code_tries, lastWrongCodeAt: guard.last_wrong_code_at, codePausedUntil: guard.code_paused_until },
    passwordThrottle:
      throttle === undefined ? null : { failures: throttle.failures, windowStartedAt: throttle.window_started_at, blockedUntil: throttle.blocked_until },
  };
}

/**
 * Lifts the code pause and the password block of one patient, in one transaction with its audit
 * event: the count of wrong codes goes back to 0 and the throttle row of the username goes.
 */
export async function liftSignInBlocks(
  db: Db,
  input: {
    readonly patient: { readonly id: string; readonly practiceId: string; readonly username: string };
    readonly actorAccountId: string;
    readonly client: ClientInfo;
    readonly now: Date;
  },
): Promise<void> {
  const { patient, now } = input;
  await db.transaction().execute(async (tx) => {
    // The row lock every code step of this account takes first: no code submit runs meanwhile.
    const guard = await tx
      .selectFrom('sign_in_guards')
      .select(['wrong_code_tries', 'code_paused_until'])
      .where('account_id', '=', patient.id)
      .forUpdate()
      .executeTakeFirst();
    await tx
      .updateTable('sign_in_guards')
      .set({ wrong_code_tries: 0, last_wrong_code_at: null, code_paused_until: null })
      .where('account_id', '=', patient.id)
      .execute();
    const removed = await tx
      .deleteFrom('throttles')
      .where('key', '=', usernameKey(patient.username))
      .returning(['failures', 'blocked_until'])
      .executeTakeFirst();
    await recordAudit(tx, now, {
      action: 'sign_in.pause_lifted',
      outcome: 'success',
      practiceId: patient.practiceId,
      actorAccountId: input.actorAccountId,
      subjectAccountId: patient.id,
      client: input.client,
      details: {
        wrongCodeTries: guard?.wrong_code_tries ?? 0,
        codePausedUntil: guard?.code_paused_until?.toISOString() ?? null,
        passwordFailures: removed?.failures ?? 0,
        passwordBlockedUntil: removed?.blocked_until?.toISOString() ?? null,
      },
    });
  });
}
