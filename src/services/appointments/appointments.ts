/**
 * Appointments: the practice publishes free times per doctor, a patient books one and may
 * cancel it until the practice's cancellation window, staff cancel a booking or withdraw a free
 * time. No HTTP here: the routes parse, call one of these functions, and render.
 *
 * Every function opens its own transaction and writes its audit row in it, so the trail and the
 * data never disagree. Concurrency, hazard by hazard:
 * - Two patients, one slot: the unique index `appointments_one_per_slot_idx` (one booking that is
 *   not cancelled per slot). The insert says ON CONFLICT DO NOTHING: the loser waits for the
 *   winner's commit and gets no row back, which is the answer "taken".
 * - A booking and a withdrawal at once: the booking holds the slot row FOR SHARE, the withdrawal
 *   FOR UPDATE, so one waits for the other and then sees its result.
 * - Two managers publishing overlapping times for one doctor: both lock the doctor's account row
 *   FOR NO KEY UPDATE before the overlap check, so the second checks after the first committed.
 * - One patient booking many slots at once (the limit of upcoming appointments): the booking
 *   locks the patient's account row first, FOR NO KEY UPDATE too.
 * - Why not FOR UPDATE on accounts: every insert that refers to an account (an audit row, an
 *   outbox mail, `created_by`) takes FOR KEY SHARE on its row, which FOR UPDATE conflicts with.
 *   Doctor D1 publishing for D2 while D2 publishes for D1 would each hold one row and wait for the
 *   other's: a deadlock. FOR NO KEY UPDATE still conflicts with itself, so the serialisation holds.
 * - Two staff members, or staff and patient, cancelling at once: `UPDATE … WHERE cancelled_at IS
 *   NULL`; the second changes nothing and is told who was first.
 */
import type { Db } from '../../storage/database.ts';
import type { Clock } from '../../security/clock.ts';
import type { ClientInfo } from '../../audit/audit.ts';
import { recordAudit } from '../../audit/audit.ts';
import type { OutboxDeps } from '../../mail/outbox.ts';
import { lockPatientAccount, queuePortalNews, recordListShown, recordNotFound } from '../services.ts';
import { readPracticeSettings } from '../../practices/practice-settings.ts';
import { isUuid } from '../../storage/ids.ts';
import type { AppointmentCancelledBy } from '../../storage/schema.ts';
import {
  MAX_UPCOMING_PER_PATIENT,
  amsterdamDay,
  bookingWindow,
  firstOverlap,
  parseReason,
  patientMayCancel,
  planSeries,
  type PlannedSlot,
  type SeriesError,
  type SeriesForm,
} from './appointment-rules.ts';
import { amsterdamDate } from './amsterdam-time.ts';

export interface AppointmentDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly outbox: OutboxDeps;
  /** Tells the outbox worker that a commit queued mail. */
  readonly mailQueued: () => void;
}

/** Who acts: a patient (their own account) or a staff member, always within one practice. */
export interface Actor {
  readonly accountId: string;
  readonly practiceId: string;
  readonly client: ClientInfo;
}

export interface Doctor {
  readonly id: string;
  readonly name: string;
}

export interface FreeSlot {
  readonly id: string;
  readonly doctorName: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
}

export interface PatientAppointment {
  readonly id: string;
  readonly doctorName: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly reason: string | null;
  /** Null while the appointment stands. */
  readonly cancelledBy: AppointmentCancelledBy | null;
  readonly mayCancel: boolean;
}

export interface PatientOverview {
  /** Upcoming appointments that stand, soonest first. */
  readonly upcoming: readonly PatientAppointment[];
  /** Upcoming appointments the practice cancelled: the news the mail pointed to. */
  readonly cancelledByPractice: readonly PatientAppointment[];
  readonly cancelWindowHours: number;
  readonly practicePhone: string | null;
}

export type SlotState = 'free' | 'booked' | 'withdrawn';

export interface DaySlot {
  readonly id: string;
  readonly doctorId: string;
  readonly doctorName: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly state: SlotState;
  readonly past: boolean;
  readonly appointment: { readonly id: string; readonly patientId: string; readonly patientName: string; readonly reason: string | null } | null;
}

