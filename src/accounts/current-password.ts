/**
 * The current password asked again by a signed-in patient (to change the password or the e-mail
 * address). Checked under the same per-username and per-address throttle as the login, so these
 * forms are no side door for guessing: a browser left signed in is not enough to take the account.
 */
import type { Db } from '../storage/database.ts';
import type { Clock } from '../security/clock.ts';
import type { ClientInfo } from '../audit/audit.ts';
import { verifyPassword } from '../security/password.ts';
import { ADDRESS_POLICY, USERNAME_POLICY, addressKey, releasePasswordTry, reservePasswordTry, usernameKey } from '../auth/password-throttle.ts';
import { findAccountById, type Account } from './account.repository.ts';

export type CurrentPasswordCheck = { readonly kind: 'ok' } | { readonly kind: 'wrong' } | { readonly kind: 'throttled'; readonly until: Date };

/**
 * The try is counted before the slow compare (reservePasswordTry), so a burst cannot slip past the
 * limit; a right password gives the try back. The caller writes the trail of a refusal.
 */
export async function checkCurrentPassword(db: Db, clock: Clock, input: { account: Account; password: string; client: ClientInfo }): Promise<CurrentPasswordCheck> {
  const usernameTry = { key: usernameKey(input.account.username), policy: USERNAME_POLICY };
  const addressTry = { key: addressKey(input.client.ip), policy: ADDRESS_POLICY };
  const reserved = await reservePasswordTry(db, [usernameTry, addressTry], clock.now());
  if (!reserved.allowed) return { kind: 'throttled', until: reserved.until };
  const stored = await findAccountById(db, input.account.id);
  if (!(await verifyPassword(stored?.passwordHash ?? null, input.password.slice(0, 1024)))) return { kind: 'wrong' };
  await releasePasswordTry(db, usernameTry, addressTry);
  return { kind: 'ok' };
}
