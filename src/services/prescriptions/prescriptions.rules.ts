/**
 * The rules of a repeat-prescription request, without storage or HTTP: which status may follow
 * which, what a patient may ask for in one request, and how the forms are checked. The state
 * diagram is in prescriptions.md next to this file.
 */
import type { MessageId } from '../../i18n/messages.ts';
import type { PrescriptionStatus } from '../../storage/schema.ts';
import { cleanTypedText, textLength } from '../text.ts';

export type { PrescriptionStatus } from '../../storage/schema.ts';

export const PRESCRIPTION_STATUSES = ['requested', 'in_progress', 'ready', 'rejected'] as const satisfies readonly PrescriptionStatus[];

/** Still waiting for the practice: the patient may not have more than OPEN_REQUESTS_MAX of these. */
export const OPEN_STATUSES = ['requested', 'in_progress'] as const satisfies readonly PrescriptionStatus[];

/** A status staff can move a request to. */
export type StaffTarget = 'in_progress' | 'ready' | 'rejected';
export const STAFF_TARGETS = ['in_progress', 'ready', 'rejected'] as const satisfies readonly StaffTarget[];

/**
 * From which statuses each target may be reached. Ready and rejected are final. This table is the
 * WHERE of the guarded UPDATE, so two assistants acting at once give one outcome.
 */
export const ALLOWED_FROM: Readonly<Record<StaffTarget, readonly PrescriptionStatus[]>> = {
  in_progress: ['requested'],
  ready: ['requested', 'in_progress'],
  rejected: ['requested', 'in_progress'],
};

export const OPEN_REQUESTS_MAX = 5;
export const MEDICINES_PER_REQUEST_MAX = 10;
export const TYPED_LINES_MAX = 5;
export const MEDICINE_NAME_MAX = 200;
export const PHARMACY_MAX = 200;
export const REMARK_MAX = 500;
export const REASON_MAX = 500;
/** The home page says a prescription is ready for this many days after it became ready. */
export const READY_NEWS_DAYS = 14;

export function isOpen(status: PrescriptionStatus): boolean {
  return (OPEN_STATUSES as readonly PrescriptionStatus[]).includes(status);
}

export function isFinal(status: PrescriptionStatus): boolean {
  return status === 'ready' || status === 'rejected';
}

export function canMove(from: PrescriptionStatus, to: StaffTarget): boolean {
  return ALLOWED_FROM[to].includes(from);
}

export function isStaffTarget(value: string): value is StaffTarget {
  return (STAFF_TARGETS as readonly string[]).includes(value);
}

/** What staff may do next with a request in this status (the buttons on its page). */
export function nextTargets(status: PrescriptionStatus): StaffTarget[] {
  return STAFF_TARGETS.filter((target) => canMove(status, target));
}

export interface ActiveMedication {
  readonly id: string;
  readonly name: string;
}

export interface RequestForm {
  /** The ids of the repeat-medication lines ticked. */
  readonly medicationIds: readonly string[];
  /** The typed lines, as typed (only when the practice keeps no repeat medication). */
  readonly typedLines: readonly string[];
  readonly pharmacy: string;
  readonly remark: string;
}

export type RequestField = 'medicines' | 'pharmacy' | 'remark';

export interface RequestItem {
  readonly medicationId: string | null;
  readonly name: string;
}

export interface CheckedRequest {
  readonly items: readonly RequestItem[];
  readonly pharmacy: string;
  readonly remark: string | null;
}

export type FormError<Field extends string> = { readonly field: Field; readonly id: MessageId };

export type RequestCheck = { readonly ok: true; readonly request: CheckedRequest } | { readonly ok: false; readonly errors: ReadonlyArray<FormError<RequestField>> };

/**
 * Checks a new request against the patient's active repeat medication. With active lines the
 * patient ticks from them (1 to 10; a line that ended in the meantime is refused, so nothing the
 * practice stopped is asked for); with none, the patient types up to 5 names.
 */
