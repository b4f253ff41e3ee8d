/**
 * The rules of appointments that need no database: which series of times a practice may publish,
 * what a patient may type as the reason, and until when a patient may cancel online. Time comes
 * in as `now` (from the injected clock), never from `new Date()`.
 */
import type { MessageId } from '../../i18n/messages.ts';
import { addDays, amsterdamDate, amsterdamInstant, parseClockTime, parseIsoDate } from './amsterdam-time.ts';
import { cleanTypedText, textLength } from '../text.ts';

/** The lengths a practice may choose for one appointment, in minutes. */
export const SLOT_LENGTHS = [10, 15, 20, 30] as const;
/** One publish makes at most this many times: a morning of 10 minutes is 24; a typo is not 600. */
export const MAX_SLOTS_PER_SERIES = 60;
/** Times can be published up to a year ahead. */
export const PUBLISH_HORIZON_DAYS = 366;
/** A patient holds at most this many upcoming appointments booked online. */
export const MAX_UPCOMING_PER_PATIENT = 3;
/** A patient sees free times for this many days, today included. */
export const BOOKING_HORIZON_DAYS = 14;
/** "Waarvoor komt u?": short on purpose; it stays in the portal and never goes in a mail. */
export const REASON_MAX = 200;

export type SeriesField = 'doctor' | 'date' | 'from' | 'to' | 'length';

export interface SeriesForm {
  readonly doctorAccountId: string;
  /** `jjjj-mm-dd` */
  readonly date: string;
  /** `HH:MM` in Amsterdam time */
  readonly from: string;
  readonly to: string;
  /** minutes, as typed */
  readonly length: string;
}

export interface PlannedSlot {
  readonly startsAt: Date;
  readonly endsAt: Date;
}

export interface SeriesError {
  readonly field: SeriesField;
  readonly id: MessageId;
  /** For messages with a parameter (the number of times, a clock time). */
  readonly params?: Readonly<Record<string, string>>;
}

export type SeriesResult =
  | { readonly ok: true; readonly doctorAccountId: string; readonly date: string; readonly slots: readonly PlannedSlot[] }
  | { readonly ok: false; readonly errors: readonly SeriesError[] };

/**
 * A series of slots of `length` minutes on `date` from `from` until `to` (the last one ends at or
 * before `to`), for one of `doctorIds`. Every field is checked; nothing is planned unless all
 * are right. Overlap with the doctor's existing times needs the database (publishSeries).
 */
export function planSeries(form: SeriesForm, now: Date, doctorIds: readonly string[]): SeriesResult {
  const errors: SeriesError[] = [];
  if (!doctorIds.includes(form.doctorAccountId)) errors.push({ field: 'doctor', id: 'appointments.error.doctor' });
  const date = form.date.trim();
  const today = amsterdamDate(now);
  if (parseIsoDate(date) === null) errors.push({ field: 'date', id: 'appointments.error.date' });
  else if (date > addDays(today, PUBLISH_HORIZON_DAYS)) errors.push({ field: 'date', id: 'appointments.error.dateFar' });
  const from = parseClockTime(form.from.trim());
  const to = parseClockTime(form.to.trim());
  if (from === null) errors.push({ field: 'from', id: 'appointments.error.time' });
  if (to === null) errors.push({ field: 'to', id: 'appointments.error.time' });
  const length = Number(form.length);
  if (!(SLOT_LENGTHS as readonly number[]).includes(length)) errors.push({ field: 'length', id: 'appointments.error.length' });
  if (errors.length > 0 || from === null || to === null) return { ok: false, errors };

  if (to <= from) return { ok: false, errors: [{ field: 'to', id: 'appointments.error.order' }] };
  const count = Math.floor((to - from) / length);
  if (count === 0) return { ok: false, errors: [{ field: 'to', id: 'appointments.error.tooShort' }] };
  if (count > MAX_SLOTS_PER_SERIES) return { ok: false, errors: [{ field: 'to', id: 'appointments.error.tooMany', params: { max: String(MAX_SLOTS_PER_SERIES) } }] };

  const slots: PlannedSlot[] = [];
  for (let index = 0; index < count; index += 1) {
    const startMinute = from + index * length;
    const startsAt = amsterdamInstant(date, startMinute);
    const endsAt = amsterdamInstant(date, startMinute + length);
    // A wall time that does not exist, or a slot that is longer or shorter in real time than on
    // the clock: the series crosses the night the clock moves. Refused rather than guessed.
    if (startsAt === null || endsAt === null || endsAt.getTime() - startsAt.getTime() !== length * 60_000) {
      return { ok: false, errors: [{ field: 'from', id: 'appointments.error.clockChange' }] };
    }
    slots.push({ startsAt, endsAt });
  }
  if (slots[0]!.startsAt.getTime() <= now.getTime()) return { ok: false, errors: [{ field: 'from', id: 'appointments.error.past' }] };
  return { ok: true, doctorAccountId: form.doctorAccountId, date, slots };
}