async function audit(
  db: Db,
  at: Date,
  actor: Actor,
  action: Parameters<typeof recordAudit>[2]['action'],
  subjectAccountId: string | null,
  details: Record<string, string | number | boolean | null>,
  outcome: 'success' | 'failure' | 'info' = 'success',
): Promise<void> {
  await recordAudit(db, at, { action, outcome, practiceId: actor.practiceId, actorAccountId: actor.accountId, subjectAccountId, client: actor.client, details });
}

/** A slot or appointment id that is not there for this actor, audited (recordNotFound). */
async function auditNotFound(db: Db, at: Date, actor: Actor, attempt: 'view' | 'book' | 'cancel' | 'withdraw', looked: { slotId: string } | { appointmentId: string }): Promise<void> {
  await recordNotFound(db, at, { action: 'appointment.not_found', actor, attempt, looked });
}

// ---------------------------------------------------------------------------------------------
// Staff: doctors, publishing, the day view, withdrawing, cancelling
// ---------------------------------------------------------------------------------------------

/** The practice's doctors who can be given times: active staff accounts with role doctor. */
export async function listDoctors(db: Db, practiceId: string): Promise<Doctor[]> {
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'display_name'])
    .where('practice_id', '=', practiceId)
    .where('kind', '=', 'staff')
    .where('role', '=', 'doctor')
    .where('status', '=', 'active')
    .orderBy('display_name')
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.display_name }));
}

/** Inserts planned slots; for publishSeries and the demo data (no checks, no audit). */
export async function insertSlots(db: Db, input: { practiceId: string; doctorAccountId: string; createdBy: string; slots: readonly PlannedSlot[] }, now: Date): Promise<void> {
  if (input.slots.length === 0) return;
  await db
    .insertInto('appointment_slots')
    .values(
      input.slots.map((slot) => ({
        practice_id: input.practiceId,
        doctor_account_id: input.doctorAccountId,
        starts_at: slot.startsAt,
        ends_at: slot.endsAt,
        created_by: input.createdBy,
        created_at: now,
      })),
    )
    .execute();
}

export type PublishResult =
  | { readonly ok: true; readonly count: number; readonly date: string }
  | { readonly ok: false; readonly errors: readonly SeriesError[] };

/** Publishes a series of free times for one doctor of the actor's practice. */
export async function publishSeries(deps: AppointmentDeps, actor: Actor, form: SeriesForm): Promise<PublishResult> {
  const now = deps.clock.now();
  const doctors = await listDoctors(deps.db, actor.practiceId);
  const plan = planSeries(form, now, doctors.map((doctor) => doctor.id));
  if (!plan.ok) return plan;
  return deps.db.transaction().execute(async (tx): Promise<PublishResult> => {
    // The doctor's row is the lock that serialises publishing for this doctor (see the top).
    const doctor = await tx
      .selectFrom('accounts')
      .select('id')
      .where('id', '=', plan.doctorAccountId)
      .where('practice_id', '=', actor.practiceId)
      .where('kind', '=', 'staff')
      .where('role', '=', 'doctor')
      .where('status', '=', 'active')
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (doctor === undefined) return { ok: false, errors: [{ field: 'doctor', id: 'appointments.error.doctor' }] };
    const first = plan.slots[0]!;
    const last = plan.slots[plan.slots.length - 1]!;
    const existing = await tx
      .selectFrom('appointment_slots')
      .select(['starts_at', 'ends_at'])
      .where('doctor_account_id', '=', plan.doctorAccountId)
      .where('withdrawn_at', 'is', null)
      .where('starts_at', '<', last.endsAt)
      .where('ends_at', '>', first.startsAt)
      .execute();
    const clash = firstOverlap(
      plan.slots,
      existing.map((row) => ({ startsAt: row.starts_at, endsAt: row.ends_at })),
    );
    if (clash !== undefined) return { ok: false, errors: [{ field: 'from', id: 'appointments.error.overlap', params: { at: clash.startsAt.toISOString() } }] };
    await insertSlots(tx, { practiceId: actor.practiceId, doctorAccountId: plan.doctorAccountId, createdBy: actor.accountId, slots: plan.slots }, now);
    await audit(tx, now, actor, 'appointment.slots_published', null, {
      doctorAccountId: plan.doctorAccountId,
      date: plan.date,
      count: plan.slots.length,
      lengthMinutes: Number(form.length),
    });
    return { ok: true, count: plan.slots.length, date: plan.date };
  });
}

