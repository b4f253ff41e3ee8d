import { isUuid } from '../storage/ids.ts';
import { sql } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { AccountStatus } from '../storage/schema.ts';

/** A patient as the console shows it. */
export interface PatientRecord {
  readonly id: string;
  readonly practiceId: string;
  readonly practiceName: string;
  readonly username: string;
  readonly displayName: string;
  readonly email: string;
  readonly phone: string | null;
  readonly dateOfBirth: string | null;
  readonly status: AccountStatus;
  readonly createdAt: Date;
}

function patientQuery(db: Db) {
  return db
    .selectFrom('accounts')
    .innerJoin('practices', 'practices.id', 'accounts.practice_id')
    .select([
      'accounts.id',
      'accounts.practice_id',
      'practices.name as practice_name',
      'accounts.username',
      'accounts.display_name',
      'accounts.email',
      'accounts.phone',
      sql<string | null>`to_char(accounts.date_of_birth, 'YYYY-MM-DD')`.as('date_of_birth'),
      'accounts.status',
      'accounts.created_at',
    ])
    .where('accounts.kind', '=', 'patient');
}

type PatientRow = Awaited<ReturnType<ReturnType<typeof patientQuery>['executeTakeFirstOrThrow']>>;

function toRecord(row: PatientRow): PatientRecord {
  return {
    id: row.id,
    practiceId: row.practice_id!,
    practiceName: row.practice_name,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    phone: row.phone,
    dateOfBirth: row.date_of_birth,
    status: row.status,
    createdAt: row.created_at,
  };
}

/**
 * Patients matching a search, in one practice (or in all, for the support desk: practiceId null).
 * The words are matched against name, username and e-mail; a date (dd-mm-jjjj or jjjj-mm-dd)
 * against the date of birth.
 */
export async function searchPatients(db: Db, practiceId: string | null, query: string, limit = 50): Promise<PatientRecord[]> {
  let statement = patientQuery(db);
  if (practiceId !== null) statement = statement.where('accounts.practice_id', '=', practiceId);
  const trimmed = query.trim().slice(0, 100);
  const date = parseDate(trimmed);
  if (date !== null) {
    statement = statement.where(sql<boolean>`accounts.date_of_birth = ${date}::date`);
  } else if (trimmed !== '') {
    const pattern = `%${trimmed.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    statement = statement.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['accounts.display_name']), 'like', pattern),
        eb('accounts.username', 'like', pattern),
        eb('accounts.email', 'like', pattern),
      ]),
    );
  }
  const rows = await statement.orderBy('accounts.display_name').limit(limit).execute();
  return rows.map(toRecord);
}

/** `31-12-1950` or `1950-12-31` → `1950-12-31`; anything else → null. */
export function parseDate(text: string): string | null {
  const dutch = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [year, month, day] = dutch !== null ? [dutch[3], dutch[2], dutch[1]] : iso !== null ? [iso[1], iso[2], iso[3]] : [];
  if (year === undefined || month === undefined || day === undefined) return null;
  const value = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const parsed = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value ? null : value;
}

/** One patient, only if it belongs to `practiceId` (null: any practice, for support). */
export async function findPatient(db: Db, practiceId: string | null, id: string): Promise<PatientRecord | undefined> {
  if (!isUuid(id)) return undefined;
  let statement = patientQuery(db).where('accounts.id', '=', id);
  if (practiceId !== null) statement = statement.where('accounts.practice_id', '=', practiceId);
  const row = await statement.executeTakeFirst();
  return row === undefined ? undefined : toRecord(row);
}

export async function updatePatientContact(
  db: Db,
  practiceId: string,
  id: string,
  contact: { email: string; phone: string | null; dateOfBirth: string | null },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('accounts')
    .set({ email: contact.email, phone: contact.phone, date_of_birth: contact.dateOfBirth, updated_at: now })
    .where('id', '=', id)
    .where('practice_id', '=', practiceId)
    .where('kind', '=', 'patient')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setPatientStatus(db: Db, practiceId: string, id: string, status: 'active' | 'deactivated' | 'awaiting_activation', now: Date): Promise<boolean> {
  const result = await db
    .updateTable('accounts')
    .set({ status, updated_at: now })
    .where('id', '=', id)
    .where('practice_id', '=', practiceId)
    .where('kind', '=', 'patient')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
