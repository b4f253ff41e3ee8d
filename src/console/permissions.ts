/**
 * Who may do what in the practice console: one table, checked on every console route (the
 * route declares the permission it needs; a route without one does not start). Default deny:
 * a role has only what is listed here.
 *
 * Practice staff act within their own practice only; every query they cause is scoped by the
 * practice id of their account. The vendor's support desk sees every practice, read-only, and
 * every look is written to the audit trail of the practice it looked at.
 */
import type { Account } from '../accounts/account.repository.ts';

export type ConsoleRole = 'assistant' | 'doctor' | 'manager' | 'support';

export type Permission =
  | 'session.end'
  | 'console.authenticator'
  | 'practice.settings'
  | 'console.home'
  | 'patients.read'
  | 'patients.write'
  | 'signin.diagnose'
  | 'signin.fix'
  | 'audit.read'
  | 'audit.export'
  // The online services. Medical content (medication, questions) is for the care team only:
  // not the support desk, and not the manager, who runs the practice but does not treat.
  | 'prescriptions.handle'
  | 'consults.answer'
  | 'appointments.manage';

const ROLE_PERMISSIONS: Record<ConsoleRole, readonly Permission[]> = {
  assistant: ['session.end', 'console.authenticator', 'console.home', 'patients.read', 'patients.write', 'signin.diagnose', 'signin.fix', 'prescriptions.handle', 'consults.answer', 'appointments.manage'],
  doctor: ['session.end', 'console.authenticator', 'console.home', 'patients.read', 'signin.diagnose', 'prescriptions.handle', 'consults.answer', 'appointments.manage'],
  manager: ['session.end', 'console.authenticator', 'practice.settings', 'console.home', 'patients.read', 'patients.write', 'signin.diagnose', 'signin.fix', 'audit.read', 'audit.export', 'appointments.manage'],
  support: ['session.end', 'console.authenticator', 'console.home', 'patients.read', 'signin.diagnose'],
};

export interface StaffActor {
  readonly accountId: string;
  readonly role: ConsoleRole;
  /** The practice the actor works for; null for the support desk, which serves all. */
  readonly practiceId: string | null;
}

export function staffActor(account: Account): StaffActor | null {
  if (account.kind === 'support') return { accountId: account.id, role: 'support', practiceId: null };
  if (account.kind === 'staff' && account.role !== null && account.practiceId !== null) {
    return { accountId: account.id, role: account.role, practiceId: account.practiceId };
  }
  return null;
}

export function can(actor: StaffActor, permission: Permission): boolean {
  return ROLE_PERMISSIONS[actor.role].includes(permission);
}

/** What a staff member may still do before they set up a required authenticator app. */
export function allowedBeforeAuthenticator(permission: Permission): boolean {
  return permission === 'console.authenticator' || permission === 'session.end';
}
