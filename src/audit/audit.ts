import type { Db } from '../storage/database.ts';

/** Where a request came from; recorded with every audited step. */
export interface ClientInfo {
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export const NO_CLIENT: ClientInfo = { ip: null, userAgent: null };

/** Every audited action has a stable name; the console and reports key on these. */
export const AUDIT_ACTIONS = [
  'sign_in.password_accepted',
  'sign_in.password_refused',
  'sign_in.password_throttled',
  'sign_in.code_created',
  'sign_in.code_resent',
  'sign_in.code_accepted',
  'sign_in.code_refused',
  'sign_in.code_paused',
  'mail.sent',
  'mail.failed',
  'mail.dropped',
  'session.ended',
  'session.ended_elsewhere',
  'account.created',
  'account.activation_sent',
  'account.password_set',
  'account.recovery_requested',
  'account.recovery_throttled',
  'practice.created',
  'patient.searched',
  'patient.viewed',
  'patient.updated',
  'patient.deactivated',
  'patient.reactivated',
  'patient.imported',
  'sign_in.diagnosed',
  'sign_in.pause_lifted',
  'audit.viewed',
  'audit.exported',
  'account.authenticator_enabled',
  'account.authenticator_removed',
  'practice.settings_changed',
  'account.password_changed',
  'account.compromise_reported',
  // E-consult (src/services/consults)
  'consult.listed',
  'consult.viewed',
  'consult.asked',
  'consult.followed_up',
  'consult.answered',
  'consult.closed',
  'consult.refused',
  'consult.not_found',
  // Appointments (src/services/appointments)
  'appointment.slots_published',
  'appointment.slot_withdrawn',
  'appointment.day_viewed',
  'appointment.list_viewed',
  'appointment.free_slots_viewed',
  'appointment.slot_viewed',
  'appointment.viewed',
  'appointment.booked',
  'appointment.cancelled',
  'appointment.not_found',
  // Repeat prescriptions (src/services/prescriptions)
  'prescription.list_viewed',
  'prescription.viewed',
  'prescription.requested',
  'prescription.queue_viewed',
  'prescription.status_changed',
  'prescription.medication_viewed',
  'prescription.medication_added',
  'prescription.medication_ended',
  'prescription.not_found',
  'account.email_change_requested',
  'account.email_changed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  readonly action: AuditAction;
  readonly outcome: 'success' | 'failure' | 'info';
  readonly practiceId: string | null;
  readonly actorAccountId?: string | null;
  readonly subjectAccountId?: string | null;
  readonly client?: ClientInfo;
  readonly details?: Record<string, string | number | boolean | null>;
}

/**
 * Appends one event. Call it inside the transaction of the change it records, so the trail and
 * the data can never disagree. Never pass a code, password, token or full message body.
 */
export async function recordAudit(db: Db, at: Date, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_events').values(auditRow(at, entry)).execute();
}

/** Many events at once (a CSV import), 500 rows per statement; the same rules as recordAudit. */
export async function recordAudits(db: Db, at: Date, entries: readonly AuditEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += 500) {
    await db
      .insertInto('audit_events')
      .values(entries.slice(start, start + 500).map((entry) => auditRow(at, entry)))
      .execute();
  }
}

function auditRow(at: Date, entry: AuditEntry) {
  return {
    occurred_at: at,
    practice_id: entry.practiceId,
    actor_account_id: entry.actorAccountId ?? null,
    subject_account_id: entry.subjectAccountId ?? null,
    action: entry.action,
    outcome: entry.outcome,
    ip: entry.client?.ip ?? null,
    user_agent: entry.client?.userAgent?.slice(0, 400) ?? null,
    details: JSON.stringify(entry.details ?? {}),
  };
}
