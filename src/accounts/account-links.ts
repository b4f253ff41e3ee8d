/**
 * One-time links for activation (7 days) and password recovery (30 minutes). The token exists
 * in clear only in the e-mail; the table keeps its keyed hash. A newer link voids the older
 * ones, and a link is consumed by one guarded UPDATE, so it works exactly once.
 */
import type { Db } from '../storage/database.ts';
import type { LinkPurpose } from '../storage/schema.ts';
import type { Clock } from '../security/clock.ts';
import { newOpaqueToken, type Keyring, type RandomSource } from '../security/primitives.ts';
import { hashPassword } from '../security/password.ts';
import { enqueueMails, type OutboxDeps } from '../mail/outbox.ts';
import { recordAudit, type ClientInfo } from '../audit/audit.ts';
import type { Locale } from '../i18n/locale.ts';
import { findAccountByUsername, findAccountsByEmail, setPassword, type Account } from './account.repository.ts';
import { findPracticeById } from '../practices/practice.repository.ts';
import { endAllSessionsOf } from '../auth/session.ts';
import { abandonPendingSignIns } from '../auth/sign-in/sign-in.flow.ts';
import { blockedUntil, recordFailure, type ThrottlePolicy } from '../auth/password-throttle.ts';
import { checkNewPassword, passwordLengthProblem, type PasswordProblem, type PasswordSuggestion, type PasswordWarning } from './password-rules.ts';

export interface LinkDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly keyring: Keyring;
  readonly outbox: OutboxDeps;
  readonly mailQueued: () => void;
}

const LIFETIME_SECONDS: Record<LinkPurpose, number> = {
  activation: 7 * 24 * 60 * 60,
  recovery: 30 * 60,
};

export const LINK_PATHS: Record<LinkPurpose, string> = {
  activation: '/activeren/',
  recovery: '/wachtwoord-herstellen/',
};

/** Recovery e-mails one account can receive in an hour. */
export const RECOVERY_MAILS_PER_HOUR = 3;

/** Recovery requests one address can make: 10 an hour, then blocked for a growing while. */
const RECOVERY_ADDRESS_POLICY: ThrottlePolicy = { windowSeconds: 3600, freeFailures: 10, firstBlockSeconds: 15 * 60, maxBlockSeconds: 3600 };

/** Makes a link and queues its e-mail, inside the caller's transaction. */
export async function issueLink(
  tx: Db,
  deps: Pick<LinkDeps, 'random' | 'keyring' | 'outbox'>,
  input: { account: Account; purpose: LinkPurpose; practiceName: string | null; locale: Locale; now: Date },
): Promise<void> {
  await issueLinks(tx, deps, { accounts: [input.account], purpose: input.purpose, practiceName: input.practiceName, locale: input.locale, now: input.now });
}

/**
 * Voids every link of this account that is still open (activation, recovery): they went to an
 * address the account no longer has. Inside the caller's transaction; returns how many.
 */
