/**
 * The rules of the six-digit session code, free of storage and HTTP so they can be tested with
 * any clock. The numbers and their arithmetic are written down in docs/security.md.
 */
import { SESSION_CODE_DIGITS } from '../../security/primitives.ts';

/** Every fifth wrong try on an account voids the code that is live at that moment. */
export const WRONG_TRIES_PER_CODE = 5;

/** The count of wrong tries is forgotten after a full day without one. */
export const WRONG_TRY_MEMORY_SECONDS = 24 * 60 * 60;

/**
 * A re-send waits at least this long after the previous re-send. The first one is at once: a
 * patient who clicks "Geen sessiecode ontvangen?" right away has a reason to.
 */
export const RESEND_COOLDOWN_SECONDS = 30;

/** Code e-mails (new and re-sent together) an account may receive in one hour. */
export const CODE_MAILS_PER_HOUR = 10;

/** A re-send repeats the live code while at least this much of its life remains. */
export const SAME_CODE_MIN_REMAINING_SECONDS = 180;

/** How long the sign-in flow (the page after the password) stays usable. */
export const SIGN_IN_ATTEMPT_LIFETIME_SECONDS = 60 * 60;

export type NormalizedCode =
  | { readonly kind: 'code'; readonly code: string }
  | { readonly kind: 'malformed'; readonly digitCount: number; readonly hasOtherCharacters: boolean };

/**
 * Accepts what patients really type or paste: spaces, tabs and line breaks anywhere (a pasted
 * space is the classic seventh character), invisible zero-width characters from mail programs,
 * and full-width digits from some phone keyboards (NFKC turns them into 0-9).
 */
export function normalizeCodeInput(raw: string): NormalizedCode {
  const folded = raw.normalize('NFKC').replace(/[\s\u200B-\u200D\u2060\uFEFF]/gu, '');
  if (new RegExp(`^[0-9]{${SESSION_CODE_DIGITS}}$`).test(folded)) return { kind: 'code', code: folded };
  const digitCount = folded.replace(/[^0-9]/g, '').length;
  return { kind: 'malformed', digitCount, hasOtherCharacters: digitCount !== folded.length };
}

/**
 * Pause of the code step after the n-th wrong try in a row (counted per account).
 * 10 → 15 minutes, 15 → 1 hour, 20 and every 5 after → 6 hours. Together with the per-code void
 * this allows at most 35 guesses in any 24 hours: see docs/security.md.
 */
export function pauseSecondsAfterWrongTry(wrongTriesInRow: number): number {
  if (wrongTriesInRow === 10) return 15 * 60;
  if (wrongTriesInRow === 15) return 60 * 60;
  if (wrongTriesInRow >= 20 && wrongTriesInRow % WRONG_TRIES_PER_CODE === 0) return 6 * 60 * 60;
  return 0;
}

/** The pause earned by going from `before` to `after` wrong tries: the longest threshold crossed. */
export function pauseSecondsCrossing(before: number, after: number): number {
  let longest = 0;
  for (let tries = before + 1; tries <= after; tries += 1) longest = Math.max(longest, pauseSecondsAfterWrongTry(tries));
  return longest;
}

/** True when going from `before` to `after` wrong tries passes a multiple of five: the code is void. */
export function voidsCode(before: number, after: number): boolean {
  return Math.floor(after / WRONG_TRIES_PER_CODE) > Math.floor(before / WRONG_TRIES_PER_CODE);
}

export interface WrongTryOutcome {
  /** The account's count of wrong tries after this one. */
  readonly wrongTries: number;
  /** Until when the code step pauses, when this try crossed a pause threshold. */
  readonly pausedUntil: Date | null;
  /** True when the live code stops working (a multiple of five was passed). */
  readonly voidsCode: boolean;
}

/**
 * What one wrong try does to the account: `cost` is 1 for an e-mailed code, 2 for an app code
 * (a guess there is compared with two valid codes). Thresholds crossed count as reached.
 */
export function countWrongTry(previous: { count: number; lastWrongAt: Date | null }, now: Date, cost: number): WrongTryOutcome {
  const before = currentWrongTries(previous.count, previous.lastWrongAt, now);
  const wrongTries = before + cost;
  const pauseSeconds = pauseSecondsCrossing(before, wrongTries);
  return {
    wrongTries,
    pausedUntil: pauseSeconds > 0 ? new Date(now.getTime() + pauseSeconds * 1000) : null,
    voidsCode: voidsCode(before, wrongTries),
  };
}

/** Wrong tries so far, forgetting them after a quiet day. */
export function currentWrongTries(count: number, lastWrongAt: Date | null, now: Date): number {
  if (lastWrongAt === null) return 0;
  return now.getTime() - lastWrongAt.getTime() >= WRONG_TRY_MEMORY_SECONDS * 1000 ? 0 : count;
}

/** Tries left before the current code is voided. */
export function triesLeftOnCode(wrongTriesInRow: number): number {
  return WRONG_TRIES_PER_CODE - (wrongTriesInRow % WRONG_TRIES_PER_CODE);
}

export interface ResendFacts {
  readonly now: Date;
  /** The newest code of this sign-in, if it can still be used. */
  readonly liveCodeExpiresAt: Date | null;
  /** When the most recent re-send for this account was asked for. */
  readonly lastResendAt: Date | null;
  /** Code e-mails of the last hour, oldest first. */
  readonly codeMailsLastHour: readonly Date[];
}

export type ResendDecision =
  | { readonly kind: 'same_code' }
  | { readonly kind: 'new_code' }
  | { readonly kind: 'wait'; readonly until: Date }
  | { readonly kind: 'hourly_limit'; readonly until: Date };

export function decideResend(facts: ResendFacts): ResendDecision {
  const limit = codeMailLimit(facts.now, facts.codeMailsLastHour);
  if (limit !== null) return { kind: 'hourly_limit', until: limit };
  if (facts.lastResendAt !== null) {
    const until = new Date(facts.lastResendAt.getTime() + RESEND_COOLDOWN_SECONDS * 1000);
    if (until > facts.now) return { kind: 'wait', until };
  }
  if (
    facts.liveCodeExpiresAt !== null &&
    facts.liveCodeExpiresAt.getTime() - facts.now.getTime() >= SAME_CODE_MIN_REMAINING_SECONDS * 1000
  ) {
    return { kind: 'same_code' };
  }
  return { kind: 'new_code' };
}

/** When the hourly cap of code e-mails is reached: the moment the oldest leaves the hour. */
export function codeMailLimit(now: Date, codeMailsLastHour: readonly Date[]): Date | null {
  const recent = codeMailsLastHour.filter((at) => now.getTime() - at.getTime() < 3600_000);
  if (recent.length < CODE_MAILS_PER_HOUR) return null;
  const oldestThatCounts = recent[recent.length - CODE_MAILS_PER_HOUR];
  return oldestThatCounts === undefined ? null : new Date(oldestThatCounts.getTime() + 3600_000);
}

/** `j***@example.nl`: enough for the patient to recognise the address, little for anyone else. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = address.slice(0, at);
  return `${local.slice(0, 1)}***${address.slice(at)}`;
}
