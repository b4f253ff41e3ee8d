/**
 * "Kan niet inloggen": why a patient's recent sign-ins went wrong, in rules a person can read.
 *
 * Pure: no database, no HTTP, no clock of its own. The repository
 * (sign-in-timeline.repository.ts) loads a `SignInTimeline`; `diagnose(timeline, now)` returns
 * what went wrong, most important first, with the facts to say it in plain words; the page turns
 * each finding into a sentence from the message catalogue (`diagnosis.finding.<id>`) and a
 * suggested fix (`diagnosis.fix.<id>`). `timelineItems` turns the same timeline into the list
 * of what happened, newest first.
 *
 * The rules follow the causes in the practice's help text for patients (an older code, a late
 * e-mail, a code that ran out) and the states written down in src/auth/sign-in/sign-in.md.
 */
import { CODE_MAILS_PER_HOUR, codeMailLimit } from '../auth/sign-in/code-rules.ts';

// ---------------------------------------------------------------------------------------------
// The timeline: what the repository loads, as plain data

/** How many days back the page looks. */
export const TIMELINE_DAYS = 14;

/** At most this many rows per source, and items on the page. */
export const TIMELINE_MAX_ENTRIES = 200;

export type AccountState = 'active' | 'awaiting_activation' | 'deactivated';

export interface TimelineAccount {
  readonly status: AccountState;
  readonly hasPassword: boolean;
  readonly email: string;
}

/** One accepted password: a sign-in that waits for its code (`sign_in_attempts`). */
export interface TimelineAttempt {
  readonly id: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly endedAt: Date | null;
  readonly state: 'awaiting_code' | 'completed' | 'superseded' | 'expired';
}

/** One session code (`session_codes`). A code that ran out keeps the state `live`. */
export interface TimelineCode {
  readonly id: string;
  readonly attemptId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly endedAt: Date | null;
  readonly state: 'live' | 'used' | 'superseded' | 'voided';
  readonly wrongTries: number;
  readonly email: string;
}

export type MailKind = 'session_code' | 'activation' | 'recovery' | 'other';
export type MailState = 'queued' | 'sending' | 'sent' | 'failed' | 'dropped';

/** One e-mail to the patient (`outbox`). */
export interface TimelineMail {
  readonly id: string;
  readonly kind: MailKind;
  readonly state: MailState;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
  readonly attempts: number;
  readonly smtpResponse: string | null;
  readonly lastError: string | null;
  readonly sessionCodeId: string | null;
  readonly to: string;
  /** The same code sent again ("Geen sessiecode ontvangen?"). */
  readonly repeat: boolean;
}

/** Why a code was refused, as the sign-in flow audits it. */
export type CodeRefusal = 'wrong_code' | 'wrong_code_voided' | 'older_code' | 'used_code' | 'expired' | 'voided_code' | 'other';

export type AccountEventKind =
  | 'account_created'
  | 'password_set'
  | 'password_changed'
  | 'email_changed'
  | 'recovery_requested'
  | 'deactivated'
  | 'reactivated'
  | 'details_changed';

/** One audited step about this patient (`audit_events`). */
export type TimelineEvent =
  | { readonly kind: 'password_accepted'; readonly at: Date }
  | { readonly kind: 'password_refused'; readonly at: Date }
  | { readonly kind: 'password_throttled'; readonly at: Date; readonly until: Date | null }
  | { readonly kind: 'code_refused'; readonly at: Date; readonly reason: CodeRefusal; readonly codeId: string | null; readonly wrongTries: number | null }
  | { readonly kind: 'code_accepted'; readonly at: Date; readonly codeId: string | null }
  | { readonly kind: 'code_paused'; readonly at: Date; readonly until: Date | null; readonly wrongTries: number | null }
  | { readonly kind: 'block_lifted'; readonly at: Date }
  | { readonly kind: AccountEventKind; readonly at: Date };

export interface TimelineGuard {
  readonly wrongCodeTries: number;
  readonly lastWrongCodeAt: Date | null;
  readonly codePausedUntil: Date | null;
}

