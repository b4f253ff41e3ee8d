import { sql, type QueryCreator } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import { normalizeUsername } from '../accounts/account.repository.ts';

/**
 * Slows down password guessing, in the database so it holds across every server process.
 *
 * Keyed by the username *as typed* (known or not, so the answer never tells whether an account
 * exists) and by client address. The per-username block grows with each failure but is capped
 * at 15 minutes, so an attacker who only knows a username can delay a patient, never lock them
 * out for long. The per-address rule catches one machine trying many usernames.
 */
export interface ThrottlePolicy {
  readonly windowSeconds: number;
  readonly freeFailures: number;
  readonly firstBlockSeconds: number;
  readonly maxBlockSeconds: number;
}

export const USERNAME_POLICY: ThrottlePolicy = {
  windowSeconds: 15 * 60,
  freeFailures: 5,
  firstBlockSeconds: 60,
  maxBlockSeconds: 15 * 60,
};

export const ADDRESS_POLICY: ThrottlePolicy = {
  windowSeconds: 60 * 60,
  freeFailures: 30,
  firstBlockSeconds: 5 * 60,
  maxBlockSeconds: 60 * 60,
};

/** Block after the n-th failure in the window: doubling from the first block, capped. */
export function blockSecondsAfterFailure(policy: ThrottlePolicy, failures: number): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = Math.min(failures - policy.freeFailures, 20);
  return Math.min(policy.firstBlockSeconds * 2 ** doublings, policy.maxBlockSeconds);
}

/** Normalised exactly like the account lookup, so look-alike spellings share one counter. */
export function usernameKey(username: string): string {
  return `password:user:${normalizeUsername(username)}`;
}

export function addressKey(ip: string | null): string {
  return `password:ip:${ip ?? 'unknown'}`;
}

/** The latest moment any of these keys is blocked until, or null when none is blocked. */
export async function blockedUntil(db: Db, keys: readonly string[], now: Date): Promise<Date | null> {
  const row = await blockedUntilQuery(db, keys, now).executeTakeFirst();
  return row?.blocked_until ?? null;
}

/**
 * The same as one row with one column, `blocked_until`, for a caller that reads more in the same
 * statement (the sign-in reads the account alongside).
 */
export function blockedUntilQuery(db: QueryCreator<Database>, keys: readonly string[], now: Date) {
  return db
    .selectFrom('throttles')
    .select((eb) => eb.fn.max('blocked_until').as('blocked_until'))
    .where('key', 'in', keys)
    .where('blocked_until', '>', now);
}

/** Counts one failure atomically (one statement), whatever other processes do at the same time. */
export async function recordFailure(db: Db, key: string, policy: ThrottlePolicy, now: Date): Promise<number> {
  const windowStart = new Date(now.getTime() - policy.windowSeconds * 1000);
  const row = await db
    .insertInto('throttles')
    .values({ key, failures: 1, window_started_at: now, blocked_until: null })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        failures: sql<number>`CASE WHEN throttles.window_started_at < ${windowStart} THEN 1 ELSE throttles.failures + 1 END`,
        window_started_at: sql<Date>`CASE WHEN throttles.window_started_at < ${windowStart} THEN ${now} ELSE throttles.window_started_at END`,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  const block = blockSecondsAfterFailure(policy, row.failures);
  if (block > 0) {
    await db
      .updateTable('throttles')
      .set({ blocked_until: new Date(now.getTime() + block * 1000) })
      .where('key', '=', key)
      .execute();
  }
  return row.failures;
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await clearThrottleQuery(db, key).execute();
}

/** The same, to run as part of another statement (a `WITH`). */
export function clearThrottleQuery(db: QueryCreator<Database>, key: string) {
  return db.deleteFrom('throttles').where('key', '=', key);
}