/** The first planned slot that overlaps one of `existing`, if any. */
export function firstOverlap(planned: readonly PlannedSlot[], existing: readonly PlannedSlot[]): PlannedSlot | undefined {
  return planned.find((slot) => existing.some((other) => slot.startsAt < other.endsAt && other.startsAt < slot.endsAt));
}

export type ReasonResult = { readonly ok: true; readonly reason: string | null } | { readonly ok: false; readonly id: MessageId };

/** The optional reason: one cleaned line (cleanTypedText), at most REASON_MAX characters; empty is none. */
export function parseReason(text: string): ReasonResult {
  const reason = cleanTypedText(text, { multiline: false });
  if (reason === '') return { ok: true, reason: null };
  if (textLength(reason) > REASON_MAX) return { ok: false, id: 'appointments.error.reasonLength' };
  return { ok: true, reason };
}

/** The last moment a patient may still cancel online: `cancelWindowHours` before the start. */
export function cancelDeadline(startsAt: Date, cancelWindowHours: number): Date {
  return new Date(startsAt.getTime() - cancelWindowHours * 3600_000);
}

/** True while the patient may cancel online (up to and including the deadline itself). */
export function patientMayCancel(startsAt: Date, now: Date, cancelWindowHours: number): boolean {
  return now.getTime() <= cancelDeadline(startsAt, cancelWindowHours).getTime() && now.getTime() < startsAt.getTime();
}

/** The days the console's day view can show. A date from a URL outside them (`9999-12-31`, whose
 * next day is no date any more) is refused before any date arithmetic, so it cannot crash it. */
export const DAY_VIEW_FIRST = '2000-01-01';
export const DAY_VIEW_LAST = '2100-12-31';

/** `text` when it is a real calendar date from DAY_VIEW_FIRST to DAY_VIEW_LAST, else null. */
export function dayViewDate(text: string): string | null {
  if (parseIsoDate(text) === null) return null;
  // Both are `jjjj-mm-dd` with four-digit years, so text order is date order.
  return text >= DAY_VIEW_FIRST && text <= DAY_VIEW_LAST ? text : null;
}

/** The window of free times a patient sees: from now until midnight after the 14th day. */
export function bookingWindow(now: Date): { readonly from: Date; readonly until: Date } {
  const until = amsterdamInstant(addDays(amsterdamDate(now), BOOKING_HORIZON_DAYS), 0);
  if (until === null) throw new Error('midnight always exists in Amsterdam');
  return { from: now, until };
}

/** The instants of an Amsterdam calendar day: [midnight, next midnight). */
export function amsterdamDay(date: string): { readonly from: Date; readonly until: Date } {
  const from = amsterdamInstant(date, 0);
  const until = amsterdamInstant(addDays(date, 1), 0);
  if (from === null || until === null) throw new Error(`not a date: ${date}`);
  return { from, until };
}