export function checkRequest(form: RequestForm, active: readonly ActiveMedication[]): RequestCheck {
  const errors: Array<FormError<RequestField>> = [];
  let items: RequestItem[] = [];
  const typed = form.typedLines.map((line) => cleanTypedText(line, { multiline: false })).filter((line) => line !== '');
  if (active.length > 0) {
    const chosen = [...new Set(form.medicationIds)];
    const byId = new Map(active.map((line) => [line.id, line]));
    if (typed.length > 0) {
      // The practice entered the patient's medication after the form was opened.
      errors.push({ field: 'medicines', id: 'prescriptions.error.chooseFromList' });
    } else if (chosen.length === 0) {
      errors.push({ field: 'medicines', id: 'prescriptions.error.noMedicine' });
    } else if (chosen.length > MEDICINES_PER_REQUEST_MAX) {
      errors.push({ field: 'medicines', id: 'prescriptions.error.tooManyMedicines' });
    } else if (chosen.some((id) => !byId.has(id))) {
      errors.push({ field: 'medicines', id: 'prescriptions.error.medicineEnded' });
    } else {
      // In the order of the practice's list, whatever order the browser sent.
      items = active.filter((line) => chosen.includes(line.id)).map((line) => ({ medicationId: line.id, name: line.name }));
    }
  } else if (form.medicationIds.length > 0) {
    errors.push({ field: 'medicines', id: 'prescriptions.error.medicineEnded' });
  } else if (typed.length === 0) {
    errors.push({ field: 'medicines', id: 'prescriptions.error.noTypedMedicine' });
  } else if (typed.length > TYPED_LINES_MAX) {
    errors.push({ field: 'medicines', id: 'prescriptions.error.tooManyTyped' });
  } else if (typed.some((line) => textLength(line) > MEDICINE_NAME_MAX)) {
    errors.push({ field: 'medicines', id: 'prescriptions.error.medicineTooLong' });
  } else {
    items = typed.map((name) => ({ medicationId: null, name }));
  }

  const pharmacy = cleanTypedText(form.pharmacy, { multiline: false });
  if (pharmacy === '') errors.push({ field: 'pharmacy', id: 'prescriptions.error.pharmacy' });
  else if (textLength(pharmacy) > PHARMACY_MAX) errors.push({ field: 'pharmacy', id: 'prescriptions.error.pharmacyTooLong' });

  const remark = cleanTypedText(form.remark, { multiline: true });
  if (textLength(remark) > REMARK_MAX) errors.push({ field: 'remark', id: 'prescriptions.error.remarkTooLong' });

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, request: { items, pharmacy, remark: remark === '' ? null : remark } };
}

export type ReasonCheck = { readonly ok: true; readonly reason: string } | { readonly ok: false; readonly id: MessageId };

/** A rejection needs a reason the patient can read: 1 to 500 characters. */
export function checkRejectionReason(text: string): ReasonCheck {
  const reason = cleanTypedText(text, { multiline: true });
  if (reason === '') return { ok: false, id: 'prescriptions.error.reasonMissing' };
  if (textLength(reason) > REASON_MAX) return { ok: false, id: 'prescriptions.error.reasonTooLong' };
  return { ok: true, reason };
}

export type MedicationNameCheck = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly id: MessageId };

export function checkMedicationName(text: string): MedicationNameCheck {
  const name = cleanTypedText(text, { multiline: false });
  if (name === '') return { ok: false, id: 'prescriptions.error.medicationNameMissing' };
  if (textLength(name) > MEDICINE_NAME_MAX) return { ok: false, id: 'prescriptions.error.medicineTooLong' };
  return { ok: true, name };
}

export interface StatusCounts {
  readonly requested: number;
  readonly inProgress: number;
  /** Became ready in the last READY_NEWS_DAYS days. */
  readonly recentlyReady: number;
  /** Rejected in the last READY_NEWS_DAYS days. */
  readonly recentlyRejected: number;
}

export type StatusLineId = 'prescriptions.home.ready' | 'prescriptions.home.rejected' | 'prescriptions.home.inProgress' | 'prescriptions.home.requested';

/** The lines the home page shows, most useful first: what is ready, what was refused, what waits. */
export function statusLineIds(counts: StatusCounts): Array<{ id: StatusLineId; count: number }> {
  const lines: Array<{ id: StatusLineId; count: number }> = [
    { id: 'prescriptions.home.ready', count: counts.recentlyReady },
    { id: 'prescriptions.home.rejected', count: counts.recentlyRejected },
    { id: 'prescriptions.home.inProgress', count: counts.inProgress },
    { id: 'prescriptions.home.requested', count: counts.requested },
  ];
  return lines.filter((line) => line.count > 0);
}

/** The moment from which a ready or rejected request still counts as news on the home page. */
export function newsSince(now: Date): Date {
  return new Date(now.getTime() - READY_NEWS_DAYS * 24 * 60 * 60 * 1000);
}