export interface TimelineThrottle {
  readonly failures: number;
  readonly windowStartedAt: Date;
  readonly blockedUntil: Date | null;
}

/** Everything about one patient's recent sign-ins. Every list is newest first. */
export interface SignInTimeline {
  /** The start of the period looked at. */
  readonly since: Date;
  readonly account: TimelineAccount;
  readonly attempts: readonly TimelineAttempt[];
  readonly codes: readonly TimelineCode[];
  readonly mails: readonly TimelineMail[];
  readonly events: readonly TimelineEvent[];
  /** The account's count of wrong codes and pause; null when it never entered a code. */
  readonly guard: TimelineGuard | null;
  /** The password throttle of the patient's username; null when there were no recent failures. */
  readonly passwordThrottle: TimelineThrottle | null;
}

export type CodeFate = 'live' | 'used' | 'superseded' | 'voided' | 'expired';

/** What became of a code: `expired` is derived, the row stays `live` when a code runs out. */
export function codeFate(code: TimelineCode, now: Date): CodeFate {
  if (code.state === 'live') return code.expiresAt <= now ? 'expired' : 'live';
  return code.state;
}

// ---------------------------------------------------------------------------------------------
// Findings

/** What the staff member can do about a finding; the page shows the matching control. */
export type FixAction =
  | 'lift_block'
  | 'reactivate'
  | 'send_activation'
  | 'correct_email'
  | 'tell_patient'
  | 'wait'
  | 'contact_support';

export type Finding =
  | { readonly id: 'deactivated'; readonly action: FixAction }
  | { readonly id: 'never_activated'; readonly action: FixAction; readonly invitationAt: Date | null; readonly invitationState: MailState | null }
  | { readonly id: 'code_paused'; readonly action: FixAction; readonly until: Date; readonly wrongTries: number }
  | { readonly id: 'password_throttled'; readonly action: FixAction; readonly until: Date; readonly failures: number }
  | { readonly id: 'code_mail_limit'; readonly action: FixAction; readonly until: Date; readonly mails: number }
  | { readonly id: 'mail_rejected'; readonly action: FixAction; readonly mailAt: Date; readonly kind: MailKind; readonly response: string; readonly to: string }
  | { readonly id: 'mail_failed'; readonly action: FixAction; readonly mailAt: Date; readonly kind: MailKind; readonly error: string }
  | { readonly id: 'older_code_used'; readonly action: FixAction; readonly enteredAt: Date; readonly olderCodeAt: Date | null; readonly newestCodeAt: Date | null; readonly times: number }
  | { readonly id: 'used_code_again'; readonly action: FixAction; readonly enteredAt: Date; readonly usedAt: Date | null }
  | { readonly id: 'mail_delayed'; readonly action: FixAction; readonly mailAt: Date; readonly attempts: number; readonly sentAt: Date | null; readonly lastError: string | null }
  | { readonly id: 'code_expired_before_use'; readonly action: FixAction; readonly codeAt: Date | null; readonly expiredAt: Date | null; readonly enteredAt: Date; readonly validMinutes: number | null }
  | { readonly id: 'wrong_codes'; readonly action: FixAction; readonly count: number; readonly lastAt: Date; readonly codeVoided: boolean }
  | { readonly id: 'wrong_password_many'; readonly action: FixAction; readonly count: number; readonly lastAt: Date }
  | { readonly id: 'code_never_entered'; readonly action: FixAction; readonly loginAt: Date; readonly codeAt: Date; readonly expiredAt: Date; readonly mailSentAt: Date | null }
  | { readonly id: 'waiting_for_code'; readonly action: FixAction; readonly loginAt: Date; readonly codeAt: Date; readonly validUntil: Date }
  | { readonly id: 'all_good_recently'; readonly action: FixAction; readonly signedInAt: Date }
  | { readonly id: 'no_recent_attempts'; readonly action: FixAction; readonly days: number }
  | { readonly id: 'no_cause_found'; readonly action: FixAction };

export type FindingId = Finding['id'];

