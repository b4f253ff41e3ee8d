import type { Db } from '../storage/database.ts';
import type { AccountKind, AccountStatus, StaffRole } from '../storage/schema.ts';

export interface Account {
  readonly id: string;
  readonly practiceId: string | null;
  readonly kind: AccountKind;
  readonly role: StaffRole | null;
  readonly username: string;
  readonly displayName: string;
  readonly email: string;
  readonly status: AccountStatus;
}

export interface AccountWithPassword extends Account {
  readonly passwordHash: string | null;
}

const columns = ['id', 'practice_id', 'kind', 'role', 'username', 'display_name', 'email', 'status', 'password_hash'] as const;

type Row = {
  id: string;
  practice_id: string | null;
  kind: AccountKind;
  role: StaffRole | null;
  username: string;
  display_name: string;
  email: string;
  status: AccountStatus;
  password_hash: string | null;
};

function toAccount(row: Row): AccountWithPassword {
  return {
    id: row.id,
    practiceId: row.practice_id,
    kind: row.kind,
    role: row.role,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    status: row.status,
    passwordHash: row.password_hash,
  };
}

/**
 * The account's columns for a query of another module that joins `accounts` (a session, a
 * sign-in), under names that cannot clash with that table's; `accountFromJoin` reads them back.
 */
export const joinedAccountColumns = [
  'accounts.id as account__id',
  'accounts.practice_id as account__practice_id',
  'accounts.kind as account__kind',
  'accounts.role as account__role',
  'accounts.username as account__username',
  'accounts.display_name as account__display_name',
  'accounts.email as account__email',
  'accounts.status as account__status',
] as const;

export interface JoinedAccountRow {
  account__id: string;
  account__practice_id: string | null;
  account__kind: AccountKind;
  account__role: StaffRole | null;
  account__username: string;
  account__display_name: string;
  account__email: string;
  account__status: AccountStatus;
}

export function accountFromJoin(row: JoinedAccountRow): Account {
  return {
    id: row.account__id,
    practiceId: row.account__practice_id,
    kind: row.account__kind,
    role: row.account__role,
    username: row.account__username,
    displayName: row.account__display_name,
    email: row.account__email,
    status: row.account__status,
  };
}

/** With the password hash too, for the sign-in; see accountWithPasswordFromLeftJoin. */
export const joinedAccountWithPasswordColumns = [...joinedAccountColumns, 'accounts.password_hash as account__password_hash'] as const;

type Nullable<T> = { [K in keyof T]: T[K] | null };

/** The account of a LEFT JOIN, undefined when no account matched. */
export function accountWithPasswordFromLeftJoin(
  row: Nullable<JoinedAccountRow> & { account__password_hash: string | null },
): AccountWithPassword | undefined {
  if (row.account__id === null) return undefined;
  return { ...accountFromJoin(row as JoinedAccountRow), passwordHash: row.account__password_hash };
}

export function normalizeUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

export async function findAccountByUsername(db: Db, username: string): Promise<AccountWithPassword | undefined> {
  const row = await db.selectFrom('accounts').select(columns).where('username', '=', normalizeUsername(username)).executeTakeFirst();
  return row === undefined ? undefined : toAccount(row);
}

export async function findAccountById(db: Db, id: string): Promise<AccountWithPassword | undefined> {
  const row = await db.selectFrom('accounts').select(columns).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toAccount(row);
}

export async function findAccountsByEmail(db: Db, email: string): Promise<AccountWithPassword[]> {
  const rows = await db.selectFrom('accounts').select(columns).where('email', '=', email.trim().toLowerCase()).execute();
  return rows.map(toAccount);
}

export interface NewAccount {
  readonly practiceId: string | null;
  readonly kind: AccountKind;
  readonly role: StaffRole | null;
  readonly username: string;
  readonly displayName: string;
  readonly email: string;
  readonly passwordHash: string | null;
  readonly status: AccountStatus;
  readonly phone?: string | null;
  /** `jjjj-mm-dd` */
  readonly dateOfBirth?: string | null;
}

export async function insertAccount(db: Db, account: NewAccount): Promise<Account> {
  const row = await db
    .insertInto('accounts')
    .values({
      practice_id: account.practiceId,
      kind: account.kind,
      role: account.role,
      username: normalizeUsername(account.username),
      display_name: account.displayName,
      email: account.email.trim().toLowerCase(),
      password_hash: account.passwordHash,
      status: account.status,
      phone: account.phone ?? null,
      date_of_birth: account.dateOfBirth ?? null,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  const { passwordHash: _omitted, ...publicAccount } = toAccount(row);
  return publicAccount;
}

export async function usernameTaken(db: Db, username: string): Promise<boolean> {
  const row = await db.selectFrom('accounts').select('id').where('username', '=', normalizeUsername(username)).executeTakeFirst();
  return row !== undefined;
}

/** Sets the password (and activates); false when the account is stopped, which a link cannot undo. */
export async function setPassword(db: Db, accountId: string, passwordHash: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('accounts')
    .set({ password_hash: passwordHash, status: 'active', updated_at: now })
    .where('id', '=', accountId)
    .where('status', '!=', 'deactivated')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