/** Every slot of every doctor of the practice on one Amsterdam day, audited as a read of each patient shown. */
export async function readDay(deps: AppointmentDeps, actor: Actor, date: string): Promise<DaySlot[]> {
  const now = deps.clock.now();
  const { from, until } = amsterdamDay(date);
  const rows = await deps.db
    .selectFrom('appointment_slots as s')
    .innerJoin('accounts as d', 'd.id', 's.doctor_account_id')
    .leftJoin('appointments as a', (join) => join.onRef('a.slot_id', '=', 's.id').on('a.cancelled_at', 'is', null))
    .leftJoin('accounts as p', 'p.id', 'a.patient_account_id')
    .select(['s.id', 's.doctor_account_id', 'd.display_name as doctor_name', 's.starts_at', 's.ends_at', 's.withdrawn_at', 'a.id as appointment_id', 'a.reason', 'p.id as patient_id', 'p.display_name as patient_name'])
    .where('s.practice_id', '=', actor.practiceId)
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', until)
    .orderBy('d.display_name')
    .orderBy('s.starts_at')
    .orderBy('s.created_at')
    .execute();
  const slots: DaySlot[] = rows.map((row) => ({
    id: row.id,
    doctorId: row.doctor_account_id,
    doctorName: row.doctor_name,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    state: row.appointment_id !== null ? 'booked' : row.withdrawn_at !== null ? 'withdrawn' : 'free',
    past: row.starts_at.getTime() <= now.getTime(),
    appointment:
      row.appointment_id === null || row.patient_id === null || row.patient_name === null
        ? null
        : { id: row.appointment_id, patientId: row.patient_id, patientName: row.patient_name, reason: row.reason },
  }));
  // One row per patient whose booking was shown (name, time, perhaps the reason: a look at their
  // record, so it belongs in their trail), or one without a patient on a day without bookings.
  await recordListShown(
    deps.db,
    now,
    { action: 'appointment.day_viewed', outcome: 'success', practiceId: actor.practiceId, actorAccountId: actor.accountId, client: actor.client },
    slots.flatMap((slot) => (slot.appointment === null ? [] : [slot.appointment.patientId])),
    (appointments) => ({ date, slots: slots.length, appointments }),
  );
  return slots;
}

export type WithdrawResult =
  | { readonly status: 'withdrawn' | 'already' | 'booked' | 'past'; readonly date: string }
  | { readonly status: 'not_found' };

/** Withdraws a free future slot of the actor's practice. */
export async function withdrawSlot(deps: AppointmentDeps, actor: Actor, slotId: string): Promise<WithdrawResult> {
  const now = deps.clock.now();
  if (!isUuid(slotId)) {
    await auditNotFound(deps.db, now, actor, 'withdraw', { slotId });
    return { status: 'not_found' };
  }
  return deps.db.transaction().execute(async (tx): Promise<WithdrawResult> => {
    // FOR UPDATE waits for a booking in progress (it holds the row FOR SHARE); the next
    // statement then sees that booking.
    const slot = await tx
      .selectFrom('appointment_slots')
      .select(['id', 'starts_at', 'withdrawn_at'])
      .where('id', '=', slotId)
      .where('practice_id', '=', actor.practiceId)
      .forUpdate()
      .executeTakeFirst();
    if (slot === undefined) {
      await auditNotFound(tx, now, actor, 'withdraw', { slotId });
      return { status: 'not_found' };
    }
    const date = amsterdamDate(slot.starts_at);
    if (slot.withdrawn_at !== null) return { status: 'already', date };
    if (slot.starts_at.getTime() <= now.getTime()) return { status: 'past', date };
    const booked = await tx.selectFrom('appointments').select('id').where('slot_id', '=', slotId).where('cancelled_at', 'is', null).executeTakeFirst();
    if (booked !== undefined) return { status: 'booked', date };
    await tx.updateTable('appointment_slots').set({ withdrawn_at: now, withdrawn_by: actor.accountId }).where('id', '=', slotId).where('withdrawn_at', 'is', null).execute();
    await audit(tx, now, actor, 'appointment.slot_withdrawn', null, { slotId, date });
    return { status: 'withdrawn', date };
  });
}

