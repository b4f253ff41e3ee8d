import type { Db } from '../storage/database.ts';
import type { Audience } from '../storage/schema.ts';
import { constantTimeEqual, newOpaqueToken, newPublicId, type Keyring, type RandomSource } from '../security/primitives.ts';
import type { ClientInfo } from '../audit/audit.ts';
import { accountFromJoin, joinedAccountColumns, type Account } from '../accounts/account.repository.ts';

/**
 * Server-side sessions behind an opaque cookie `id.secret`. Only a keyed hash of the secret is
 * stored, so a leaked database row cannot be turned into a working cookie. The id finds the row
 * without comparing secrets in SQL; the secret is then compared in constant time.
 */
export interface SessionPolicy {
  readonly idleSeconds: number;
  readonly absoluteSeconds: number;
}

/** Expiry is pushed forward at most once a minute, so a busy page does not write on every request. */
const TOUCH_INTERVAL_SECONDS = 60;

export interface ActiveSession {
  readonly id: string;
  readonly accountId: string;
  readonly practiceId: string | null;
  readonly audience: Audience;
  readonly createdAt: Date;
}

/** A valid session and the account it belongs to (whatever that account's status now is). */
export interface ValidSession {
  readonly session: ActiveSession;
  readonly account: Account;
}

export interface SessionDeps {
  readonly random: RandomSource;
  readonly keyring: Keyring;
}

export async function createSession(
  db: Db,
  deps: SessionDeps,
  input: { accountId: string; practiceId: string | null; audience: Audience; client: ClientInfo; now: Date; policy: SessionPolicy },
): Promise<string> {
  const id = newPublicId(deps.random);
  const secret = newOpaqueToken(deps.random);
  const { now, policy } = input;
  await db
    .insertInto('sessions')
    .values({
      id,
      secret_hash: deps.keyring.hash('session-token', secret),
      account_id: input.accountId,
      practice_id: input.practiceId,
      audience: input.audience,
      created_at: now,
      last_seen_at: now,
      idle_expires_at: new Date(now.getTime() + policy.idleSeconds * 1000),
      absolute_expires_at: new Date(now.getTime() + policy.absoluteSeconds * 1000),
      ip: input.client.ip,
      user_agent: input.client.userAgent?.slice(0, 400) ?? null,
    })
    .execute();
  return `${id}.${secret}`;
}

/** The session behind a cookie and its account, read together in one statement; null if not valid. */
export async function validateSession(
  db: Db,
  deps: SessionDeps,
  token: string,
  now: Date,
  policy: SessionPolicy,
): Promise<ValidSession | null> {
  const [id, secret, extra] = token.split('.');
  if (id === undefined || secret === undefined || extra !== undefined || id.length > 64 || secret.length > 64) return null;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select([
      'sessions.id',
      'sessions.secret_hash',
      'sessions.account_id',
      'sessions.practice_id',
      'sessions.audience',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.idle_expires_at',
      'sessions.absolute_expires_at',
      'sessions.ended_at',
      ...joinedAccountColumns,
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (row === undefined || row.ended_at !== null) return null;
  if (!constantTimeEqual(row.secret_hash, deps.keyring.hash('session-token', secret))) return null;
  if (row.idle_expires_at <= now || row.absolute_expires_at <= now) return null;
  if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_INTERVAL_SECONDS * 1000) {
    const idleExpiry = Math.min(now.getTime() + policy.idleSeconds * 1000, row.absolute_expires_at.getTime());
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now, idle_expires_at: new Date(idleExpiry) })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .execute();
  }
  return {
    session: { id: row.id, accountId: row.account_id, practiceId: row.practice_id, audience: row.audience, createdAt: row.created_at },
    account: accountFromJoin(row),
  };
}

export async function endSession(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({ ended_at: now })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function endAllSessionsOf(db: Db, accountId: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ ended_at: now }).where('account_id', '=', accountId).where('ended_at', 'is', null).execute();
}
