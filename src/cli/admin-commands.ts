/**
 * The admin commands of the contract, as one function from argv to a JSON-able result. The CLI
 * runs it against the database directly, or hands argv to a running server over the admin
 * socket, which runs this same function.
 */
import { parseArgs } from 'node:util';
import type { StaffRole } from '../storage/schema.ts';
import { migrateToLatest } from '../storage/database.ts';
import { createAccount, createPractice, InputError, type AccountServiceDeps } from '../accounts/account.service.ts';

export class UsageError extends InputError {}

const USAGE = 'usage: praktijkportaal migrate | practice add | patient add | staff add | support add (see README)';

function options(argv: readonly string[], spec: Record<string, { required: boolean }>): Record<string, string | undefined> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(Object.keys(spec).map((name) => [name, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
  const values = parsed.values as Record<string, string | undefined>;
  for (const [name, { required }] of Object.entries(spec)) {
    if (required && (values[name] === undefined || values[name] === '')) throw new UsageError(`--${name} is required`);
  }
  return values;
}

function roleOf(value: string | undefined): StaffRole {
  if (value === 'assistant' || value === 'doctor' || value === 'manager') return value;
  throw new UsageError('--role must be assistant, doctor or manager');
}

function publicAccount(account: { id: string; username: string; kind: string; role: string | null; email: string; status: string; practiceId: string | null }) {
  return { id: account.id, username: account.username, kind: account.kind, role: account.role, email: account.email, status: account.status, practiceId: account.practiceId };
}

export type AdminCommand =
  | { readonly kind: 'migrate' }
  | { readonly kind: 'practice'; readonly name: string; readonly slug: string; readonly email?: string | undefined; readonly phone?: string | undefined }
  | {
      readonly kind: 'account';
      readonly accountKind: 'patient' | 'staff' | 'support';
      readonly practiceSlug?: string | undefined;
      readonly role?: StaffRole | undefined;
      readonly name: string;
      readonly email: string;
      readonly username: string;
      readonly password?: string | undefined;
    };

/** Reads argv without touching the database, so a usage error costs nothing and changes nothing. */
export function parseAdminCommand(argv: readonly string[]): AdminCommand {
  const [first, second, ...rest] = argv;
  if (first === 'migrate') {
    if (second !== undefined) throw new UsageError('migrate takes no arguments');
    return { kind: 'migrate' };
  }
  const command = `${first ?? ''} ${second ?? ''}`.trim();
  switch (command) {
    case 'practice add': {
      const values = options(rest, { name: { required: true }, slug: { required: true }, email: { required: false }, phone: { required: false } });
      return { kind: 'practice', name: values['name']!, slug: values['slug']!, email: values['email'], phone: values['phone'] };
    }
    case 'patient add':
    case 'staff add':
    case 'support add': {
      const accountKind = first as 'patient' | 'staff' | 'support';
      const spec: Record<string, { required: boolean }> = {
        name: { required: true },
        email: { required: true },
        username: { required: true },
        password: { required: false },
      };
      if (accountKind !== 'support') spec['practice'] = { required: true };
      if (accountKind === 'staff') spec['role'] = { required: true };
      const values = options(rest, spec);
      return {
        kind: 'account',
        accountKind,
        practiceSlug: values['practice'],
        role: accountKind === 'staff' ? roleOf(values['role']) : undefined,
        name: values['name']!,
        email: values['email']!,
        username: values['username']!,
        password: values['password'],
      };
    }
    default:
      throw new UsageError(USAGE);
  }
}

export async function runAdminCommand(deps: AccountServiceDeps, argv: readonly string[]): Promise<Record<string, unknown>> {
  const command = parseAdminCommand(argv);
  switch (command.kind) {
    case 'migrate':
      return { migrated: await migrateToLatest(deps.db) };
    case 'practice':
      return { practice: await createPractice(deps, command) };
    case 'account': {
      const { account, activationSent } = await createAccount(deps, { ...command, kind: command.accountKind });
      return { account: publicAccount(account), activation: activationSent ? 'queued' : 'not needed' };
    }
  }
}
