/**
 * E-consult: a patient asks the practice a question in writing, the care team (assistant or
 * doctor) answers in the console, and the conversation stays readable. See consults.md for the
 * states and why each rule is what it is.
 *
 * Every change runs in one transaction with its audit row, under a row lock:
 * - a new question locks the patient's account row, then counts in the database, so two
 *   questions sent at once (or from two processes) cannot both slip under the limit;
 * - a follow-up, an answer and closing lock the thread row, so messages get consecutive numbers
 *   and the status is decided by whoever comes second with the first one's result in view.
 * Every query is scoped by practice, and the patient's by their own account too: a thread of
 * someone else is simply not found, and the miss is audited (`consult.not_found`, the id only).
 */
import { sql } from 'kysely';
import type { Db } from '../../storage/database.ts';
import type { ConsultStatus } from '../../storage/schema.ts';
import type { Clock } from '../../security/clock.ts';
import type { OutboxDeps } from '../../mail/outbox.ts';
import { recordAudit, type AuditAction, type ClientInfo } from '../../audit/audit.ts';
import { lockPatientAccount, queuePortalNews, recordListShown, recordNotFound } from '../services.ts';
import { isUuid } from '../../storage/ids.ts';
import {
  BODY_MAX,
  MAX_UNANSWERED_IN_THREAD,
  answerSendsNews,
  checkText,
  newQuestionRefusal,
  statusAfterAnswer,
  windowStart,
  type NewQuestionRefusal,
  type TextProblem,
} from './consult-rules.ts';
import { cleanTypedText } from '../text.ts';

export type { ConsultStatus } from '../../storage/schema.ts';

export interface ConsultDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly outbox: OutboxDeps;
  /** Tells the outbox worker that a commit queued mail. */
  readonly mailQueued: () => void;
}

export interface PatientActor {
  readonly practiceId: string;
  readonly accountId: string;
  readonly client: ClientInfo;
}

export interface StaffMember {
  readonly practiceId: string;
  readonly accountId: string;
  readonly role: 'assistant' | 'doctor';
  readonly client: ClientInfo;
}

/** The thread does not exist for this actor (another patient's, another practice's, made up). */
export class ConsultNotFound extends Error {
  constructor() {
    super('consult thread not found');
  }
}

/** A change the rules refuse; nothing was changed. */
export class ConsultRefused extends Error {
  readonly reason: NewQuestionRefusal | 'closed' | 'too_many_unanswered';
  /** For `closed`: who closed the thread and when. */
  readonly closedBy: { readonly name: string; readonly at: Date } | null;

  constructor(reason: ConsultRefused['reason'], closedBy: ConsultRefused['closedBy'] = null) {
    super(`consult refused: ${reason}`);
    this.reason = reason;
    this.closedBy = closedBy;
  }
}

/** Typed text that breaks a rule (empty, too long); nothing was changed. */
export class ConsultTextInvalid extends Error {
  readonly problem: TextProblem;

  constructor(problem: TextProblem) {
    super(`consult text invalid: ${problem}`);
    this.problem = problem;
  }
}

export interface ThreadSummary {
  readonly id: string;
  readonly subject: string;
  readonly status: ConsultStatus;
  readonly createdAt: Date;
  readonly lastMessageAt: Date;
  readonly waitingSince: Date | null;
  /** An answer the patient has not opened yet. */
  readonly unreadAnswer: boolean;
}

export interface QueueItem extends ThreadSummary {
  readonly patientAccountId: string;
  readonly patientName: string;
}

export interface ConsultMessage {
  readonly seq: number;
  readonly authorKind: 'patient' | 'staff';
  readonly authorName: string;
  /** The staff member's role when they wrote; null for the patient. */
  readonly authorRole: 'assistant' | 'doctor' | null;
  readonly authorAccountId: string;
  readonly body: string;
  readonly createdAt: Date;
}

export interface ThreadDetail extends QueueItem {
  readonly messageCount: number;
  /** How far the patient had read before this look (for "Nieuw" on the patient's page). */
  readonly patientReadSeq: number;
  readonly closedAt: Date | null;
  readonly closedByName: string | null;
  readonly messages: readonly ConsultMessage[];
}

async function audit(
  db: Db,
  at: Date,
  entry: { action: AuditAction; outcome?: 'success' | 'failure'; practiceId: string; actorAccountId: string; subjectAccountId: string | null; client: ClientInfo; details: Record<string, string | number | boolean | null> },
): Promise<void> {
  await recordAudit(db, at, { ...entry, outcome: entry.outcome ?? 'success' });
}

