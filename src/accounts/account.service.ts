/**
 * Making practices and accounts: the admin CLI, the demo data and later the console all come
 * through here, so every account passes the same checks. Bad input throws an InputError that
 * says what was wrong, before anything is written.
 */
import type { AccountKind, StaffRole } from '../storage/schema.ts';
import { hashPassword } from '../security/password.ts';
import { recordAudit, type ClientInfo } from '../audit/audit.ts';
import { findPracticeBySlug, insertPractice, type Practice } from '../practices/practice.repository.ts';
import { insertAccount, normalizeUsername, usernameTaken, type Account } from './account.repository.ts';
import { issueLink, type LinkDeps } from './account-links.ts';
import { passwordLengthProblem } from './password-rules.ts';

export class InputError extends Error {
  override readonly name = 'InputError';
}

/** The same dependencies as the one-time links: a store, a clock, randomness, keys and the outbox. */
export type AccountServiceDeps = LinkDeps;

const EMAIL_PATTERN = /^[^\s@<>()",;]{1,64}@[^\s@<>()",;]+\.[^\s@<>()",;]{2,}$/;
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@-]{2,99}$/;
const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export function checkName(name: string, what: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 200) throw new InputError(`${what} must be 1 to 200 characters`);
  return trimmed;
}

export function checkEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (!EMAIL_PATTERN.test(normalized) || normalized.length > 254) throw new InputError(`e-mail address is not valid: ${email}`);
  return normalized;
}

export async function createPractice(
  deps: Pick<AccountServiceDeps, 'db' | 'clock'>,
  input: { name: string; slug: string; email?: string | undefined; phone?: string | undefined },
): Promise<Practice> {
  const name = checkName(input.name, 'practice name');
  const slug = input.slug.trim();
  if (!SLUG_PATTERN.test(slug)) throw new InputError('slug must be 2 to 63 lowercase letters, digits or dashes, starting with a letter or digit');
  const email = input.email === undefined ? null : checkEmail(input.email);
  const phone = input.phone === undefined ? null : input.phone.trim();
  if (phone !== null && !/^[0-9+()\s-]{6,20}$/.test(phone)) throw new InputError(`phone number is not valid: ${input.phone}`);
  return deps.db.transaction().execute(async (tx) => {
    if ((await findPracticeBySlug(tx, slug)) !== undefined) throw new InputError(`a practice with slug "${slug}" already exists`);
    const practice = await insertPractice(tx, { name, slug, email, phone });
    await recordAudit(tx, deps.clock.now(), { action: 'practice.created', outcome: 'success', practiceId: practice.id, details: { slug } });
    return practice;
  });
}

export interface NewAccountInput {
  readonly kind: AccountKind;
  readonly practiceSlug?: string | undefined;
  readonly role?: StaffRole | undefined;
  readonly name: string;
  readonly email: string;
  readonly username: string;
  readonly password?: string | undefined;
  readonly phone?: string | null | undefined;
  /** `jjjj-mm-dd` */
  readonly dateOfBirth?: string | null | undefined;
  /** Who made it (a staff member in the console); absent for the CLI. */
  readonly createdBy?: { readonly accountId: string; readonly client: ClientInfo } | undefined;
}

export async function createAccount(deps: AccountServiceDeps, input: NewAccountInput): Promise<{ account: Account; activationSent: boolean }> {
  const displayName = checkName(input.name, 'name');
  const email = checkEmail(input.email);
  const username = normalizeUsername(input.username);
  if (!USERNAME_PATTERN.test(username)) {
    throw new InputError('username must be 3 to 100 characters: letters, digits, dot, dash, underscore or @');
  }
  if (input.kind === 'staff' && input.role === undefined) throw new InputError('staff need a role: assistant, doctor or manager');
  if (input.password !== undefined) {
    // Length only, on purpose. `--password` is for demos and tests (the contract says so) and is
    // typed by the operator, not chosen by a patient; outside test suites pass passwords we do not
    // know, and refusing one as "guessable" would break them. A patient's own choice (activation,
    // recovery) gets the full check of checkNewPassword.
    const problem = passwordLengthProblem(input.password);
    if (problem === 'tooShort') throw new InputError('password must be at least 8 characters');
    if (problem === 'tooLong') throw new InputError('password must be at most 128 characters');
  }
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);

  const result = await deps.db.transaction().execute(async (tx) => {
    let practice: Practice | undefined;
    if (input.kind !== 'support') {
      if (input.practiceSlug === undefined) throw new InputError('--practice is required');
      practice = await findPracticeBySlug(tx, input.practiceSlug);
      if (practice === undefined) throw new InputError(`no practice with slug "${input.practiceSlug}"`);
    }
    if (await usernameTaken(tx, username)) throw new InputError(`username "${username}" is already taken`);
    const now = deps.clock.now();
    const account = await insertAccount(tx, {
      practiceId: practice?.id ?? null,
      kind: input.kind,
      role: input.kind === 'staff' ? (input.role ?? null) : null,
      username,
      displayName,
      email,
      passwordHash,
      status: passwordHash === null ? 'awaiting_activation' : 'active',
      phone: input.phone ?? null,
      dateOfBirth: input.dateOfBirth ?? null,
    });
    await recordAudit(tx, now, {
      action: 'account.created',
      outcome: 'success',
      practiceId: account.practiceId,
      actorAccountId: input.createdBy?.accountId ?? null,
      subjectAccountId: account.id,
      ...(input.createdBy === undefined ? {} : { client: input.createdBy.client }),
      details: { kind: account.kind, role: account.role, withPassword: passwordHash !== null },
    });
    if (passwordHash === null) {
      await issueLink(tx, deps, { account, purpose: 'activation', practiceName: practice?.name ?? null, locale: 'nl', now });
      await recordAudit(tx, now, { action: 'account.activation_sent', outcome: 'info', practiceId: account.practiceId, subjectAccountId: account.id });
    }
    return { account, activationSent: passwordHash === null };
  });
  if (result.activationSent) deps.mailQueued();
  return result;
}
