import type { Db } from '../storage/database.ts';

/** What the portal keeps of a staff member's authenticator app. */
export interface AuthenticatorState {
  readonly enabledAt: Date | null;
  readonly secretSealed: string | null;
  readonly pendingSealed: string | null;
  readonly lastStep: number | null;
}

export async function findAuthenticatorState(db: Db, accountId: string): Promise<AuthenticatorState | undefined> {
  const row = await db
    .selectFrom('accounts')
    .select(['totp_enabled_at', 'totp_secret_sealed', 'totp_pending_sealed', 'totp_last_step'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    enabledAt: row.totp_enabled_at,
    secretSealed: row.totp_secret_sealed,
    pendingSealed: row.totp_pending_sealed,
    lastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
  };
}

export async function savePendingAuthenticator(db: Db, accountId: string, sealed: string): Promise<void> {
  await db.updateTable('accounts').set({ totp_pending_sealed: sealed }).where('id', '=', accountId).execute();
}

/** Makes the pending secret the active one, only if it is still the one the user confirmed. */
export async function activateAuthenticator(db: Db, accountId: string, pendingSealed: string, step: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('accounts')
    .set({ totp_secret_sealed: pendingSealed, totp_pending_sealed: null, totp_enabled_at: now, totp_last_step: step })
    .where('id', '=', accountId)
    .where('totp_pending_sealed', '=', pendingSealed)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function removeAuthenticator(db: Db, accountId: string): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ totp_secret_sealed: null, totp_pending_sealed: null, totp_enabled_at: null, totp_last_step: null })
    .where('id', '=', accountId)
    .execute();
}

/** Records the step of an accepted code, only if it is newer than the last one (no replay, even in a race). */
export async function recordAuthenticatorStep(db: Db, accountId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('accounts')
    .set({ totp_last_step: step })
    .where('id', '=', accountId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function practiceRequiresAuthenticator(db: Db, practiceId: string): Promise<boolean> {
  const row = await db.selectFrom('practices').select('require_authenticator').where('id', '=', practiceId).executeTakeFirst();
  return row?.require_authenticator === true;
}
