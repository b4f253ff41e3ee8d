import { isUuid } from '../storage/ids.ts';
/**
 * The stored side of a CSV import: the checked rows between preview and confirmation, the
 * username look-up for the check, and the patients inserted many rows per statement.
 */
import { sql } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { PatientImportState, StoredImportRow } from '../storage/schema.ts';
import type { Account } from '../accounts/account.repository.ts';

/** Rows per multi-row INSERT: 500 × 10 columns stays far below PostgreSQL's 65,535 parameters. */
export const INSERT_CHUNK = 500;
/** Usernames per look-up query. */
const LOOKUP_CHUNK = 1000;

export interface PatientImport {
  readonly id: string;
  readonly practiceId: string;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly rowCount: number;
  readonly state: PatientImportState;
  readonly importedAt: Date | null;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** Which of these (normalized) usernames exist anywhere in the portal. */
export async function takenUsernames(db: Db, usernames: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const chunk of chunks(usernames, LOOKUP_CHUNK)) {
    const rows = await db.selectFrom('accounts').select('username').where('username', 'in', chunk).execute();
    for (const row of rows) taken.add(row.username);
  }
  return taken;
}

export async function createImport(db: Db, input: { practiceId: string; createdBy: string; rows: readonly StoredImportRow[]; now: Date }): Promise<string> {
  const row = await db
    .insertInto('patient_imports')
    .values({
      practice_id: input.practiceId,
      created_by: input.createdBy,
      created_at: input.now,
      rows: JSON.stringify(input.rows),
      row_count: input.rows.length,
      state: 'previewed',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An import of this practice (never another's: the same answer as a wrong id). */
export async function findImport(db: Db, practiceId: string, id: string): Promise<PatientImport | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .selectFrom('patient_imports')
    .select(['id', 'practice_id', 'created_by', 'created_at', 'row_count', 'state', 'imported_at'])
    .where('id', '=', id)
    .where('practice_id', '=', practiceId)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { id: row.id, practiceId: row.practice_id, createdBy: row.created_by, createdAt: row.created_at, rowCount: row.row_count, state: row.state, importedAt: row.imported_at };
}

/** The first `limit` rows of a previewed import, to show before it is confirmed. */
export async function importSample(db: Db, practiceId: string, id: string, limit: number): Promise<StoredImportRow[]> {
  const row = await db
    .selectFrom('patient_imports')
    .select(sql<StoredImportRow[]>`coalesce(jsonb_path_query_array(rows, ${`$[0 to ${Math.max(0, limit - 1)}]`}::jsonpath), '[]'::jsonb)`.as('sample'))
    .where('id', '=', id)
    .where('practice_id', '=', practiceId)
    .executeTakeFirst();
  return row?.sample ?? [];
}

/**
 * Takes a previewed import for importing, inside the caller's transaction: locks the row, checks
 * it is still `previewed` and not older than `notBefore`, and marks it `imported`. A second
 * confirmation waits for the first and then finds it imported: undefined, nothing to do.
 * The rows are emptied here: once they are accounts, a second copy serves no one.
 */
export async function claimImport(tx: Db, practiceId: string, id: string, now: Date, notBefore: Date): Promise<StoredImportRow[] | undefined> {
  const row = await tx
    .selectFrom('patient_imports')
    .select('rows')
    .where('id', '=', id)
    .where('practice_id', '=', practiceId)
    .where('state', '=', 'previewed')
    .where('created_at', '>=', notBefore)
    .forUpdate()
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const result = await tx
    .updateTable('patient_imports')
    .set({ state: 'imported', imported_at: now, rows: '[]' })
    .where('id', '=', id)
    .where('state', '=', 'previewed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? row.rows : undefined;
}

/**
 * Previews not confirmed in time (or no longer valid) are expired and their rows emptied; with
 * `id`, only that one (whatever its age).
 */
export async function expireImports(db: Db, practiceId: string, options: { olderThan: Date } | { id: string }): Promise<void> {
  let statement = db.updateTable('patient_imports').set({ state: 'expired', rows: '[]' }).where('practice_id', '=', practiceId).where('state', '=', 'previewed');
  statement = 'id' in options ? statement.where('id', '=', options.id) : statement.where('created_at', '<', options.olderThan);
  await statement.execute();
}

/**
 * Inserts the patients (no password, awaiting activation), INSERT_CHUNK rows per statement.
 * A username that exists by now is skipped by the database (ON CONFLICT DO NOTHING) rather than
 * failing the statement; the caller compares what came back with what it sent.
 */
export async function insertImportedPatients(tx: Db, practiceId: string, rows: readonly StoredImportRow[]): Promise<Account[]> {
  const inserted: Account[] = [];
  for (const chunk of chunks(rows, INSERT_CHUNK)) {
    const result = await tx
      .insertInto('accounts')
      .values(
        chunk.map((row) => ({
          practice_id: practiceId,
          kind: 'patient' as const,
          role: null,
          username: row.username,
          display_name: row.name,
          email: row.email,
          password_hash: null,
          status: 'awaiting_activation' as const,
          phone: row.phone,
          date_of_birth: row.dateOfBirth,
        })),
      )
      .onConflict((conflict) => conflict.column('username').doNothing())
      .returning(['id', 'practice_id', 'kind', 'role', 'username', 'display_name', 'email', 'status'])
      .execute();
    for (const row of result) {
      inserted.push({ id: row.id, practiceId: row.practice_id, kind: row.kind, role: row.role, username: row.username, displayName: row.display_name, email: row.email, status: row.status });
    }
  }
  return inserted;
}
