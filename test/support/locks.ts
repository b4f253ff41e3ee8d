/**
 * Lock helpers for tests that need a second PostgreSQL session holding a lock while the portal
 * works.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Db } from '../../src/storage/database.ts';

/**
 * Holds FOR KEY SHARE on an account row from a second connection (the lock every insert that
 * references the row takes: an audit row, an outbox mail, `created_by`) while `work` runs, and
 * says whether `work` finished without waiting for that lock. A FOR UPDATE on the row would wait,
 * and two such transactions crossing each other deadlock. PostgreSQL only: PGlite has one
 * connection.
 */
export async function finishesBesideKeyShare(db: Db, accountId: string, work: () => Promise<unknown>): Promise<boolean> {
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked = (): void => undefined;
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holder = db.transaction().execute(async (tx) => {
    await tx.selectFrom('accounts').select('id').where('id', '=', accountId).forKeyShare().execute();
    locked();
    await released;
  });
  await isLocked;
  const running = work();
  try {
    return await Promise.race([running.then(() => true), delay(2000).then(() => false)]);
  } finally {
    release();
    await holder;
    await running;
  }
}
