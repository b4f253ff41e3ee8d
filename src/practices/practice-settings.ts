/**
 * The settings a practice manager keeps for the online services: which services are on, the
 * opening hours and phone numbers the home page shows, and how long before an appointment a
 * patient may still cancel it online. Rules only; the form is in the console.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../storage/database.ts';
import type { MessageId } from '../i18n/messages.ts';
import { cleanTypedText, textLength } from '../services/text.ts';

export const SERVICE_KEYS = ['prescriptions', 'consults', 'appointments'] as const;
export type ServiceKey = (typeof SERVICE_KEYS)[number];

export interface PracticeSettings {
  readonly phone: string | null;
  readonly afterHoursPhone: string | null;
  readonly openingHours: string;
  readonly services: Readonly<Record<ServiceKey, boolean>>;
  /** A patient may cancel an appointment online until this many hours before it starts. */
  readonly cancelWindowHours: number;
  readonly requireAuthenticator: boolean;
}

export const OPENING_HOURS_MAX = 1000;
export const CANCEL_WINDOW_MAX_HOURS = 168;


const SETTINGS_COLUMNS = ['phone', 'after_hours_phone', 'opening_hours', 'prescriptions_enabled', 'consults_enabled', 'appointments_enabled', 'cancel_window_hours', 'require_authenticator'] as const;

export async function readPracticeSettings(db: Db, practiceId: string, options: { lock?: boolean } = {}): Promise<PracticeSettings | undefined> {
  const query = db.selectFrom('practices').select(SETTINGS_COLUMNS).where('id', '=', practiceId);
  const row = await (options.lock === true ? query.forNoKeyUpdate() : query).executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    phone: row.phone,
    afterHoursPhone: row.after_hours_phone,
    openingHours: row.opening_hours,
    services: { prescriptions: row.prescriptions_enabled, consults: row.consults_enabled, appointments: row.appointments_enabled },
    cancelWindowHours: row.cancel_window_hours,
    requireAuthenticator: row.require_authenticator,
  };
}

export async function isServiceEnabled(db: Db, practiceId: string, service: ServiceKey): Promise<boolean> {
  return (await readPracticeSettings(db, practiceId))?.services[service] === true;
}

export async function savePracticeSettings(db: Db, practiceId: string, settings: PracticeSettings): Promise<void> {
  await db
    .updateTable('practices')
    .set({
      phone: settings.phone,
      after_hours_phone: settings.afterHoursPhone,
      opening_hours: settings.openingHours,
      prescriptions_enabled: settings.services.prescriptions,
      consults_enabled: settings.services.consults,
      appointments_enabled: settings.services.appointments,
      cancel_window_hours: settings.cancelWindowHours,
      require_authenticator: settings.requireAuthenticator,
    })
    .where('id', '=', practiceId)
    .execute();
}

/**
 * A fingerprint of the settings as a form showed them. Saving compares it with what is stored,
 * so a manager working from an old page cannot silently undo a colleague's change (such as
 * switching the authenticator requirement back off).
 */
export function settingsVersion(settings: PracticeSettings): string {
  return createHash('sha256').update(JSON.stringify(settings)).digest('base64url').slice(0, 22);
}

export type SaveResult = { readonly kind: 'saved'; readonly before: PracticeSettings } | { readonly kind: 'changed_meanwhile' };

/** Saves only when the stored settings are still those the form showed (`expectedVersion`). */
export async function savePracticeSettingsIfUnchanged(tx: Db, practiceId: string, expectedVersion: string, settings: PracticeSettings): Promise<SaveResult> {
  const before = await readPracticeSettings(tx, practiceId, { lock: true });
  if (before === undefined || settingsVersion(before) !== expectedVersion) return { kind: 'changed_meanwhile' };
  await savePracticeSettings(tx, practiceId, settings);
  return { kind: 'saved', before };
}

