import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * Row types of the tables, as the database sees them. Domain modules map these to their own
 * types; the HTML layer never sees a row.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<Record<string, unknown>, string, string>;

export interface PracticesTable {
  id: Generated<string>;
  slug: string;
  name: string;
  email: string | null;
  phone: string | null;
  require_authenticator: ColumnType<boolean, boolean | undefined, boolean>;
  opening_hours: ColumnType<string, string | undefined, string>;
  after_hours_phone: ColumnType<string | null, string | null | undefined, string | null>;
  prescriptions_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  consults_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  appointments_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  cancel_window_hours: ColumnType<number, number | undefined, number>;
  created_at: DefaultedTimestamp;
}

export type AccountKind = 'patient' | 'staff' | 'support';
export type StaffRole = 'assistant' | 'doctor' | 'manager';
export type AccountStatus = 'active' | 'awaiting_activation' | 'deactivated';

export interface AccountsTable {
  id: Generated<string>;
  practice_id: string | null;
  kind: AccountKind;
  role: StaffRole | null;
  username: string;
  display_name: string;
  email: string;
  password_hash: string | null;
  status: AccountStatus;
  date_of_birth: ColumnType<string | null, string | null | undefined, string | null>;
  phone: ColumnType<string | null, string | null | undefined, string | null>;
  totp_secret_sealed: ColumnType<string | null, string | null | undefined, string | null>;
  totp_pending_sealed: ColumnType<string | null, string | null | undefined, string | null>;
  totp_enabled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  preferred_locale: ColumnType<'nl' | 'en', 'nl' | 'en' | undefined, 'nl' | 'en'>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type Audience = 'patient' | 'staff';
export type AttemptState = 'awaiting_code' | 'completed' | 'superseded' | 'expired';

export interface SignInAttemptsTable {
  id: Generated<string>;
  token_hash: string;
  practice_id: string | null;
  account_id: string;
  audience: Audience;
  state: AttemptState;
  created_at: Timestamp;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
}

export type CodeState = 'live' | 'used' | 'superseded' | 'voided';

export interface SessionCodesTable {
  id: string;
  attempt_id: string;
  account_id: string;
  practice_id: string | null;
  code_hash: string;
  code_sealed: string | null;
  email: string;
  state: CodeState;
  created_at: Timestamp;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
  superseded_by: string | null;
  wrong_tries: Generated<number>;
}

export interface SignInGuardsTable {
  account_id: string;
  practice_id: string | null;
  wrong_code_tries: Generated<number>;
  last_wrong_code_at: Timestamp | null;
  code_paused_until: Timestamp | null;
}

export interface ThrottlesTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  blocked_until: Timestamp | null;
}

export interface SessionsTable {
  id: string;
  secret_hash: string;
  account_id: string;
  practice_id: string | null;
  audience: Audience;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  idle_expires_at: Timestamp;
  absolute_expires_at: Timestamp;
  ended_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
}

export type LinkPurpose = 'activation' | 'recovery';

export interface AccountLinksTable {
  id: Generated<string>;
  token_hash: string;
  account_id: string;
  practice_id: string | null;
  purpose: LinkPurpose;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  voided_at: Timestamp | null;
}

export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed' | 'dropped';

export interface OutboxTable {
  id: string;
  practice_id: string | null;
  account_id: string | null;
  template: string;
  params: Json;
  session_code_id: string | null;
  /** A link token, encrypted, only until the message is sent or given up. */
  secret_sealed: string | null;
  to_address: string;
  message_id: string;
  state: OutboxState;
  attempts: Generated<number>;
  created_at: Timestamp;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  sent_at: Timestamp | null;
  smtp_response: string | null;
  last_error: string | null;
}

export interface AuditEventsTable {
  id: Generated<string>;
  occurred_at: Timestamp;
  practice_id: string | null;
  actor_account_id: string | null;
  subject_account_id: string | null;
  action: string;
  outcome: string;
  ip: string | null;
  user_agent: string | null;
  details: Json;
}

export type PatientImportState = 'previewed' | 'imported' | 'expired';

/** One patient of a checked CSV file, as stored between the preview and the import. */
export interface StoredImportRow {
  readonly line: number;
  readonly name: string;
  readonly email: string;
  readonly username: string;
  /** `jjjj-mm-dd` */
  readonly dateOfBirth: string | null;
  readonly phone: string | null;
}

