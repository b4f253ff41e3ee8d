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

// The window is far longer than the blocks add up to, so a guesser who waits out each block still
// meets the 15-minute cap (about 100 tries a day) instead of a fresh count every 15 minutes.
export const USERNAME_POLICY: ThrottlePolicy = {
  windowSeconds: 24 * 3600,
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

/** Forgets a key's failures, as part of another statement (a `WITH`). */
export function clearThrottleQuery(db: QueryCreator<Database>, key: string) {
  return db.deleteFrom('throttles').where('key', '=', key);
}

export interface KeyedPolicy {
  readonly key: string;
  readonly policy: ThrottlePolicy;
}

/**
 * Counts this password try *before* the password is checked, for every key at once, under row
 * locks: parallel requests are counted one by one, so a burst cannot all slip past the limit
 * while the slow hash runs (counting after the check would let them). A try while a key is
 * blocked is refused and not counted. The caller undoes the count when the password was right.
 */
export async function reservePasswordTry(db: Db, keys: readonly KeyedPolicy[], now: Date): Promise<{ allowed: true } | { allowed: false; until: Date }> {
  const sorted = [...keys].sort((a, b) => a.key.localeCompare(b.key));
  return db.transaction().execute(async (tx) => {
    // One statement makes the rows that are missing and locks them all: an upsert that "updates"
    // a row takes the same lock as SELECT … FOR UPDATE, and returns the row. The rows are taken in
    // key order, so two requests never wait on each other crosswise.
    const rows = await tx
      .insertInto('throttles')
      .values(sorted.map(({ key }) => ({ key, failures: 0, window_started_at: now, blocked_until: null })))
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ key: (eb) => eb.ref('excluded.key') }))
      .returning(['key', 'failures', 'window_started_at', 'blocked_until'])
      .execute();
    const blockedUntil = rows.map((row) => row.blocked_until).filter((at): at is Date => at !== null && at > now);
    if (blockedUntil.length > 0) return { allowed: false, until: new Date(Math.max(...blockedUntil.map((at) => at.getTime()))) };
    const counted = sorted.map(({ key, policy }) => {
      const row = rows.find((candidate) => candidate.key === key);
      const fresh = row === undefined || row.window_started_at.getTime() < now.getTime() - policy.windowSeconds * 1000;
      const failures = fresh ? 1 : row.failures + 1;
      const block = blockSecondsAfterFailure(policy, failures);
      return sql`(${key}::text, ${failures}::integer, ${fresh ? now : row.window_started_at}::timestamptz, ${block > 0 ? new Date(now.getTime() + block * 1000) : null}::timestamptz)`;
    });
    // Every key's new count in one statement.
    await sql`
      UPDATE throttles SET failures = v.failures, window_started_at = v.window_started_at, blocked_until = v.blocked_until
      FROM (VALUES ${sql.join(counted)}) AS v (key, failures, window_started_at, blocked_until)
      WHERE throttles.key = v.key`.execute(tx);
    return { allowed: true };
  });
}

/**
 * The password was right: the username's count is cleared, and the address's count gets back the
 * try this request reserved (with the block it may have set), so a practice's shared address is
 * not held against its patients who typed their password correctly.
 */
export async function releasePasswordTry(db: Db, username: KeyedPolicy, address: KeyedPolicy): Promise<void> {
  const { freeFailures } = address.policy;
  // Both in one statement.
  await db
    .with('cleared', (qc) => clearThrottleQuery(qc, username.key))
    .updateTable('throttles')
    .set({
      failures: sql<number>`greatest(failures - 1, 0)`,
      blocked_until: sql<Date | null>`CASE WHEN failures - 1 >= ${freeFailures} THEN blocked_until ELSE NULL END`,
    })
    .where('key', '=', address.key)
    .execute();
}