/** A change the rules refused (`consult.refused`), written in the transaction that changed nothing else. */
async function auditRefused(tx: Db, now: Date, actor: { practiceId: string; accountId: string; client: ClientInfo }, subjectAccountId: string, details: Record<string, string | number>): Promise<void> {
  await audit(tx, now, { action: 'consult.refused', outcome: 'failure', practiceId: actor.practiceId, actorAccountId: actor.accountId, subjectAccountId, client: actor.client, details });
}

/** What someone tried with a thread that was not there for them. */
type NotFoundAttempt = 'view' | 'follow_up' | 'answer' | 'close';

/**
 * Runs `work` (which throws ConsultNotFound for a thread that is not there for this actor: another
 * patient's, another practice's, made up) and leaves a trace of such a miss: who looked for which
 * id and what they tried, written after the rolled-back transaction. Probing for other people's
 * threads shows in the trail; a 404 alone would not.
 */
async function auditingMiss<T>(db: Db, now: Date, actor: { practiceId: string; accountId: string; client: ClientInfo }, threadId: string, attempt: NotFoundAttempt, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ConsultNotFound) await recordNotFound(db, now, { action: 'consult.not_found', actor, attempt, looked: { threadId } });
    throw error;
  }
}

/** What the new-question limits count: the patient's waiting questions, and those asked in the window. */
async function questionCounts(db: Db, patient: Pick<PatientActor, 'practiceId' | 'accountId'>, now: Date): Promise<{ waiting: number; askedInWindow: number }> {
  return db
    .selectFrom('consult_threads')
    .select([
      sql<number>`count(*) FILTER (WHERE status = 'waiting_for_practice')::int`.as('waiting'),
      sql<number>`count(*) FILTER (WHERE created_at > ${windowStart(now)})::int`.as('askedInWindow'),
    ])
    .where('patient_account_id', '=', patient.accountId)
    .where('practice_id', '=', patient.practiceId)
    .executeTakeFirstOrThrow();
}

function checkBody(raw: string): string {
  const body = cleanTypedText(raw, { multiline: true });
  const problem = checkText(body, BODY_MAX);
  if (problem !== null) throw new ConsultTextInvalid(problem);
  return body;
}

// ---------------------------------------------------------------------------------------------
// The patient

/**
 * A new question. The limits (waiting questions, questions per 24 hours) are counted under a lock
 * on the patient's account row (`FOR NO KEY UPDATE`: it does not block foreign-key checks of
 * other tables on that row), so parallel requests are counted one after the other. A refusal is
 * audited and thrown as ConsultRefused. Subject and body must have passed checkQuestion.
 */