/**
 * Most important first: what blocks the patient right now, then what went wrong with the
 * e-mail, then what the patient did, then the quiet cases. `diagnose` sorts by this list.
 */
export const FINDING_ORDER: readonly FindingId[] = [
  'deactivated',
  'never_activated',
  'code_paused',
  'password_throttled',
  'code_mail_limit',
  'mail_rejected',
  'mail_failed',
  'older_code_used',
  'used_code_again',
  'mail_delayed',
  'code_expired_before_use',
  'wrong_codes',
  'wrong_password_many',
  'code_never_entered',
  'waiting_for_code',
  'all_good_recently',
  'no_recent_attempts',
  'no_cause_found',
];

/** A mail is "late" when it left more than this long after it was queued. */
export const MAIL_DELAY_SECONDS = 120;

/** This many wrong passwords since the last good sign-in are worth mentioning. */
export const WRONG_PASSWORDS_WORTH_MENTIONING = 3;

/** An SMTP reply that says the receiving side refused the message for good (5xx). */
const PERMANENT_SMTP_REPLY = /^\s*5\d\d\b/;

type CodeEntry = Extract<TimelineEvent, { kind: 'code_refused' | 'code_accepted' }>;
type Refusal = Extract<TimelineEvent, { kind: 'code_refused' }>;

function isCodeEntry(event: TimelineEvent): event is CodeEntry {
  return event.kind === 'code_refused' || event.kind === 'code_accepted';
}

function refusals(events: readonly TimelineEvent[], ...reasons: CodeRefusal[]): Refusal[] {
  return events.filter((event): event is Refusal => event.kind === 'code_refused' && reasons.includes(event.reason));
}

/** A code mail that was retried or waited: still on its way, or sent late. */
function isDelayed(mail: TimelineMail, now: Date): boolean {
  if (mail.state === 'sent') return mail.sentAt !== null && mail.sentAt.getTime() - mail.createdAt.getTime() >= MAIL_DELAY_SECONDS * 1000;
  if (mail.state === 'queued' || mail.state === 'sending') {
    const retrying = mail.attempts > 1 || (mail.state === 'queued' && mail.attempts > 0);
    return retrying || now.getTime() - mail.createdAt.getTime() >= MAIL_DELAY_SECONDS * 1000;
  }
  return false;
}

/**
 * What went wrong, most important first. Looks at what happened since the patient last signed in
 * successfully (the episode of trouble), plus what blocks the account right now.
 */