export async function voidOpenLinks(tx: Db, accountId: string, now: Date): Promise<number> {
  const result = await tx.updateTable('account_links').set({ voided_at: now }).where('account_id', '=', accountId).where('used_at', 'is', null).where('voided_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Links for one or many accounts of one practice (many: a CSV import): older links of the same
 * purpose voided, new links and their e-mails inserted 500 rows per statement instead of three
 * statements per account. Inside the caller's transaction.
 */
export async function issueLinks(
  tx: Db,
  deps: Pick<LinkDeps, 'random' | 'keyring' | 'outbox'>,
  input: { accounts: readonly Account[]; purpose: LinkPurpose; practiceName: string | null; locale: Locale; now: Date },
): Promise<void> {
  const { now, purpose } = input;
  const issued = input.accounts.map((account) => ({ account, token: newOpaqueToken(deps.random) }));
  for (let start = 0; start < issued.length; start += 500) {
    const chunk = issued.slice(start, start + 500);
    await tx
      .updateTable('account_links')
      .set({ voided_at: now })
      .where('account_id', 'in', chunk.map(({ account }) => account.id))
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('voided_at', 'is', null)
      .execute();
    await tx
      .insertInto('account_links')
      .values(
        chunk.map(({ account, token }) => ({
          token_hash: deps.keyring.hash('link-token', token),
          account_id: account.id,
          practice_id: account.practiceId,
          purpose,
          created_at: now,
          expires_at: new Date(now.getTime() + LIFETIME_SECONDS[purpose] * 1000),
        })),
      )
      .execute();
  }
  await enqueueMails(
    tx,
    deps.outbox,
    issued.map(({ account, token }) => ({
      practiceId: account.practiceId,
      accountId: account.id,
      template: purpose,
      to: account.email,
      secret: token,
      params: { locale: input.locale, practiceName: input.practiceName, username: account.username, linkPath: LINK_PATHS[purpose] },
    })),
    now,
  );
}

/** True when the link can still be used; does not use it. */
export async function linkIsUsable(deps: Pick<LinkDeps, 'db' | 'clock' | 'keyring'>, purpose: LinkPurpose, token: string): Promise<boolean> {
  if (token.length === 0 || token.length > 64) return false;
  const row = await deps.db
    .selectFrom('account_links')
    .select('id')
    .where('token_hash', '=', deps.keyring.hash('link-token', token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('voided_at', 'is', null)
    .where('expires_at', '>', deps.clock.now())
    .executeTakeFirst();
  return row !== undefined;
}

export type SetPasswordResult =
  | { readonly kind: 'saved' }
  | { readonly kind: 'invalid_link' }
  | { readonly kind: 'bad_password'; readonly problem: PasswordProblem; readonly warning: PasswordWarning | null; readonly suggestions: readonly PasswordSuggestion[] };

export async function setPasswordWithLink(
  deps: LinkDeps,
  input: { purpose: LinkPurpose; token: string; password: string; client: ClientInfo },
): Promise<SetPasswordResult> {
  const lengthProblem = passwordLengthProblem(input.password);
  if (lengthProblem !== null) return { kind: 'bad_password', problem: lengthProblem, warning: null, suggestions: [] };
  if (input.token.length === 0 || input.token.length > 64) return { kind: 'invalid_link' };
  // The account the link is for, without using the link: the password must not contain its
  // name, and zxcvbn runs only for a live link (it costs some 100 ms of CPU).
  const owner = await deps.db
    .selectFrom('account_links')
    .innerJoin('accounts', 'accounts.id', 'account_links.account_id')
    .select(['accounts.username', 'accounts.email', 'accounts.display_name'])
    .where('account_links.token_hash', '=', deps.keyring.hash('link-token', input.token))
    .where('account_links.purpose', '=', input.purpose)
    .where('account_links.used_at', 'is', null)
    .where('account_links.voided_at', 'is', null)
    .where('account_links.expires_at', '>', deps.clock.now())
    .executeTakeFirst();
  if (owner === undefined) return { kind: 'invalid_link' };
  const check = checkNewPassword(input.password, { username: owner.username, email: owner.email, displayName: owner.display_name });
  if (!check.ok) return { kind: 'bad_password', problem: check.problem, warning: check.warning, suggestions: check.suggestions };
  const passwordHash = await hashPassword(input.password);
  return deps.db
    .transaction()
    .execute(async (tx): Promise<SetPasswordResult> => {
    const now = deps.clock.now();
    const link = await tx
      .updateTable('account_links')
      .set({ used_at: now })
      .where('token_hash', '=', deps.keyring.hash('link-token', input.token))
      .where('purpose', '=', input.purpose)
      .where('used_at', 'is', null)
      .where('voided_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['account_id', 'practice_id'])
      .executeTakeFirst();
    if (link === undefined) return { kind: 'invalid_link' };
    // An activation link only activates: once the account has a password, it is recovery's job.
    if (input.purpose === 'activation') {
      const account = await tx.selectFrom('accounts').select('status').where('id', '=', link.account_id).executeTakeFirst();
      if (account?.status !== 'awaiting_activation') throw new LinkRefused();
    }
    // A stopped account stays stopped: throwing rolls the link's use back too.
    if (!(await setPassword(tx, link.account_id, passwordHash, now))) throw new LinkRefused();
    // A new password ends every session and every sign-in half-way (and its code): whoever
    // knew the old password is out, and cannot go on guessing codes either.
    await endAllSessionsOf(tx, link.account_id, now);
    await abandonPendingSignIns(tx, link.account_id, now);
    await recordAudit(tx, now, {
      action: 'account.password_set',
      outcome: 'success',
      practiceId: link.practice_id,
      actorAccountId: link.account_id,
      subjectAccountId: link.account_id,
      client: input.client,
      details: { via: input.purpose },
    });
    return { kind: 'saved' };
  })
    .catch((error: unknown) => {
      if (error instanceof LinkRefused) return { kind: 'invalid_link' } as const;
      throw error;
    });
}

/** Thrown inside the transaction to undo the link's use when the account cannot take a password. */
class LinkRefused extends Error {}

/**
 * "Wachtwoord vergeten?". The caller answers the same at once, whatever this finds; the work
 * happens after, so neither the answer nor its timing tells whether an account exists.
 */
export async function requestRecovery(deps: LinkDeps, input: { identifier: string; client: ClientInfo; locale: Locale }): Promise<void> {
  const identifier = input.identifier.trim();
  // Each request counts against the address; past the limit nothing is sent (the page looks the
  // same), so the form cannot be used to flood someone's mailbox.
  const now = deps.clock.now();
  const key = `recovery:ip:${input.client.ip ?? 'unknown'}`;
  if ((await blockedUntil(deps.db, [key], now)) !== null) return;
  await recordFailure(deps.db, key, RECOVERY_ADDRESS_POLICY, now);
  const candidates = identifier.includes('@')
    ? await findAccountsByEmail(deps.db, identifier)
    : [await findAccountByUsername(deps.db, identifier)].filter((account) => account !== undefined);
  const accounts = candidates.filter((account) => account.status !== 'deactivated');
  if (accounts.length === 0) return;
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    for (const account of accounts) {
      const recent = await tx
        .selectFrom('account_links')
        .select('id')
        .where('account_id', '=', account.id)
        .where('purpose', '=', 'recovery')
        .where('created_at', '>', new Date(now.getTime() - 3600_000))
        .execute();
      if (recent.length >= RECOVERY_MAILS_PER_HOUR) {
        await recordAudit(tx, now, { action: 'account.recovery_throttled', outcome: 'failure', practiceId: account.practiceId, subjectAccountId: account.id, client: input.client });
        continue;
      }
      const practice = account.practiceId === null ? undefined : await findPracticeById(tx, account.practiceId);
      await issueLink(tx, deps, { account, purpose: 'recovery', practiceName: practice?.name ?? null, locale: input.locale, now });
      await recordAudit(tx, now, {
        action: 'account.recovery_requested',
        outcome: 'info',
        practiceId: account.practiceId,
        subjectAccountId: account.id,
        client: input.client,
      });
    }
  });
  deps.mailQueued();
}