export interface PatientImportsTable {
  id: Generated<string>;
  practice_id: string;
  created_by: string;
  created_at: Timestamp;
  rows: ColumnType<StoredImportRow[], string, string>;
  row_count: number;
  state: PatientImportState;
  imported_at: Timestamp | null;
}

export type EmailChangeState = 'pending' | 'used' | 'superseded' | 'voided' | 'expired';

export interface EmailChangesTable {
  id: string;
  account_id: string;
  practice_id: string | null;
  /** The session that asked: only it may enter the code. */
  session_id: string;
  old_email: string;
  new_email: string;
  code_hash: string;
  /** The e-mail with the code; it holds the code sealed until sent. */
  mail_id: string | null;
  state: EmailChangeState;
  wrong_tries: Generated<number>;
  created_at: Timestamp;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface Database {
  practices: PracticesTable;
  accounts: AccountsTable;
  sign_in_attempts: SignInAttemptsTable;
  session_codes: SessionCodesTable;
  sign_in_guards: SignInGuardsTable;
  throttles: ThrottlesTable;
  sessions: SessionsTable;
  account_links: AccountLinksTable;
  outbox: OutboxTable;
  audit_events: AuditEventsTable;
  patient_imports: PatientImportsTable;
  consult_threads: ConsultThreadsTable;
  consult_messages: ConsultMessagesTable;
  appointment_slots: AppointmentSlotsTable;
  appointments: AppointmentsTable;
  repeat_medications: RepeatMedicationsTable;
  prescription_requests: PrescriptionRequestsTable;
  prescription_request_items: PrescriptionRequestItemsTable;
  email_changes: EmailChangesTable;
}

export type AccountRow = Selectable<AccountsTable>;
export type PracticeRow = Selectable<PracticesTable>;
export type SessionCodeRow = Selectable<SessionCodesTable>;
export type SignInAttemptRow = Selectable<SignInAttemptsTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;

// E-consult (migration 0009).
export type ConsultStatus = 'waiting_for_practice' | 'answered' | 'closed';

export interface ConsultThreadsTable {
  id: Generated<string>;
  practice_id: string;
  patient_account_id: string;
  subject: string;
  status: ConsultStatus;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_message_at: Timestamp;
  waiting_since: Timestamp | null;
  message_count: number;
  last_staff_seq: ColumnType<number, number | undefined, number>;
  patient_read_seq: ColumnType<number, number | undefined, number>;
  patient_read_at: Timestamp | null;
  closed_at: Timestamp | null;
  closed_by: string | null;
}

export interface ConsultMessagesTable {
  id: Generated<string>;
  thread_id: string;
  practice_id: string;
  seq: number;
  author_account_id: string;
  author_kind: 'patient' | 'staff';
  author_role: 'assistant' | 'doctor' | null;
  body: string;
  created_at: Timestamp;
}

// Appointments (issue 7): free times per doctor, and the bookings of patients.
export interface AppointmentSlotsTable {
  id: Generated<string>;
  practice_id: string;
  doctor_account_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  created_by: string;
  created_at: Timestamp;
  withdrawn_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  withdrawn_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export type AppointmentCancelledBy = 'patient' | 'staff';

export interface AppointmentsTable {
  id: Generated<string>;
  practice_id: string;
  slot_id: string;
  patient_account_id: string;
  reason: string | null;
  booked_at: Timestamp;
  cancelled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  cancelled_by_account_id: ColumnType<string | null, string | null | undefined, string | null>;
  cancelled_by_kind: ColumnType<AppointmentCancelledBy | null, AppointmentCancelledBy | null | undefined, AppointmentCancelledBy | null>;
}

// Repeat prescriptions (migration 0008).
export interface RepeatMedicationsTable {
  id: Generated<string>;
  practice_id: string;
  patient_account_id: string;
  name: string;
  created_by: string;
  created_at: Timestamp;
  ended_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  ended_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export type PrescriptionStatus = 'requested' | 'in_progress' | 'ready' | 'rejected';

export interface PrescriptionRequestsTable {
  id: Generated<string>;
  practice_id: string;
  patient_account_id: string;
  status: PrescriptionStatus;
  pharmacy: string;
  remark: string | null;
  rejection_reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  handled_by_account_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PrescriptionRequestItemsTable {
  request_id: string;
  position: number;
  practice_id: string;
  /** The request's patient (0011), so a medication line of another patient is refused; an insert without it gets it from the request. */
  patient_account_id: ColumnType<string, string, never>;
  medication_id: string | null;
  name: string;
}