export async function askQuestion(deps: ConsultDeps, patient: PatientActor, question: { subject: string; body: string }): Promise<string> {
  const now = deps.clock.now();
  const outcome = await deps.db.transaction().execute(async (tx) => {
    if (!(await lockPatientAccount(tx, patient))) throw new ConsultNotFound();
    const counts = await questionCounts(tx, patient, now);
    const refusal = newQuestionRefusal(counts);
    if (refusal !== null) {
      await auditRefused(tx, now, patient, patient.accountId, { reason: refusal, waiting: counts.waiting, askedInWindow: counts.askedInWindow });
      return { refused: refusal } as const;
    }
    const thread = await tx
      .insertInto('consult_threads')
      .values({
        practice_id: patient.practiceId,
        patient_account_id: patient.accountId,
        subject: question.subject,
        status: 'waiting_for_practice',
        created_at: now,
        updated_at: now,
        last_message_at: now,
        waiting_since: now,
        message_count: 1,
        patient_read_seq: 1,
        patient_read_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('consult_messages')
      .values({ thread_id: thread.id, practice_id: patient.practiceId, seq: 1, author_account_id: patient.accountId, author_kind: 'patient', author_role: null, body: question.body, created_at: now })
      .execute();
    await audit(tx, now, {
      action: 'consult.asked',
      practiceId: patient.practiceId,
      actorAccountId: patient.accountId,
      subjectAccountId: patient.accountId,
      client: patient.client,
      details: { threadId: thread.id },
    });
    return { threadId: thread.id } as const;
  });
  if (outcome.refused !== undefined) throw new ConsultRefused(outcome.refused);
  return outcome.threadId;
}

interface LockedThread {
  readonly id: string;
  readonly practice_id: string;
  readonly patient_account_id: string;
  readonly status: ConsultStatus;
  readonly message_count: number;
  readonly last_staff_seq: number;
  readonly patient_read_seq: number;
  readonly closed_at: Date | null;
  readonly closed_by: string | null;
}

/** The thread row, locked until the transaction ends; scoped by practice and, for a patient, by account. */
async function lockThread(tx: Db, threadId: string, scope: { practiceId: string; patientAccountId?: string }): Promise<LockedThread> {
  if (!isUuid(threadId)) throw new ConsultNotFound();
  let query = tx
    .selectFrom('consult_threads')
    .select(['id', 'practice_id', 'patient_account_id', 'status', 'message_count', 'last_staff_seq', 'patient_read_seq', 'closed_at', 'closed_by'])
    .where('id', '=', threadId)
    .where('practice_id', '=', scope.practiceId);
  if (scope.patientAccountId !== undefined) query = query.where('patient_account_id', '=', scope.patientAccountId);
  const row = await query.forUpdate().executeTakeFirst();
  if (row === undefined) throw new ConsultNotFound();
  return row;
}

async function closedByOf(tx: Db, thread: LockedThread): Promise<{ name: string; at: Date }> {
  const closer = thread.closed_by === null ? undefined : await tx.selectFrom('accounts').select('display_name').where('id', '=', thread.closed_by).executeTakeFirst();
  return { name: closer?.display_name ?? '', at: thread.closed_at ?? new Date(0) };
}

/**
 * The patient writes again in their thread: allowed until the practice closes it, and while fewer
 * than MAX_UNANSWERED_IN_THREAD of their messages wait for an answer. The thread waits for the
 * practice again; if it already waited, it keeps its place in the queue.
 */
export async function addFollowUp(deps: ConsultDeps, patient: PatientActor, threadId: string, rawBody: string): Promise<void> {
  const body = checkBody(rawBody);
  const now = deps.clock.now();
  const outcome = await auditingMiss(deps.db, now, patient, threadId, 'follow_up', () => deps.db.transaction().execute(async (tx) => {
    const thread = await lockThread(tx, threadId, { practiceId: patient.practiceId, patientAccountId: patient.accountId });
    // Every message after the newest answer is the patient's.
    const unanswered = thread.message_count - thread.last_staff_seq;
    const refusal = thread.status === 'closed' ? 'closed' : unanswered >= MAX_UNANSWERED_IN_THREAD ? 'too_many_unanswered' : null;
    if (refusal !== null) {
      await auditRefused(tx, now, patient, patient.accountId, { threadId, reason: refusal });
      return { refused: refusal, closedBy: refusal === 'closed' ? await closedByOf(tx, thread) : null } as const;
    }
    const seq = thread.message_count + 1;
    await tx
      .insertInto('consult_messages')
      .values({ thread_id: thread.id, practice_id: thread.practice_id, seq, author_account_id: patient.accountId, author_kind: 'patient', author_role: null, body, created_at: now })
      .execute();
    await tx
      .updateTable('consult_threads')
      .set({
        status: 'waiting_for_practice',
        waiting_since: sql<Date>`coalesce(waiting_since, ${now})`,
        message_count: seq,
        last_message_at: now,
        updated_at: now,
      })
      .where('id', '=', thread.id)
      .where('status', '<>', 'closed')
      .execute();
    await audit(tx, now, {
      action: 'consult.followed_up',
      practiceId: patient.practiceId,
      actorAccountId: patient.accountId,
      subjectAccountId: patient.accountId,
      client: patient.client,
      details: { threadId, seq, previousStatus: thread.status },
    });
    return { done: true } as const;
  }));
  if (outcome.refused !== undefined) throw new ConsultRefused(outcome.refused, outcome.closedBy);
}

/** What every list and page of threads shows about a thread, and the columns it comes from. */
const SUMMARY_COLUMNS = [
  'consult_threads.id',
  'consult_threads.subject',
  'consult_threads.status',
  'consult_threads.created_at',
  'consult_threads.last_message_at',
  'consult_threads.waiting_since',
  'consult_threads.last_staff_seq',
  'consult_threads.patient_read_seq',
] as const;

function toSummary(row: {
  id: string;
  subject: string;
  status: ThreadSummary['status'];
  created_at: Date;
  last_message_at: Date;
  waiting_since: Date | null;
  last_staff_seq: number;
  patient_read_seq: number;
}): ThreadSummary {
  return {
    id: row.id,
    subject: row.subject,
    status: row.status,
    createdAt: row.created_at,
    lastMessageAt: row.last_message_at,
    waitingSince: row.waiting_since,
    unreadAnswer: row.last_staff_seq > row.patient_read_seq,
  };
}

export async function listForPatient(db: Db, patient: PatientActor, now: Date): Promise<ThreadSummary[]> {
  const rows = await db
    .selectFrom('consult_threads')
    .select(SUMMARY_COLUMNS)
    .where('patient_account_id', '=', patient.accountId)
    .where('practice_id', '=', patient.practiceId)
    .orderBy('last_message_at', 'desc')
    .orderBy('id')
    .limit(200)
    .execute();
  await audit(db, now, {
    action: 'consult.listed',
    practiceId: patient.practiceId,
    actorAccountId: patient.accountId,
    subjectAccountId: patient.accountId,
    client: patient.client,
    details: { threads: rows.length },
  });
  return rows.map(toSummary);
}

/** What the patient may still do: whether a new question would be refused, and why. */
export async function newQuestionAllowed(db: Db, patient: Pick<PatientActor, 'practiceId' | 'accountId'>, now: Date): Promise<NewQuestionRefusal | null> {
  return newQuestionRefusal(await questionCounts(db, patient, now));
}

async function threadDetail(db: Db, threadId: string, scope: { practiceId: string; patientAccountId?: string }): Promise<ThreadDetail | undefined> {
  if (!isUuid(threadId)) return undefined;
  let query = db
    .selectFrom('consult_threads')
    .innerJoin('accounts as patient', 'patient.id', 'consult_threads.patient_account_id')
    .leftJoin('accounts as closer', 'closer.id', 'consult_threads.closed_by')
    .select([
      ...SUMMARY_COLUMNS,
      'consult_threads.message_count',
      'consult_threads.closed_at',
      'consult_threads.patient_account_id',
      'patient.display_name as patient_name',
      'closer.display_name as closer_name',
    ])
    .where('consult_threads.id', '=', threadId)
    .where('consult_threads.practice_id', '=', scope.practiceId);
  if (scope.patientAccountId !== undefined) query = query.where('consult_threads.patient_account_id', '=', scope.patientAccountId);
  const row = await query.executeTakeFirst();
  if (row === undefined) return undefined;
  const messages = await db
    .selectFrom('consult_messages')
    .innerJoin('accounts', 'accounts.id', 'consult_messages.author_account_id')
    .select(['consult_messages.seq', 'consult_messages.author_kind', 'consult_messages.author_role', 'consult_messages.author_account_id', 'consult_messages.body', 'consult_messages.created_at', 'accounts.display_name'])
    .where('consult_messages.thread_id', '=', row.id)
    .where('consult_messages.practice_id', '=', scope.practiceId)
    .orderBy('consult_messages.seq')
    .execute();
  return {
    ...toSummary(row),
    patientAccountId: row.patient_account_id,
    patientName: row.patient_name,
    messageCount: row.message_count,
    patientReadSeq: row.patient_read_seq,
    closedAt: row.closed_at,
    closedByName: row.closer_name,
    messages: messages.map((message) => ({
      seq: message.seq,
      authorKind: message.author_kind,
      authorName: message.display_name,
      authorRole: message.author_role,
      authorAccountId: message.author_account_id,
      body: message.body,
      createdAt: message.created_at,
    })),
  };
}

/**
 * The patient opens their thread: the conversation, and from now on it counts as read. The
 * returned detail still says how far they had read before, to mark what is new.
 */
export async function openForPatient(deps: Pick<ConsultDeps, 'db' | 'clock'>, patient: PatientActor, threadId: string): Promise<ThreadDetail> {
  const now = deps.clock.now();
  return auditingMiss(deps.db, now, patient, threadId, 'view', () => deps.db.transaction().execute(async (tx) => {
    const detail = await threadDetail(tx, threadId, { practiceId: patient.practiceId, patientAccountId: patient.accountId });
    if (detail === undefined) throw new ConsultNotFound();
    await tx
      .updateTable('consult_threads')
      .set({ patient_read_seq: sql<number>`greatest(patient_read_seq, ${detail.messageCount})`, patient_read_at: now })
      .where('id', '=', detail.id)
      .where('patient_account_id', '=', patient.accountId)
      .execute();
    await audit(tx, now, {
      action: 'consult.viewed',
      practiceId: patient.practiceId,
      actorAccountId: patient.accountId,
      subjectAccountId: patient.accountId,
      client: patient.client,
      details: { threadId: detail.id, status: detail.status, messages: detail.messageCount },
    });
    return detail;
  }));
}

// ---------------------------------------------------------------------------------------------
// The care team

export type QueueFilter = 'waiting' | 'all';

/** The practice's queue: waiting questions first, the longest waiting on top; then the rest, newest first. */
export async function queueForPractice(db: Db, staff: StaffMember, filter: QueueFilter, now: Date): Promise<QueueItem[]> {
  let query = db
    .selectFrom('consult_threads')
    .innerJoin('accounts', 'accounts.id', 'consult_threads.patient_account_id')
    .select([
      ...SUMMARY_COLUMNS,
      'consult_threads.patient_account_id',
      'accounts.display_name',
    ])
    .where('consult_threads.practice_id', '=', staff.practiceId);
  if (filter === 'waiting') query = query.where('consult_threads.status', '=', 'waiting_for_practice');
  const rows = await query
    .orderBy(sql`consult_threads.waiting_since IS NULL`)
    .orderBy('consult_threads.waiting_since')
    .orderBy('consult_threads.last_message_at', 'desc')
    .orderBy('consult_threads.id')
    .limit(500)
    .execute();
  // One row per patient whose questions were shown (a look at their record, so it belongs in
  // their trail), or one without a patient when the queue was empty.
  await recordListShown(
    db,
    now,
    { action: 'consult.listed', outcome: 'success', practiceId: staff.practiceId, actorAccountId: staff.accountId, client: staff.client },
    rows.map((row) => row.patient_account_id),
    (threads) => ({ filter, threads }),
  );
  return rows.map((row) => ({
    ...toSummary(row),
    patientAccountId: row.patient_account_id,
    patientName: row.display_name,
  }));
}

export async function openForStaff(deps: Pick<ConsultDeps, 'db' | 'clock'>, staff: StaffMember, threadId: string): Promise<ThreadDetail> {
  const now = deps.clock.now();
  return auditingMiss(deps.db, now, staff, threadId, 'view', () => deps.db.transaction().execute(async (tx) => {
    const detail = await threadDetail(tx, threadId, { practiceId: staff.practiceId });
    if (detail === undefined) throw new ConsultNotFound();
    await audit(tx, now, {
      action: 'consult.viewed',
      practiceId: staff.practiceId,
      actorAccountId: staff.accountId,
      subjectAccountId: detail.patientAccountId,
      client: staff.client,
      details: { threadId: detail.id, status: detail.status, messages: detail.messageCount },
    });
    return detail;
  }));
}

export interface AnswerResult {
  readonly status: ConsultStatus;
  readonly seq: number;
  /** Messages that came in after what the writer saw, by others: a colleague's answer, a follow-up. */
  readonly colleagueAnsweredSeq: number | null;
  readonly patientWroteMeanwhile: boolean;
  readonly newsQueued: boolean;
}

/**
 * A staff answer. Two colleagues answering the same question at once both have their answer kept
 * (messages are never thrown away); the thread lock puts them one after the other. `seenCount` is
 * the number of messages the writer had on screen: the second writer learns that a colleague
 * answered meanwhile, and an answer written without seeing the patient's newest message leaves
 * the thread waiting (statusAfterAnswer). The patient gets one "news in the portal" mail per
 * batch of unread answers (answerSendsNews). A closed thread takes no answer.
 */
export async function answer(deps: ConsultDeps, staff: StaffMember, threadId: string, rawBody: string, seenCount: number | null): Promise<AnswerResult> {
  const body = checkBody(rawBody);
  const now = deps.clock.now();
  const outcome = await auditingMiss(deps.db, now, staff, threadId, 'answer', () => deps.db.transaction().execute(async (tx) => {
    const thread = await lockThread(tx, threadId, { practiceId: staff.practiceId });
    if (thread.status === 'closed') {
      await auditRefused(tx, now, staff, thread.patient_account_id, { threadId, reason: 'closed' });
      return { refused: await closedByOf(tx, thread) } as const;
    }
    const seen = seenCount === null || seenCount > thread.message_count || seenCount < 1 ? thread.message_count : seenCount;
    const since = await tx
      .selectFrom('consult_messages')
      .select(['seq', 'author_kind', 'author_account_id'])
      .where('thread_id', '=', thread.id)
      .where('seq', '>', seen)
      .orderBy('seq')
      .execute();
    const newestPatientSeq = Math.max(0, ...since.filter((m) => m.author_kind === 'patient').map((m) => m.seq));
    const colleague = since.filter((m) => m.author_kind === 'staff' && m.author_account_id !== staff.accountId).at(-1);
    const status = statusAfterAnswer({ seenCount: seen, newestPatientSeq });
    const seq = thread.message_count + 1;
    await tx
      .insertInto('consult_messages')
      .values({ thread_id: thread.id, practice_id: thread.practice_id, seq, author_account_id: staff.accountId, author_kind: 'staff', author_role: staff.role, body, created_at: now })
      .execute();
    await tx
      .updateTable('consult_threads')
      .set({
        status,
        waiting_since: status === 'answered' ? null : sql<Date>`waiting_since`,
        message_count: seq,
        last_staff_seq: seq,
        last_message_at: now,
        updated_at: now,
      })
      .where('id', '=', thread.id)
      .where('status', '<>', 'closed')
      .execute();
    const sendNews = answerSendsNews({ lastStaffSeq: thread.last_staff_seq, patientReadSeq: thread.patient_read_seq });
    const newsQueued = sendNews && (await queuePortalNews(tx, deps.outbox, { practiceId: thread.practice_id, patientAccountId: thread.patient_account_id }, now));
    await audit(tx, now, {
      action: 'consult.answered',
      practiceId: staff.practiceId,
      actorAccountId: staff.accountId,
      subjectAccountId: thread.patient_account_id,
      client: staff.client,
      details: { threadId, seq, previousStatus: thread.status, status, newsQueued, colleagueAnswered: colleague !== undefined },
    });
    return { status, seq, colleagueAnsweredSeq: colleague?.seq ?? null, patientWroteMeanwhile: newestPatientSeq > 0, newsQueued } as const;
  }));
  if ('refused' in outcome) throw new ConsultRefused('closed', outcome.refused);
  if (outcome.newsQueued) deps.mailQueued();
  return outcome;
}

/**
 * Staff close a thread: no more messages, still readable. A second close finds it closed (the
 * guarded UPDATE changes nothing) and is told by whom. Closing a question that still waited for
 * an answer sends the patient the news mail: they wait for something that will not come and must
 * look. Closing an answered thread sends nothing: there is nothing new to read.
 */
export async function closeThread(deps: ConsultDeps, staff: StaffMember, threadId: string): Promise<{ newsQueued: boolean }> {
  const now = deps.clock.now();
  const outcome = await auditingMiss(deps.db, now, staff, threadId, 'close', () => deps.db.transaction().execute(async (tx) => {
    const thread = await lockThread(tx, threadId, { practiceId: staff.practiceId });
    const closed = await tx
      .updateTable('consult_threads')
      .set({ status: 'closed', closed_at: now, closed_by: staff.accountId, waiting_since: null, updated_at: now })
      .where('id', '=', thread.id)
      .where('practice_id', '=', staff.practiceId)
      .where('status', 'in', ['waiting_for_practice', 'answered'])
      .executeTakeFirst();
    if (Number(closed.numUpdatedRows) !== 1) {
      await auditRefused(tx, now, staff, thread.patient_account_id, { threadId, reason: 'closed' });
      return { refused: await closedByOf(tx, thread) } as const;
    }
    const wasWaiting = thread.status === 'waiting_for_practice';
    const newsQueued = wasWaiting && (await queuePortalNews(tx, deps.outbox, { practiceId: thread.practice_id, patientAccountId: thread.patient_account_id }, now));
    await audit(tx, now, {
      action: 'consult.closed',
      practiceId: staff.practiceId,
      actorAccountId: staff.accountId,
      subjectAccountId: thread.patient_account_id,
      client: staff.client,
      details: { threadId, previousStatus: thread.status, newsQueued },
    });
    return { newsQueued } as const;
  }));
  if ('refused' in outcome) throw new ConsultRefused('closed', outcome.refused);
  if (outcome.newsQueued) deps.mailQueued();
  return outcome;
}

/** For the patient's home page: answers not yet opened, and questions waiting for the practice. */
export async function patientCounts(db: Db, scope: { practiceId: string; accountId: string }): Promise<{ unread: number; waiting: number }> {
  const row = await db
    .selectFrom('consult_threads')
    .select([
      sql<number>`count(*) FILTER (WHERE last_staff_seq > patient_read_seq)::int`.as('unread'),
      sql<number>`count(*) FILTER (WHERE status = 'waiting_for_practice')::int`.as('waiting'),
    ])
    .where('patient_account_id', '=', scope.accountId)
    .where('practice_id', '=', scope.practiceId)
    .executeTakeFirstOrThrow();
  return { unread: row.unread, waiting: row.waiting };
}