export type StaffCancelResult =
  | { readonly status: 'cancelled' | 'past'; readonly date: string }
  | { readonly status: 'already'; readonly date: string; readonly by: AppointmentCancelledBy }
  | { readonly status: 'not_found' };

/**
 * Staff cancel a future booking of their practice; the slot is free again. The patient gets the
 * one mail the services send ("news in the portal"), queued in the same transaction.
 */
export async function cancelByStaff(deps: AppointmentDeps, actor: Actor, appointmentId: string): Promise<StaffCancelResult> {
  const now = deps.clock.now();
  if (!isUuid(appointmentId)) {
    await auditNotFound(deps.db, now, actor, 'cancel', { appointmentId });
    return { status: 'not_found' };
  }
  const result = await deps.db.transaction().execute(async (tx): Promise<StaffCancelResult> => {
    const found = await tx
      .selectFrom('appointments as a')
      .innerJoin('appointment_slots as s', 's.id', 'a.slot_id')
      .select(['a.id', 'a.patient_account_id', 'a.cancelled_by_kind', 's.starts_at', 's.id as slot_id'])
      .where('a.id', '=', appointmentId)
      .where('a.practice_id', '=', actor.practiceId)
      .executeTakeFirst();
    if (found === undefined) {
      await auditNotFound(tx, now, actor, 'cancel', { appointmentId });
      return { status: 'not_found' };
    }
    const date = amsterdamDate(found.starts_at);
    if (found.starts_at.getTime() <= now.getTime()) return { status: 'past', date };
    const updated = await tx
      .updateTable('appointments')
      .set({ cancelled_at: now, cancelled_by_account_id: actor.accountId, cancelled_by_kind: 'staff' })
      .where('id', '=', appointmentId)
      .where('cancelled_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (updated === undefined) {
      const current = await tx.selectFrom('appointments').select('cancelled_by_kind').where('id', '=', appointmentId).executeTakeFirstOrThrow();
      return { status: 'already', date, by: current.cancelled_by_kind ?? 'staff' };
    }
    const mailed = await queuePortalNews(tx, deps.outbox, { practiceId: actor.practiceId, patientAccountId: found.patient_account_id }, now);
    await audit(tx, now, actor, 'appointment.cancelled', found.patient_account_id, { appointmentId, slotId: found.slot_id, by: 'staff', mailed });
    return { status: 'cancelled', date };
  });
  if (result.status === 'cancelled') deps.mailQueued();
  return result;
}

// ---------------------------------------------------------------------------------------------
// Patients: what they have, the free times, booking, cancelling
// ---------------------------------------------------------------------------------------------

interface AppointmentRow {
  id: string;
  doctor_name: string;
  starts_at: Date;
  ends_at: Date;
  reason: string | null;
  cancelled_by_kind: AppointmentCancelledBy | null;
}

function patientAppointment(row: AppointmentRow, now: Date, cancelWindowHours: number): PatientAppointment {
  return {
    id: row.id,
    doctorName: row.doctor_name,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    reason: row.reason,
    cancelledBy: row.cancelled_by_kind,
    mayCancel: row.cancelled_by_kind === null && patientMayCancel(row.starts_at, now, cancelWindowHours),
  };
}

function patientAppointments(db: Db, patient: Actor) {
  return db
    .selectFrom('appointments as a')
    .innerJoin('appointment_slots as s', 's.id', 'a.slot_id')
    .innerJoin('accounts as d', 'd.id', 's.doctor_account_id')
    .select(['a.id', 'd.display_name as doctor_name', 's.starts_at', 's.ends_at', 'a.reason', 'a.cancelled_by_kind'])
    .where('a.patient_account_id', '=', patient.accountId)
    .where('a.practice_id', '=', patient.practiceId);
}

