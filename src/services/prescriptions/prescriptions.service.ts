/**
 * What patients and staff do with repeat prescriptions, each change in one transaction with its
 * audit row (and, for staff changes the patient should know of, the "news in the portal" mail).
 * No HTTP here: routes parse the form, call one function and render what it returns.
 *
 * Audit details hold ids, statuses and counts, never a medicine name, pharmacy, remark or reason.
 */
import type { Db } from '../../storage/database.ts';
import type { Clock } from '../../security/clock.ts';
import type { OutboxDeps } from '../../mail/outbox.ts';
import { recordAudit, type ClientInfo } from '../../audit/audit.ts';
import { lockPatientAccount, queuePortalNews } from '../services.ts';
import {
  OPEN_REQUESTS_MAX,
  canMove,
  checkMedicationName,
  checkRejectionReason,
  checkRequest,
  type FormError,
  type PrescriptionStatus,
  type RequestField,
  type RequestForm,
  type StaffTarget,
} from './prescriptions.rules.ts';
import { activeMedications, countOpenRequests, endMedication, findRequest, insertMedication, insertRequest, moveRequest } from './prescriptions.repository.ts';
import type { MessageId } from '../../i18n/messages.ts';

export interface PrescriptionDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly outbox: OutboxDeps;
  /** Wakes the mail worker after a commit that queued mail. */
  readonly mailQueued: () => void;
}

export type SubmitOutcome =
  | { readonly outcome: 'requested'; readonly requestId: string }
  | { readonly outcome: 'invalid'; readonly errors: ReadonlyArray<FormError<RequestField>> }
  | { readonly outcome: 'too_many_open' };

/**
 * A patient's new request. The patient's account row is locked first (lockPatientAccount): two
 * submits of the same patient at once (a double click, two tabs) are taken one after the other,
 * so the count of open requests cannot be passed by racing it. The form is checked against the
 * active medication read in the same transaction.
 */
export async function submitRequest(
  deps: Pick<PrescriptionDeps, 'db' | 'clock'>,
  input: { practiceId: string; patientAccountId: string; form: RequestForm; client: ClientInfo },
): Promise<SubmitOutcome> {
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const locked = await lockPatientAccount(tx, { practiceId: input.practiceId, accountId: input.patientAccountId });
    if (!locked) throw new Error('a patient asked for a prescription outside their practice');
    const open = await countOpenRequests(tx, input.practiceId, input.patientAccountId);
    if (open >= OPEN_REQUESTS_MAX) {
      await recordAudit(tx, now, {
        action: 'prescription.requested',
        outcome: 'failure',
        practiceId: input.practiceId,
        actorAccountId: input.patientAccountId,
        subjectAccountId: input.patientAccountId,
        client: input.client,
        details: { refused: 'too_many_open', open },
      });
      return { outcome: 'too_many_open' };
    }
    const active = await activeMedications(tx, input.practiceId, input.patientAccountId);
    const checked = checkRequest(input.form, active);
    if (!checked.ok) return { outcome: 'invalid', errors: checked.errors };
    const { request } = checked;
    const requestId = await insertRequest(tx, { practiceId: input.practiceId, patientAccountId: input.patientAccountId, ...request }, now);
    await recordAudit(tx, now, {
      action: 'prescription.requested',
      outcome: 'success',
      practiceId: input.practiceId,
      actorAccountId: input.patientAccountId,
      subjectAccountId: input.patientAccountId,
      client: input.client,
      details: {
        requestId,
        medicines: request.items.length,
        typed: request.items.filter((item) => item.medicationId === null).length,
        remark: request.remark !== null,
      },
    });
    return { outcome: 'requested', requestId };
  });
}

export type StatusChangeOutcome =
  | { readonly outcome: 'changed'; readonly from: PrescriptionStatus; readonly to: StaffTarget }
  | { readonly outcome: 'not_found' }
  | { readonly outcome: 'invalid'; readonly id: MessageId }
  /** Someone else (or an earlier click) handled it first; it is now in `status`. */
  | { readonly outcome: 'conflict'; readonly status: PrescriptionStatus; readonly handledBy: string | null };

/**
 * A staff member moves a request on. The UPDATE only succeeds from the status just read and only
 * along the allowed transitions, so of two assistants acting at once exactly one wins; the other
 * is told who did and what the status is now. The patient gets the "news in the portal" mail,
 * queued in the same transaction, the worker woken after the commit.
 */
