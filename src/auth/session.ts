import type { Db } from '../storage/database.ts';
import type { Audience } from '../storage/schema.ts';
import { constantTimeEqual, newOpaqueToken, newPublicId, type Keyring, type RandomSource } from '../security/primitives.ts';
import type { ClientInfo } from '../audit/audit.ts';

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

export async function validateSession(
  db: Db,
  deps: SessionDeps,
  token: string,
  now: Date,
  policy: SessionPolicy,
): Promise<ActiveSession | null> {
  const [id, secret, extra] = token.split('.');
  if (id === undefined || secret === undefined || extra !== undefined || id.length > 64 || secret.length > 64) return null;
  const row = await db
    .selectFrom('sessions')
    .select(['id', 'secret_hash', 'account_id', 'practice_id', 'audience', 'created_at', 'last_seen_at', 'idle_expires_at', 'absolute_expires_at', 'ended_at'])
    .where('id', '=', id)
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
  return { id: row.id, accountId: row.account_id, practiceId: row.practice_id, audience: row.audience, createdAt: row.created_at };
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