async function cancelWindowOf(db: Db, practiceId: string): Promise<{ hours: number; phone: string | null }> {
  const settings = await readPracticeSettings(db, practiceId);
  return { hours: settings?.cancelWindowHours ?? 24, phone: settings?.phone ?? null };
}

/** The patient's upcoming appointments (and those the practice cancelled), audited as a read. */
export async function readPatientOverview(deps: AppointmentDeps, patient: Actor): Promise<PatientOverview> {
  const now = deps.clock.now();
  const window = await cancelWindowOf(deps.db, patient.practiceId);
  const rows = await patientAppointments(deps.db, patient)
    .where('s.starts_at', '>', now)
    .where((eb) => eb.or([eb('a.cancelled_at', 'is', null), eb('a.cancelled_by_kind', '=', 'staff')]))
    .orderBy('s.starts_at')
    .execute();
  const all = rows.map((row) => patientAppointment(row, now, window.hours));
  const overview = {
    upcoming: all.filter((item) => item.cancelledBy === null),
    cancelledByPractice: all.filter((item) => item.cancelledBy === 'staff'),
    cancelWindowHours: window.hours,
    practicePhone: window.phone,
  };
  await audit(deps.db, now, patient, 'appointment.list_viewed', patient.accountId, { upcoming: overview.upcoming.length, cancelledByPractice: overview.cancelledByPractice.length });
  return overview;
}

/** One of the patient's own appointments (for the cancel page), audited; undefined (and the miss audited) when not theirs. */
export async function readPatientAppointment(deps: AppointmentDeps, patient: Actor, appointmentId: string): Promise<(PatientOverview['upcoming'][number] & { practicePhone: string | null; cancelWindowHours: number }) | undefined> {
  const now = deps.clock.now();
  const row = isUuid(appointmentId) ? await patientAppointments(deps.db, patient).where('a.id', '=', appointmentId).executeTakeFirst() : undefined;
  if (row === undefined) {
    await auditNotFound(deps.db, now, patient, 'view', { appointmentId });
    return undefined;
  }
  const window = await cancelWindowOf(deps.db, patient.practiceId);
  await audit(deps.db, now, patient, 'appointment.viewed', patient.accountId, { appointmentId });
  return { ...patientAppointment(row, now, window.hours), practicePhone: window.phone, cancelWindowHours: window.hours };
}

/** How many upcoming appointments the patient holds (the online limit counts these). */
export async function countUpcoming(db: Db, patient: { accountId: string; practiceId: string }, now: Date): Promise<number> {
  const row = await db
    .selectFrom('appointments as a')
    .innerJoin('appointment_slots as s', 's.id', 'a.slot_id')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('a.patient_account_id', '=', patient.accountId)
    .where('a.practice_id', '=', patient.practiceId)
    .where('a.cancelled_at', 'is', null)
    .where('s.starts_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

function freeSlotsQuery(db: Db, practiceId: string, now: Date) {
  return db
    .selectFrom('appointment_slots as s')
    .innerJoin('accounts as d', 'd.id', 's.doctor_account_id')
    .select(['s.id', 'd.display_name as doctor_name', 's.starts_at', 's.ends_at'])
    .where('s.practice_id', '=', practiceId)
    .where('s.withdrawn_at', 'is', null)
    .where('d.status', '=', 'active')
    .where('s.starts_at', '>', now)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('appointments as a').select('a.id').whereRef('a.slot_id', '=', 's.id').where('a.cancelled_at', 'is', null))));
}

export interface FreeSlotList {
  readonly slots: readonly FreeSlot[];
  /** The patient already holds the most upcoming appointments allowed online. */
  readonly atLimit: boolean;
}