export async function changeStatus(
  deps: PrescriptionDeps,
  input: { practiceId: string; staffAccountId: string; requestId: string; to: StaffTarget; reason: string; client: ClientInfo },
): Promise<StatusChangeOutcome> {
  let reason: string | null = null;
  if (input.to === 'rejected') {
    const checked = checkRejectionReason(input.reason);
    if (!checked.ok) return { outcome: 'invalid', id: checked.id };
    reason = checked.reason;
  }
  const result = await deps.db.transaction().execute(async (tx): Promise<StatusChangeOutcome> => {
    const now = deps.clock.now();
    const current = await findRequest(tx, input.practiceId, input.requestId);
    if (current === undefined) return { outcome: 'not_found' };
    const moved = canMove(current.status, input.to)
      ? await moveRequest(tx, { practiceId: input.practiceId, requestId: current.id, from: current.status, to: input.to, handledBy: input.staffAccountId, reason }, now)
      : undefined;
    const audit = { practiceId: input.practiceId, actorAccountId: input.staffAccountId, subjectAccountId: current.patientAccountId, client: input.client };
    if (moved === undefined) {
      // Read again: the UPDATE may have lost to a change committed after the first read.
      const latest = (await findRequest(tx, input.practiceId, current.id)) ?? current;
      await recordAudit(tx, now, { ...audit, action: 'prescription.status_changed', outcome: 'failure', details: { requestId: current.id, to: input.to, current: latest.status } });
      return { outcome: 'conflict', status: latest.status, handledBy: latest.handledBy?.name ?? null };
    }
    await recordAudit(tx, now, { ...audit, action: 'prescription.status_changed', outcome: 'success', details: { requestId: current.id, from: current.status, to: input.to } });
    await queuePortalNews(tx, deps.outbox, { practiceId: input.practiceId, patientAccountId: moved.patientAccountId }, now);
    return { outcome: 'changed', from: current.status, to: input.to };
  });
  if (result.outcome === 'changed') deps.mailQueued();
  return result;
}

export type AddMedicationOutcome = { readonly outcome: 'added'; readonly medicationId: string } | { readonly outcome: 'invalid'; readonly id: MessageId };

/** Staff add a line to a patient's repeat medication. The caller has checked the patient is of this practice. */
export async function addMedication(
  deps: Pick<PrescriptionDeps, 'db' | 'clock'>,
  input: { practiceId: string; staffAccountId: string; patientAccountId: string; name: string; client: ClientInfo },
): Promise<AddMedicationOutcome> {
  const checked = checkMedicationName(input.name);
  if (!checked.ok) return { outcome: 'invalid', id: checked.id };
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const medicationId = await insertMedication(tx, { practiceId: input.practiceId, patientAccountId: input.patientAccountId, name: checked.name, createdBy: input.staffAccountId }, now);
    await recordAudit(tx, now, {
      action: 'prescription.medication_added',
      outcome: 'success',
      practiceId: input.practiceId,
      actorAccountId: input.staffAccountId,
      subjectAccountId: input.patientAccountId,
      client: input.client,
      details: { medicationId },
    });
    return { outcome: 'added' as const, medicationId };
  });
}

/** Staff end a line; ending one that has already ended changes nothing and says so. */
export async function stopMedication(
  deps: Pick<PrescriptionDeps, 'db' | 'clock'>,
  input: { practiceId: string; staffAccountId: string; patientAccountId: string; medicationId: string; client: ClientInfo },
): Promise<'ended' | 'already_ended' | 'not_found'> {
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const result = await endMedication(tx, { practiceId: input.practiceId, patientAccountId: input.patientAccountId, medicationId: input.medicationId, endedBy: input.staffAccountId }, now);
    if (result === 'ended') {
      await recordAudit(tx, now, {
        action: 'prescription.medication_ended',
        outcome: 'success',
        practiceId: input.practiceId,
        actorAccountId: input.staffAccountId,
        subjectAccountId: input.patientAccountId,
        client: input.client,
        details: { medicationId: input.medicationId },
      });
    }
    return result;
  });
}

/** What someone tried with a request, patient or medication line that was not there for them (recordNotFound). */
export type NotFoundAttempt = 'view' | 'change_status' | 'view_medication' | 'add_medication' | 'end_medication';