export function diagnose(timeline: SignInTimeline, now: Date): Finding[] {
  const findings: Finding[] = [];
  const lastSuccess = timeline.events.find((event) => event.kind === 'code_accepted');
  const episodeStart = lastSuccess?.at ?? null;
  const inEpisode = (at: Date) => episodeStart === null || at > episodeStart;
  const events = timeline.events.filter((event) => inEpisode(event.at));
  const mails = timeline.mails.filter((mail) => inEpisode(mail.createdAt));
  const attempts = timeline.attempts.filter((attempt) => inEpisode(attempt.createdAt));
  const codeById = new Map(timeline.codes.map((code) => [code.id, code]));

  // The account itself.
  if (timeline.account.status === 'deactivated') findings.push({ id: 'deactivated', action: 'reactivate' });
  if (timeline.account.status === 'awaiting_activation' || !timeline.account.hasPassword) {
    const invitation = timeline.mails.find((mail) => mail.kind === 'activation');
    findings.push({
      id: 'never_activated',
      action: 'send_activation',
      invitationAt: invitation?.createdAt ?? null,
      invitationState: invitation?.state ?? null,
    });
  }

  // What blocks the patient right now.
  const guard = timeline.guard;
  if (guard?.codePausedUntil !== null && guard?.codePausedUntil !== undefined && guard.codePausedUntil > now) {
    findings.push({ id: 'code_paused', action: 'lift_block', until: guard.codePausedUntil, wrongTries: guard.wrongCodeTries });
  }
  const throttle = timeline.passwordThrottle;
  if (throttle?.blockedUntil !== null && throttle?.blockedUntil !== undefined && throttle.blockedUntil > now) {
    findings.push({ id: 'password_throttled', action: 'lift_block', until: throttle.blockedUntil, failures: throttle.failures });
  }
  const codeMailTimes = timeline.mails
    .filter((mail) => mail.kind === 'session_code')
    .map((mail) => mail.createdAt)
    .sort((a, b) => a.getTime() - b.getTime());
  const limit = codeMailLimit(now, codeMailTimes);
  if (limit !== null) findings.push({ id: 'code_mail_limit', action: 'wait', until: limit, mails: CODE_MAILS_PER_HOUR });

  // The e-mail.
  const failed = mails.find((mail) => mail.state === 'failed');
  if (failed !== undefined) {
    const reply = (failed.lastError ?? failed.smtpResponse ?? '').trim();
    if (PERMANENT_SMTP_REPLY.test(reply)) {
      findings.push({ id: 'mail_rejected', action: 'correct_email', mailAt: failed.createdAt, kind: failed.kind, response: reply, to: failed.to });
    } else {
      findings.push({ id: 'mail_failed', action: 'contact_support', mailAt: failed.createdAt, kind: failed.kind, error: reply });
    }
  }

  // What the patient typed.
  const older = refusals(events, 'older_code');
  const newestOlder = older[0];
  if (newestOlder !== undefined) {
    const olderCode = newestOlder.codeId === null ? undefined : codeById.get(newestOlder.codeId);
    // The newest code at the moment the older one was typed.
    const newest = timeline.codes.find((code) => code.createdAt <= newestOlder.at && code.id !== newestOlder.codeId);
    findings.push({
      id: 'older_code_used',
      action: 'tell_patient',
      enteredAt: newestOlder.at,
      olderCodeAt: olderCode?.createdAt ?? null,
      newestCodeAt: newest?.createdAt ?? null,
      times: older.length,
    });
  }
  const reused = refusals(events, 'used_code')[0];
  if (reused !== undefined) {
    const code = reused.codeId === null ? undefined : codeById.get(reused.codeId);
    findings.push({ id: 'used_code_again', action: 'tell_patient', enteredAt: reused.at, usedAt: code?.endedAt ?? null });
  }

  const delayed = mails.find((mail) => isDelayed(mail, now));
  if (delayed !== undefined) {
    findings.push({
      id: 'mail_delayed',
      action: delayed.state === 'sent' ? 'tell_patient' : 'wait',
      mailAt: delayed.createdAt,
      attempts: delayed.attempts,
      sentAt: delayed.state === 'sent' ? delayed.sentAt : null,
      lastError: delayed.lastError,
    });
  }

  const lateEntry = refusals(events, 'expired')[0];
  if (lateEntry !== undefined) {
    const code = lateEntry.codeId === null ? undefined : codeById.get(lateEntry.codeId);
    findings.push({
      id: 'code_expired_before_use',
      action: 'tell_patient',
      codeAt: code?.createdAt ?? null,
      expiredAt: code?.expiresAt ?? null,
      enteredAt: lateEntry.at,
      validMinutes: code === undefined ? null : Math.round((code.expiresAt.getTime() - code.createdAt.getTime()) / 60_000),
    });
  }

  const wrong = refusals(events, 'wrong_code', 'wrong_code_voided');
  const lastWrong = wrong[0];
  if (lastWrong !== undefined && !findings.some((finding) => finding.id === 'code_paused')) {
    findings.push({
      id: 'wrong_codes',
      action: 'tell_patient',
      count: wrong.length,
      lastAt: lastWrong.at,
      codeVoided: wrong.some((event) => event.reason === 'wrong_code_voided'),
    });
  }

  const wrongPasswords = events.filter((event) => event.kind === 'password_refused');
  const lastWrongPassword = wrongPasswords[0];
  if (
    lastWrongPassword !== undefined &&
    wrongPasswords.length >= WRONG_PASSWORDS_WORTH_MENTIONING &&
    !findings.some((finding) => finding.id === 'password_throttled')
  ) {
    findings.push({ id: 'wrong_password_many', action: 'tell_patient', count: wrongPasswords.length, lastAt: lastWrongPassword.at });
  }

  // The newest sign-in: a code that was never typed, or one the patient is waiting for now.
  const latest = attempts[0];
  if (latest !== undefined && latest.state !== 'completed') {
    const typedSince = events.some((event) => isCodeEntry(event) && event.at >= latest.createdAt);
    const code = timeline.codes.find((candidate) => candidate.attemptId === latest.id);
    const mail = code === undefined ? undefined : timeline.mails.find((candidate) => candidate.sessionCodeId === code.id);
    // When its e-mail failed or is late, the mail findings above already say why.
    const mailTrouble = mail !== undefined && (mail.state === 'failed' || mail.state === 'dropped' || isDelayed(mail, now));
    if (!typedSince && code !== undefined && !mailTrouble) {
      const attemptOver = latest.state === 'expired' || latest.expiresAt <= now;
      const fate = codeFate(code, now);
      if (fate === 'live' && !attemptOver && latest.state === 'awaiting_code') {
        findings.push({ id: 'waiting_for_code', action: 'tell_patient', loginAt: latest.createdAt, codeAt: code.createdAt, validUntil: code.expiresAt });
      } else if (fate === 'expired' || (attemptOver && fate === 'live')) {
        findings.push({
          id: 'code_never_entered',
          action: 'tell_patient',
          loginAt: latest.createdAt,
          codeAt: code.createdAt,
          expiredAt: code.expiresAt,
          mailSentAt: mail?.sentAt ?? null,
        });
      }
    }
  }

  if (findings.length === 0) {
    if (lastSuccess !== undefined) {
      findings.push({ id: 'all_good_recently', action: 'tell_patient', signedInAt: lastSuccess.at });
    } else if (timeline.events.length === 0 && timeline.attempts.length === 0 && timeline.mails.length === 0) {
      findings.push({ id: 'no_recent_attempts', action: 'tell_patient', days: TIMELINE_DAYS });
    } else {
      findings.push({ id: 'no_cause_found', action: 'tell_patient' });
    }
  }

  return findings.sort((a, b) => FINDING_ORDER.indexOf(a.id) - FINDING_ORDER.indexOf(b.id));
}