/** The free times of the next 14 days, soonest first, audited as a read. */
export async function readFreeSlots(deps: AppointmentDeps, patient: Actor): Promise<FreeSlotList> {
  const now = deps.clock.now();
  const { until } = bookingWindow(now);
  const rows = await freeSlotsQuery(deps.db, patient.practiceId, now).where('s.starts_at', '<', until).orderBy('s.starts_at').orderBy('d.display_name').execute();
  const atLimit = (await countUpcoming(deps.db, patient, now)) >= MAX_UPCOMING_PER_PATIENT;
  await audit(deps.db, now, patient, 'appointment.free_slots_viewed', patient.accountId, { free: rows.length, atLimit });
  return { slots: rows.map((row) => ({ id: row.id, doctorName: row.doctor_name, startsAt: row.starts_at, endsAt: row.ends_at })), atLimit };
}

/**
 * One free time of the patient's practice within the booking window (the confirm step), audited;
 * undefined when not free or not bookable yet. The window is checked here and in bookSlot, not
 * only in the list: an id can be typed or kept from an old page.
 */
export async function readFreeSlot(deps: AppointmentDeps, patient: Actor, slotId: string): Promise<FreeSlot | undefined> {
  if (!isUuid(slotId)) return undefined;
  const now = deps.clock.now();
  const { until } = bookingWindow(now);
  const row = await freeSlotsQuery(deps.db, patient.practiceId, now).where('s.id', '=', slotId).where('s.starts_at', '<', until).executeTakeFirst();
  if (row === undefined) return undefined;
  await audit(deps.db, now, patient, 'appointment.slot_viewed', patient.accountId, { slotId });
  return { id: row.id, doctorName: row.doctor_name, startsAt: row.starts_at, endsAt: row.ends_at };
}

/**
 * True when the slot exists in the patient's practice (free or not): a wrong id is a 404, a taken
 * one is not. A wrong id (another practice's, made up) is audited as `appointment.not_found`.
 */
export async function slotExists(deps: Pick<AppointmentDeps, 'db' | 'clock'>, patient: Actor, slotId: string): Promise<boolean> {
  const row = isUuid(slotId) ? await deps.db.selectFrom('appointment_slots').select('id').where('id', '=', slotId).where('practice_id', '=', patient.practiceId).executeTakeFirst() : undefined;
  if (row === undefined) await auditNotFound(deps.db, deps.clock.now(), patient, 'view', { slotId });
  return row !== undefined;
}

export type BookResult =
  | { readonly status: 'booked'; readonly appointmentId: string; readonly startsAt: Date }
  /** Another patient was first (the unique index said so). */
  | { readonly status: 'taken' }
  /** Withdrawn, past, beyond the booking window, or its doctor left: not bookable (now). */
  | { readonly status: 'unavailable' }
  | { readonly status: 'limit' }
  | { readonly status: 'invalid'; readonly id: 'appointments.error.reasonLength' }
  /** No such slot in the patient's practice. */
  | { readonly status: 'not_found' };

