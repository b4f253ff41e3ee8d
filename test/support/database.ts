/**
 * Test databases. A fresh PGlite costs seconds and hundreds of MB, so the schema is migrated
 * once, dumped (cached by a hash of the migration files) and loaded per test process; tests
 * truncate between cases. On PostgreSQL (TEST_DATABASE_URL) each process gets its own database
 * made from a migrated template.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest, openPGlite, openPostgres, type DatabaseHandle, type DatabaseKind, type Db } from '../../src/storage/database.ts';

const migrationsDir = fileURLToPath(new URL('../../src/storage/migrations/', import.meta.url));
const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/praktijkportaal/', import.meta.url));

function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsDir).sort()) hash.update(file).update(readFileSync(join(migrationsDir, file)));
  return hash.digest('hex').slice(0, 16);
}

/** The kinds to run integration tests on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function databaseKinds(): DatabaseKind[] {
  return process.env['TEST_DATABASE_URL'] ? ['pglite', 'postgres'] : ['pglite'];
}

async function migratedPGliteDump(): Promise<Blob> {
  const path = join(cacheDir, `pglite-${migrationsHash()}.tar.gz`);
  if (!existsSync(path)) {
    const fresh = await openPGlite(undefined);
    await migrateToLatest(fresh.db);
    const dump = await fresh.pglite.dumpDataDir('gzip');
    await fresh.close();
    mkdirSync(cacheDir, { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
    renameSync(temporary, path);
  }
  return new Blob([readFileSync(path)]);
}

async function templateDatabase(adminUrl: string): Promise<string> {
  const name = `pp_template_${migrationsHash()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Several test processes start at once: one makes the template, the others wait.
    await admin.query('SELECT pg_advisory_lock(727274)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const handle = openPostgres(url.toString(), { maxConnections: 1 });
      await migrateToLatest(handle.db);
      await handle.close();
    }
    await admin.query('SELECT pg_advisory_unlock(727274)');
  } finally {
    await admin.end();
  }
  return name;
}

export interface TestDatabase extends DatabaseHandle {
  /** Empties every table; between test cases. */
  reset(): Promise<void>;
  /** For PostgreSQL: the connection string of this test database, for a second process. */
  readonly url: string | undefined;
}

export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const handle = await openPGlite(undefined, { loadDataDir: await migratedPGliteDump() });
    return { ...handle, reset: () => truncateAll(handle.db), url: undefined };
  }
  const adminUrl = process.env['TEST_DATABASE_URL'];
  if (adminUrl === undefined) throw new Error('TEST_DATABASE_URL is not set');
  const template = await templateDatabase(adminUrl);
  const name = `pp_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.toString());
  return {
    ...handle,
    url: url.toString(),
    reset: () => truncateAll(handle.db),
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

const TABLES = ['audit_events', 'email_changes', 'outbox', 'account_links', 'sessions', 'throttles', 'sign_in_guards', 'session_codes', 'sign_in_attempts', 'accounts', 'practices'];

/**
 * Background work of the previous test (the mail worker, a recovery request answered before it
 * ran) may still hold row locks; TRUNCATE then deadlocks with it, which PostgreSQL resolves by
 * failing one side. Trying again once the other side is done is the fix.
 */
export async function truncateAll(db: Db): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      // The audit table refuses TRUNCATE by trigger; tests (as superuser) switch triggers off
      // for this one transaction to start each case from empty tables.
      await db.transaction().execute(async (tx) => {
        await sql`SET LOCAL session_replication_role = replica`.execute(tx);
        await sql.raw(`TRUNCATE ${TABLES.join(', ')} CASCADE`).execute(tx);
      });
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
