/**
 * The online services behind the login (repeat prescriptions, e-consult, appointments) share
 * this: how the home page asks each what is waiting, and the one e-mail they send when something
 * changes. Each service lives in its own folder next to this file.
 */
import type { Db } from '../storage/database.ts';
import type { MessageId, Messages } from '../i18n/messages.ts';
import type { Locale } from '../i18n/locale.ts';
import { recordAudit, recordAudits, type AuditAction, type AuditEntry, type ClientInfo } from '../audit/audit.ts';
import type { ServiceKey } from '../practices/practice-settings.ts';
import { enqueueMail, type OutboxDeps } from '../mail/outbox.ts';
import { isUuid } from '../storage/ids.ts';

export type { ServiceKey } from '../practices/practice-settings.ts';

/** One line the home page shows under a service, e.g. "1 aanvraag wordt behandeld". */
export interface ServiceStatusLine {
  readonly id: MessageId;
  readonly text: string;
}

export interface PatientServiceContext {
  readonly practiceId: string;
  readonly accountId: string;
  readonly now: Date;
  readonly t: Messages;
  readonly locale: Locale;
}

/** What a service tells the patient's home page. */
export interface PatientService {
  readonly key: ServiceKey;
  /** The patient's page of this service. */
  readonly path: string;
  readonly titleId: MessageId;
  readonly descriptionId: MessageId;
  /** What is waiting for the patient; empty when nothing is. */
  status(db: Db, context: PatientServiceContext): Promise<ServiceStatusLine[]>;
}

/**
 * "There is news in the portal": the only mail the services send. It says nothing of what the
 * news is (no medicine, no question, no doctor), only that the patient can log in to read it, so
 * a shared or read-along mailbox learns nothing medical. Written in the caller's transaction.
 */
export async function queuePortalNews(db: Db, outbox: OutboxDeps, input: { practiceId: string; patientAccountId: string }, now: Date): Promise<boolean> {
  const recipient = await db
    .selectFrom('accounts')
    .innerJoin('practices', 'practices.id', 'accounts.practice_id')
    .select(['accounts.email', 'accounts.preferred_locale', 'accounts.status', 'practices.name as practice_name'])
    .where('accounts.id', '=', input.patientAccountId)
    .where('accounts.practice_id', '=', input.practiceId)
    .executeTakeFirst();
  if (recipient === undefined || recipient.status === 'deactivated') return false;
  await enqueueMail(
    db,
    outbox,
    {
      practiceId: input.practiceId,
      accountId: input.patientAccountId,
      template: 'portal_news',
      to: recipient.email,
      params: { locale: recipient.preferred_locale, practiceName: recipient.practice_name },
    },
    now,
  );
  return true;
}

/**
 * Locks the patient's account row until the transaction ends: the one lock that puts a patient's
 * parallel requests (a double click, two tabs, two processes) one after the other, so a limit
 * counted after it (open requests, waiting questions, upcoming appointments) cannot be passed by
 * racing it. FOR NO KEY UPDATE, not FOR UPDATE: it conflicts with itself, but not with the FOR KEY
 * SHARE that every insert referring to the patient takes (an audit row, a mail), so it neither
 * waits for those nor deadlocks with them. False when the account is no patient of this practice.
 */
export async function lockPatientAccount(tx: Db, patient: { practiceId: string; accountId: string }): Promise<boolean> {
  const row = await tx
    .selectFrom('accounts')
    .select('id')
    .where('id', '=', patient.accountId)
    .where('practice_id', '=', patient.practiceId)
    .where('kind', '=', 'patient')
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A list staff were shown (a queue, a day of appointments), in the trail as a look at the record
 * of each patient in it: one row per patient with how many of their items were shown, or one row
 * without a patient when the list was empty.
 *
 * @param patientIds  the patient of each item shown, once per item
 * @param details     the row's details, given the number of that patient's items (0 when empty)
 */
export async function recordListShown(
  db: Db,
  at: Date,
  base: Omit<AuditEntry, 'subjectAccountId' | 'details'>,
  patientIds: readonly string[],
  details: (count: number) => NonNullable<AuditEntry['details']>,
): Promise<void> {
  const perPatient = new Map<string, number>();
  for (const id of patientIds) perPatient.set(id, (perPatient.get(id) ?? 0) + 1);
  await recordAudits(
    db,
    at,
    perPatient.size === 0
      ? [{ ...base, subjectAccountId: null, details: details(0) }]
      : [...perPatient].map(([patientId, count]) => ({ ...base, subjectAccountId: patientId, details: details(count) })),
  );
}

/**
 * The notice a page's `?melding=` names, looked up in that page's own table; undefined for any
 * other value. Own keys only: a plain `table[key]` finds `constructor`, `toString` or `__proto__`
 * on Object.prototype, so `?melding=constructor` drew an empty notice box (and in other hands,
 * worse). A repeated `melding` (an array) names nothing.
 */
export function noticeFor<T>(table: Readonly<Record<string, T>>, melding: unknown): T | undefined {
  if (typeof melding !== 'string' || !Object.hasOwn(table, melding)) return undefined;
  return table[melding];
}

/**
 * An id someone looked for and did not find (another patient's, another practice's, made up), as
 * a `<service>.not_found` audit row may keep it: the UUID itself, or `malformed` for anything
 * else, which could be any text a person typed into the address bar and has no place in the trail.
 */
function idLookedFor(id: string): string {
  return isUuid(id) ? id.toLowerCase() : 'malformed';
}

/** The audit action of a service's miss: `consult.not_found`, `appointment.not_found`, … */
export type NotFoundAction = Extract<AuditAction, `${string}.not_found`>;

/**
 * A thread, slot, appointment, request, patient or medication line that is not there for this
 * actor (another patient's, another practice's, made up): the 404 leaves a trace of who looked
 * for which ids (each as idLookedFor keeps it) and what they tried. Probing for other people's
 * records shows in the trail; a 404 alone would not. The subject is a patient only when the
 * caller knows that patient is of the actor's practice.
 */
export async function recordNotFound(
  db: Db,
  at: Date,
  miss: {
    action: NotFoundAction;
    actor: { practiceId: string; accountId: string; client: ClientInfo };
    attempt: string;
    looked: Readonly<Record<string, string | undefined>>;
    subjectAccountId?: string;
  },
): Promise<void> {
  const details: Record<string, string> = { attempt: miss.attempt };
  for (const [key, id] of Object.entries(miss.looked)) if (id !== undefined) details[key] = idLookedFor(id);
  await recordAudit(db, at, {
    action: miss.action,
    outcome: 'failure',
    practiceId: miss.actor.practiceId,
    actorAccountId: miss.actor.accountId,
    subjectAccountId: miss.subjectAccountId ?? null,
    client: miss.actor.client,
    details,
  });
}