/** What changed, for the audit trail: the names of the fields, and the phone numbers before and after. */
export function settingsChanges(before: PracticeSettings, after: PracticeSettings): Record<string, string | number | boolean | null> {
  const changed: string[] = [];
  if (before.phone !== after.phone) changed.push('phone');
  if (before.afterHoursPhone !== after.afterHoursPhone) changed.push('afterHoursPhone');
  if (before.openingHours !== after.openingHours) changed.push('openingHours');
  for (const key of SERVICE_KEYS) if (before.services[key] !== after.services[key]) changed.push(key);
  if (before.cancelWindowHours !== after.cancelWindowHours) changed.push('cancelWindowHours');
  if (before.requireAuthenticator !== after.requireAuthenticator) changed.push('requireAuthenticator');
  return {
    changed: changed.join(','),
    phoneBefore: before.phone,
    phone: after.phone,
    afterHoursPhoneBefore: before.afterHoursPhone,
    afterHoursPhone: after.afterHoursPhone,
    prescriptions: after.services.prescriptions,
    consults: after.services.consults,
    appointments: after.services.appointments,
    cancelWindowHours: after.cancelWindowHours,
    requireAuthenticator: after.requireAuthenticator,
  };
}

export type SettingsField = 'phone' | 'afterHoursPhone' | 'openingHours' | 'cancelWindowHours';

export type SettingsFormResult =
  | { readonly ok: true; readonly settings: PracticeSettings }
  | { readonly ok: false; readonly errors: ReadonlyArray<{ readonly field: SettingsField; readonly id: MessageId }> };

export interface SettingsForm {
  readonly phone: string;
  readonly afterHoursPhone: string;
  readonly openingHours: string;
  readonly cancelWindowHours: string;
  readonly services: ReadonlyArray<ServiceKey>;
  readonly requireAuthenticator: boolean;
}

// Digits with the usual separators, optionally an international prefix: "020 123 45 67",
// "+31 20 1234567", "0900-1515". Enough to be dialled; the practice knows its own number.
const PHONE = /^\+?[0-9][0-9 ()-]{5,22}[0-9]$/;

function phoneOrNull(text: string): string | null | 'invalid' {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (trimmed === '') return null;
  return PHONE.test(trimmed) && trimmed.replace(/[^0-9]/g, '').length >= 6 ? trimmed : 'invalid';
}

/** Checks the manager's form; nothing is saved unless every field is right. */
export function parseSettingsForm(form: SettingsForm): SettingsFormResult {
  const errors: Array<{ field: SettingsField; id: MessageId }> = [];
  const phone = phoneOrNull(form.phone);
  if (phone === 'invalid') errors.push({ field: 'phone', id: 'settings.error.phone' });
  const afterHoursPhone = phoneOrNull(form.afterHoursPhone);
  if (afterHoursPhone === 'invalid') errors.push({ field: 'afterHoursPhone', id: 'settings.error.phone' });
  const openingHours = cleanTypedText(form.openingHours, { multiline: true });
  if (textLength(openingHours) > OPENING_HOURS_MAX) errors.push({ field: 'openingHours', id: 'settings.error.openingHoursLength' });
  const hoursText = form.cancelWindowHours.trim();
  const cancelWindowHours = /^[0-9]{1,3}$/.test(hoursText) ? Number(hoursText) : Number.NaN;
  if (!(cancelWindowHours >= 0 && cancelWindowHours <= CANCEL_WINDOW_MAX_HOURS)) errors.push({ field: 'cancelWindowHours', id: 'settings.error.cancelWindow' });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      phone: phone as string | null,
      afterHoursPhone: afterHoursPhone as string | null,
      openingHours,
      services: {
        prescriptions: form.services.includes('prescriptions'),
        consults: form.services.includes('consults'),
        appointments: form.services.includes('appointments'),
      },
      cancelWindowHours,
      requireAuthenticator: form.requireAuthenticator,
    },
  };
}

/** A phone number as a `tel:` link target. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, '')}`;
}