/** The patient books a free slot of their own practice within the booking window (14 days). */
export async function bookSlot(deps: AppointmentDeps, patient: Actor, slotId: string, reasonText: string): Promise<BookResult> {
  const now = deps.clock.now();
  if (!isUuid(slotId)) {
    await auditNotFound(deps.db, now, patient, 'book', { slotId });
    return { status: 'not_found' };
  }
  const reason = parseReason(reasonText);
  if (!reason.ok) return { status: 'invalid', id: 'appointments.error.reasonLength' };
  return deps.db.transaction().execute(async (tx): Promise<BookResult> => {
    // One booking at a time per patient, so parallel requests cannot pass the limit together
    // (FOR NO KEY UPDATE: it does not wait for inserts that refer to the patient; see the top).
    await lockPatientAccount(tx, patient);
    // FOR SHARE: many patients may try this slot at once (the unique index picks one), but a
    // withdrawal (FOR UPDATE) waits for us, and we for it.
    const slot = await tx
      .selectFrom('appointment_slots as s')
      .innerJoin('accounts as d', 'd.id', 's.doctor_account_id')
      .select(['s.id', 's.starts_at', 's.withdrawn_at', 'd.status as doctor_status'])
      .where('s.id', '=', slotId)
      .where('s.practice_id', '=', patient.practiceId)
      .forShare('s')
      .executeTakeFirst();
    if (slot === undefined) {
      await auditNotFound(tx, now, patient, 'book', { slotId });
      return { status: 'not_found' };
    }
    // Past, beyond the booking window (an id typed or kept from an old page), withdrawn, or its doctor left.
    const bookable = slot.starts_at.getTime() > now.getTime() && slot.starts_at.getTime() < bookingWindow(now).until.getTime();
    if (!bookable || slot.withdrawn_at !== null || slot.doctor_status !== 'active') return { status: 'unavailable' };
    if ((await countUpcoming(tx, patient, now)) >= MAX_UPCOMING_PER_PATIENT) return { status: 'limit' };
    const inserted = await tx
      .insertInto('appointments')
      .values({ practice_id: patient.practiceId, slot_id: slotId, patient_account_id: patient.accountId, reason: reason.reason, booked_at: now })
      .onConflict((conflict) => conflict.column('slot_id').where('cancelled_at', 'is', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted === undefined) return { status: 'taken' };
    // The reason itself stays out of the trail: it may be medical.
    await audit(tx, now, patient, 'appointment.booked', patient.accountId, { appointmentId: inserted.id, slotId, withReason: reason.reason !== null });
    return { status: 'booked', appointmentId: inserted.id, startsAt: slot.starts_at };
  });
}

export type PatientCancelResult =
  | { readonly status: 'cancelled' }
  | { readonly status: 'too_late' | 'already' }
  | { readonly status: 'not_found' };

/** The patient cancels their own appointment, until the practice's window before the start. */
export async function cancelByPatient(deps: AppointmentDeps, patient: Actor, appointmentId: string): Promise<PatientCancelResult> {
  const now = deps.clock.now();
  if (!isUuid(appointmentId)) {
    await auditNotFound(deps.db, now, patient, 'cancel', { appointmentId });
    return { status: 'not_found' };
  }
  const window = await cancelWindowOf(deps.db, patient.practiceId);
  return deps.db.transaction().execute(async (tx): Promise<PatientCancelResult> => {
    const found = await tx
      .selectFrom('appointments as a')
      .innerJoin('appointment_slots as s', 's.id', 'a.slot_id')
      .select(['a.id', 'a.cancelled_at', 's.starts_at', 's.id as slot_id'])
      .where('a.id', '=', appointmentId)
      .where('a.patient_account_id', '=', patient.accountId)
      .where('a.practice_id', '=', patient.practiceId)
      .executeTakeFirst();
    if (found === undefined) {
      await auditNotFound(tx, now, patient, 'cancel', { appointmentId });
      return { status: 'not_found' };
    }
    if (found.cancelled_at !== null) return { status: 'already' };
    if (!patientMayCancel(found.starts_at, now, window.hours)) return { status: 'too_late' };
    const updated = await tx
      .updateTable('appointments')
      .set({ cancelled_at: now, cancelled_by_account_id: patient.accountId, cancelled_by_kind: 'patient' })
      .where('id', '=', appointmentId)
      .where('cancelled_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (updated === undefined) return { status: 'already' };
    await audit(tx, now, patient, 'appointment.cancelled', patient.accountId, { appointmentId, slotId: found.slot_id, by: 'patient' });
    return { status: 'cancelled' };
  });
}

/** For the home page: the next appointment and whether the practice cancelled one (no audit: a summary). */
export async function patientSummary(db: Db, patient: { accountId: string; practiceId: string }, now: Date): Promise<{ next: Date | null; upcoming: number; cancelledByPractice: number }> {
  const rows = await db
    .selectFrom('appointments as a')
    .innerJoin('appointment_slots as s', 's.id', 'a.slot_id')
    .select(['s.starts_at', 'a.cancelled_by_kind'])
    .where('a.patient_account_id', '=', patient.accountId)
    .where('a.practice_id', '=', patient.practiceId)
    .where('s.starts_at', '>', now)
    .where((eb) => eb.or([eb('a.cancelled_at', 'is', null), eb('a.cancelled_by_kind', '=', 'staff')]))
    .orderBy('s.starts_at')
    .execute();
  const standing = rows.filter((row) => row.cancelled_by_kind === null);
  return { next: standing[0]?.starts_at ?? null, upcoming: standing.length, cancelledByPractice: rows.length - standing.length };
}