// ---------------------------------------------------------------------------------------------
// The timeline as the page lists it

export type Tone = 'good' | 'bad' | 'neutral';

export type TimelineItem = { readonly at: Date; readonly tone: Tone } & (
  | { readonly kind: 'password_accepted' }
  | { readonly kind: 'password_refused' }
  | { readonly kind: 'password_throttled'; readonly until: Date | null }
  | { readonly kind: 'code_made'; readonly expiresAt: Date; readonly onRequest: boolean }
  | { readonly kind: 'code_superseded'; readonly codeAt: Date }
  | { readonly kind: 'code_voided'; readonly codeAt: Date }
  | { readonly kind: 'code_expired'; readonly codeAt: Date }
  | { readonly kind: 'mail'; readonly mail: TimelineMail }
  | { readonly kind: 'code_refused'; readonly reason: CodeRefusal; readonly codeAt: Date | null; readonly wrongTries: number | null }
  | { readonly kind: 'code_accepted'; readonly codeAt: Date | null }
  | { readonly kind: 'code_paused'; readonly until: Date | null; readonly wrongTries: number | null }
  | { readonly kind: 'attempt_expired' }
  | { readonly kind: 'block_lifted' }
  | { readonly kind: AccountEventKind }
);

type TimelineItemKind = TimelineItem['kind'];

/**
 * Several things happen at the same instant (a password, the older code replaced, the new code
 * made, its e-mail queued). Within one instant this is the order they happened in.
 */
