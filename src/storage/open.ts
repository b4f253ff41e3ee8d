import type { Config } from '../config/config.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { openPGlite, openPostgres, type DatabaseHandle } from './database.ts';

/** The database the configuration names: PostgreSQL with DATABASE_URL, else PGlite in DATA_DIR (locked). */
export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle & { lock: DataDirLock | undefined }> {
  if (config.databaseUrl !== undefined) {
    return { ...openPostgres(config.databaseUrl), lock: undefined };
  }
  const lock = acquireDataDirLock(config.dataDir);
  try {
    const handle = await openPGlite(config.dataDir);
    return {
      db: handle.db,
      kind: handle.kind,
      lock,
      close: async () => {
        try {
          await handle.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
