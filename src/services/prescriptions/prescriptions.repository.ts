/**
 * Reading and writing repeat medication and prescription requests. Every function takes the
 * practice id, and the patient's functions the patient's account id as well, and puts both in its
 * WHERE: a record of another practice or another patient is simply not found.
 */
import { sql } from 'kysely';
import type { Db } from '../../storage/database.ts';
import { isUuid } from '../../storage/ids.ts';
import { OPEN_STATUSES, newsSince, type ActiveMedication, type PrescriptionStatus, type RequestItem, type StatusCounts } from './prescriptions.rules.ts';

export interface RepeatMedication {
  readonly id: string;
  readonly name: string;
  readonly createdAt: Date;
  readonly endedAt: Date | null;
}

export interface PrescriptionRequest {
  readonly id: string;
  readonly practiceId: string;
  readonly patientAccountId: string;
  readonly patientName: string;
  readonly status: PrescriptionStatus;
  readonly pharmacy: string;
  readonly remark: string | null;
  readonly rejectionReason: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly closedAt: Date | null;
  readonly handledBy: { readonly accountId: string; readonly name: string } | null;
  readonly items: readonly RequestItem[];
}

export interface QueueEntry {
  readonly id: string;
  readonly patientAccountId: string;
  readonly patientName: string;
  readonly status: PrescriptionStatus;
  readonly createdAt: Date;
}

export type QueueFilter = 'open' | 'all';

// ---- Repeat medication ----------------------------------------------------------------------

/** The patient's active lines, oldest first (the order the practice entered them). */
export async function activeMedications(db: Db, practiceId: string, patientAccountId: string): Promise<ActiveMedication[]> {
  return db
    .selectFrom('repeat_medications')
    .select(['id', 'name'])
    .where('practice_id', '=', practiceId)
    .where('patient_account_id', '=', patientAccountId)
    .where('ended_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Every line of the patient, active ones first, for the console. */
export async function medicationsOf(db: Db, practiceId: string, patientAccountId: string): Promise<RepeatMedication[]> {
  const rows = await db
    .selectFrom('repeat_medications')
    .select(['id', 'name', 'created_at', 'ended_at'])
    .where('practice_id', '=', practiceId)
    .where('patient_account_id', '=', patientAccountId)
    .orderBy(sql`ended_at IS NULL`, 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at, endedAt: row.ended_at }));
}