const SAME_INSTANT_ORDER: readonly TimelineItemKind[] = [
  'account_created',
  'details_changed',
  'email_changed',
  'password_changed',
  'deactivated',
  'reactivated',
  'password_set',
  'recovery_requested',
  'block_lifted',
  'password_refused',
  'password_throttled',
  'password_accepted',
  'code_superseded',
  'code_made',
  'mail',
  'code_refused',
  'code_voided',
  'code_paused',
  'code_accepted',
  'code_expired',
  'attempt_expired',
];

/** What happened, newest first, at most `TIMELINE_MAX_ENTRIES` items. */
export function timelineItems(timeline: SignInTimeline, now: Date): TimelineItem[] {
  const items: TimelineItem[] = [];
  const codeById = new Map(timeline.codes.map((code) => [code.id, code]));
  const codeAt = (codeId: string | null) => (codeId === null ? null : (codeById.get(codeId)?.createdAt ?? null));

  for (const event of timeline.events) {
    switch (event.kind) {
      case 'password_accepted':
        items.push({ kind: 'password_accepted', at: event.at, tone: 'neutral' });
        break;
      case 'password_refused':
        items.push({ kind: 'password_refused', at: event.at, tone: 'bad' });
        break;
      case 'password_throttled':
        items.push({ kind: 'password_throttled', at: event.at, tone: 'bad', until: event.until });
        break;
      case 'code_refused':
        items.push({ kind: 'code_refused', at: event.at, tone: 'bad', reason: event.reason, codeAt: codeAt(event.codeId), wrongTries: event.wrongTries });
        break;
      case 'code_accepted':
        items.push({ kind: 'code_accepted', at: event.at, tone: 'good', codeAt: codeAt(event.codeId) });
        break;
      case 'code_paused':
        items.push({ kind: 'code_paused', at: event.at, tone: 'bad', until: event.until, wrongTries: event.wrongTries });
        break;
      case 'block_lifted':
        items.push({ kind: 'block_lifted', at: event.at, tone: 'good' });
        break;
      default:
        items.push({ kind: event.kind, at: event.at, tone: event.kind === 'deactivated' ? 'bad' : 'neutral' });
    }
  }

  // The first code of a sign-in comes with the password; later ones were asked for.
  const firstCodeOfAttempt = new Map<string, TimelineCode>();
  for (const code of timeline.codes) {
    const known = firstCodeOfAttempt.get(code.attemptId);
    if (known === undefined || code.createdAt < known.createdAt) firstCodeOfAttempt.set(code.attemptId, code);
  }
  for (const code of timeline.codes) {
    items.push({
      kind: 'code_made',
      at: code.createdAt,
      tone: 'neutral',
      expiresAt: code.expiresAt,
      onRequest: firstCodeOfAttempt.get(code.attemptId)?.id !== code.id,
    });
    const fate = codeFate(code, now);
    if (fate === 'superseded') items.push({ kind: 'code_superseded', at: code.endedAt ?? code.createdAt, tone: 'neutral', codeAt: code.createdAt });
    if (fate === 'voided') items.push({ kind: 'code_voided', at: code.endedAt ?? code.createdAt, tone: 'bad', codeAt: code.createdAt });
    if (fate === 'expired') items.push({ kind: 'code_expired', at: code.expiresAt, tone: 'bad', codeAt: code.createdAt });
  }

  for (const mail of timeline.mails) {
    const tone: Tone = mail.state === 'sent' ? (isDelayed(mail, now) ? 'bad' : 'good') : mail.state === 'failed' || isDelayed(mail, now) ? 'bad' : 'neutral';
    items.push({ kind: 'mail', at: mail.createdAt, tone, mail });
  }

  for (const attempt of timeline.attempts) {
    const expired = attempt.state === 'expired' || (attempt.state === 'awaiting_code' && attempt.expiresAt <= now);
    if (expired) items.push({ kind: 'attempt_expired', at: attempt.expiresAt, tone: 'bad' });
  }

  return items
    .sort((a, b) => b.at.getTime() - a.at.getTime() || SAME_INSTANT_ORDER.indexOf(b.kind) - SAME_INSTANT_ORDER.indexOf(a.kind))
    .slice(0, TIMELINE_MAX_ENTRIES);
}