export async function insertMedication(db: Db, input: { practiceId: string; patientAccountId: string; name: string; createdBy: string }, now: Date): Promise<string> {
  const row = await db
    .insertInto('repeat_medications')
    .values({ practice_id: input.practiceId, patient_account_id: input.patientAccountId, name: input.name, created_by: input.createdBy, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Ends a line, once: `ended_at IS NULL` in the WHERE, so two staff members ending it at once give
 * one end (and one audit row of it). 'not_found' for a line of another patient or practice.
 */
export async function endMedication(db: Db, input: { practiceId: string; patientAccountId: string; medicationId: string; endedBy: string }, now: Date): Promise<'ended' | 'already_ended' | 'not_found'> {
  if (!isUuid(input.medicationId)) return 'not_found';
  const result = await db
    .updateTable('repeat_medications')
    .set({ ended_at: now, ended_by: input.endedBy })
    .where('id', '=', input.medicationId)
    .where('practice_id', '=', input.practiceId)
    .where('patient_account_id', '=', input.patientAccountId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) return 'ended';
  const existing = await db
    .selectFrom('repeat_medications')
    .select('id')
    .where('id', '=', input.medicationId)
    .where('practice_id', '=', input.practiceId)
    .where('patient_account_id', '=', input.patientAccountId)
    .executeTakeFirst();
  return existing === undefined ? 'not_found' : 'already_ended';
}

// ---- Requests -------------------------------------------------------------------------------

function requestQuery(db: Db) {
  return db
    .selectFrom('prescription_requests as r')
    .innerJoin('accounts as p', 'p.id', 'r.patient_account_id')
    .leftJoin('accounts as h', 'h.id', 'r.handled_by_account_id')
    .select([
      'r.id',
      'r.practice_id',
      'r.patient_account_id',
      'p.display_name as patient_name',
      'r.status',
      'r.pharmacy',
      'r.remark',
      'r.rejection_reason',
      'r.created_at',
      'r.updated_at',
      'r.closed_at',
      'r.handled_by_account_id',
      'h.display_name as handler_name',
    ]);
}

type RequestRow = Awaited<ReturnType<ReturnType<typeof requestQuery>['executeTakeFirstOrThrow']>>;

async function withItems(db: Db, practiceId: string, rows: readonly RequestRow[]): Promise<PrescriptionRequest[]> {
  if (rows.length === 0) return [];
  const items = await db
    .selectFrom('prescription_request_items')
    .select(['request_id', 'medication_id', 'name'])
    .where('practice_id', '=', practiceId)
    .where(
      'request_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('request_id')
    .orderBy('position')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    practiceId: row.practice_id,
    patientAccountId: row.patient_account_id,
    patientName: row.patient_name,
    status: row.status,
    pharmacy: row.pharmacy,
    remark: row.remark,
    rejectionReason: row.rejection_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
    handledBy: row.handled_by_account_id === null ? null : { accountId: row.handled_by_account_id, name: row.handler_name ?? '' },
    items: items.filter((item) => item.request_id === row.id).map((item) => ({ medicationId: item.medication_id, name: item.name })),
  }));
}

/** The patient's requests, newest first. */
export async function requestsOfPatient(db: Db, practiceId: string, patientAccountId: string, limit = 50): Promise<PrescriptionRequest[]> {
  const rows = await requestQuery(db)
    .where('r.practice_id', '=', practiceId)
    .where('r.patient_account_id', '=', patientAccountId)
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id')
    .limit(limit)
    .execute();
  return withItems(db, practiceId, rows);
}

/**
 * One request of the practice; with `patientAccountId`, only if it is that patient's. A made-up
 * or foreign id is undefined (the route answers 404, the same as for an id that does not exist).
 */
export async function findRequest(db: Db, practiceId: string, requestId: string, patientAccountId?: string): Promise<PrescriptionRequest | undefined> {
  if (!isUuid(requestId)) return undefined;
  let query = requestQuery(db).where('r.id', '=', requestId).where('r.practice_id', '=', practiceId);
  if (patientAccountId !== undefined) query = query.where('r.patient_account_id', '=', patientAccountId);
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : (await withItems(db, practiceId, [row]))[0];
}

export async function countOpenRequests(db: Db, practiceId: string, patientAccountId: string): Promise<number> {
  const row = await db
    .selectFrom('prescription_requests')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('practice_id', '=', practiceId)
    .where('patient_account_id', '=', patientAccountId)
    .where('status', 'in', OPEN_STATUSES)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The pharmacy of the patient's last request, to fill in the next one. */
export async function lastPharmacy(db: Db, practiceId: string, patientAccountId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('prescription_requests')
    .select('pharmacy')
    .where('practice_id', '=', practiceId)
    .where('patient_account_id', '=', patientAccountId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.pharmacy;
}

export async function insertRequest(
  db: Db,
  input: { practiceId: string; patientAccountId: string; pharmacy: string; remark: string | null; items: readonly RequestItem[] },
  now: Date,
): Promise<string> {
  const request = await db
    .insertInto('prescription_requests')
    .values({
      practice_id: input.practiceId,
      patient_account_id: input.patientAccountId,
      status: 'requested',
      pharmacy: input.pharmacy,
      remark: input.remark,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('prescription_request_items')
    .values(input.items.map((item, index) => ({ request_id: request.id, position: index + 1, practice_id: input.practiceId, patient_account_id: input.patientAccountId, medication_id: item.medicationId, name: item.name })))
    .execute();
  return request.id;
}

/**
 * Moves a request from `from` to `to`, only if it is still in `from`: a compare-and-set. Of two
 * staff members who read the same status and act at once, the second one's UPDATE waits for the
 * first's row lock, then finds the status changed and updates nothing. Returns the patient when
 * this call made the change.
 */
export async function moveRequest(
  db: Db,
  input: { practiceId: string; requestId: string; from: PrescriptionStatus; to: Exclude<PrescriptionStatus, 'requested'>; handledBy: string; reason: string | null },
  now: Date,
): Promise<{ patientAccountId: string } | undefined> {
  const row = await db
    .updateTable('prescription_requests')
    .set({
      status: input.to,
      updated_at: now,
      handled_by_account_id: input.handledBy,
      closed_at: input.to === 'in_progress' ? null : now,
      rejection_reason: input.to === 'rejected' ? input.reason : null,
    })
    .where('id', '=', input.requestId)
    .where('practice_id', '=', input.practiceId)
    .where('status', '=', input.from)
    .returning('patient_account_id')
    .executeTakeFirst();
  return row === undefined ? undefined : { patientAccountId: row.patient_account_id };
}

/** The practice's queue: open requests first, oldest first; then (filter 'all') the handled ones, latest first. */
export async function queueOf(db: Db, practiceId: string, filter: QueueFilter, limit: number): Promise<QueueEntry[]> {
  let query = db
    .selectFrom('prescription_requests as r')
    .innerJoin('accounts as p', 'p.id', 'r.patient_account_id')
    .select(['r.id', 'r.patient_account_id', 'p.display_name as patient_name', 'r.status', 'r.created_at'])
    .where('r.practice_id', '=', practiceId);
  if (filter === 'open') query = query.where('r.status', 'in', OPEN_STATUSES);
  const rows = await query
    .orderBy(sql`CASE WHEN r.status IN ('requested', 'in_progress') THEN 0 ELSE 1 END`)
    .orderBy(sql`CASE WHEN r.status IN ('requested', 'in_progress') THEN r.created_at END`, 'asc')
    .orderBy('r.closed_at', 'desc')
    .orderBy('r.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    patientAccountId: row.patient_account_id,
    patientName: row.patient_name,
    status: row.status,
    createdAt: row.created_at,
  }));
}

/** What the home page counts for the patient. */
export async function statusCountsOf(db: Db, practiceId: string, patientAccountId: string, now: Date): Promise<StatusCounts> {
  const since = newsSince(now);
  const row = await db
    .selectFrom('prescription_requests')
    .select([
      sql<number>`count(*) FILTER (WHERE status = 'requested')::int`.as('requested'),
      sql<number>`count(*) FILTER (WHERE status = 'in_progress')::int`.as('in_progress'),
      sql<number>`count(*) FILTER (WHERE status = 'ready' AND closed_at >= ${since})::int`.as('ready'),
      sql<number>`count(*) FILTER (WHERE status = 'rejected' AND closed_at >= ${since})::int`.as('rejected'),
    ])
    .where('practice_id', '=', practiceId)
    .where('patient_account_id', '=', patientAccountId)
    .executeTakeFirstOrThrow();
  return { requested: row.requested, inProgress: row.in_progress, recentlyReady: row.ready, recentlyRejected: row.rejected };
}
