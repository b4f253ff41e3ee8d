/**
 * Reading and checking a CSV file of patients for the import in the console. Plain functions,
 * no HTTP and no database: the caller says which usernames are taken already.
 *
 * The file: a header row, then one patient per row. Columns `naam`, `email`, `gebruikersnaam`
 * (required) and `geboortedatum` (dd-mm-jjjj), `telefoon` (optional), in any order. The
 * separator is `;` (what Dutch Excel writes) or `,`, found from the header row. UTF-8, with or
 * without a byte order mark. Every row is checked by the same rules as an account made one at a
 * time (`createAccount`), and usernames must be unique over the whole portal and the file.
 */
import { parse } from 'csv-parse/sync';
import { checkEmail, checkName, USERNAME_PATTERN } from '../accounts/account.service.ts';
import { normalizeUsername } from '../accounts/account.repository.ts';
import type { StoredImportRow } from '../storage/schema.ts';
import { parseDate } from './patients.repository.ts';

export const IMPORT_COLUMNS = ['naam', 'email', 'gebruikersnaam', 'geboortedatum', 'telefoon'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly ImportColumn[] = ['naam', 'email', 'gebruikersnaam'];

/** Other spellings of a column name that people write; matched without case. */
const COLUMN_ALIASES: Readonly<Record<string, ImportColumn>> = {
  'e-mail': 'email',
  'e-mailadres': 'email',
  emailadres: 'email',
  telefoonnummer: 'telefoon',
};

/** At most this many patients per file; the upload itself is capped at MAX_IMPORT_BYTES. */
export const MAX_IMPORT_ROWS = 20_000;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** The same rule as the practice's phone number: digits, spaces, `+`, `-` and brackets. */
const PHONE_PATTERN = /^[0-9+()\s-]{6,20}$/;
const EARLIEST_BIRTH_DATE = '1900-01-01';

export type FileProblem =
  | { readonly kind: 'empty' }
  | { readonly kind: 'encoding' }
  | { readonly kind: 'syntax'; readonly line: number }
  | { readonly kind: 'missingColumns'; readonly columns: readonly string[] }
  | { readonly kind: 'unknownColumns'; readonly columns: readonly string[] }
  | { readonly kind: 'duplicateColumns'; readonly columns: readonly string[] }
  | { readonly kind: 'noRows' }
  | { readonly kind: 'tooManyRows'; readonly count: number; readonly max: number };

export type RowProblem =
  | { readonly kind: 'columns'; readonly found: number; readonly expected: number }
  | { readonly kind: 'name' }
  | { readonly kind: 'email' }
  | { readonly kind: 'username' }
  | { readonly kind: 'usernameTaken' }
  | { readonly kind: 'usernameTwice'; readonly otherLine: number }
  | { readonly kind: 'date' }
  | { readonly kind: 'dateRange' }
  | { readonly kind: 'phone' };

/** One data row as read, before any check. `line` is its line in the file (the header is 1). */
export interface CsvRow {
  readonly line: number;
  readonly values: Readonly<Record<ImportColumn, string>>;
  readonly fieldCount: number;
}

export interface ParsedCsv {
  readonly delimiter: ';' | ',';
  readonly columnCount: number;
  readonly rows: readonly CsvRow[];
}

export interface CheckedRow {
  readonly line: number;
  /** What the file said, trimmed: to show next to the problems. */
  readonly input: Readonly<Record<ImportColumn, string>>;
  /** The clean values, when the row has no problems. */
  readonly value: StoredImportRow | null;
  readonly problems: readonly RowProblem[];
}

export type CheckResult =
  | { readonly ok: false; readonly problem: FileProblem }
  | { readonly ok: true; readonly rows: readonly CheckedRow[]; readonly errorCount: number };

const BOM = [0xef, 0xbb, 0xbf];

function decodeUtf8(input: Uint8Array): string | null {
  const withoutBom = input.length >= 3 && BOM.every((byte, index) => input[index] === byte) ? input.subarray(3) : input;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(withoutBom);
  } catch {
    return null;
  }
}

/** `;` or `,`: whichever the header row has more of outside quotes (`,` when neither). */
function detectDelimiter(headerLine: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === ';') semicolons += 1;
    else if (!quoted && char === ',') commas += 1;
  }
  return semicolons > commas ? ';' : ',';
}

function columnName(header: string): string {
  const name = header.trim().toLowerCase();
  return COLUMN_ALIASES[name] ?? name;
}

function isImportColumn(name: string): name is ImportColumn {
  return (IMPORT_COLUMNS as readonly string[]).includes(name);
}

/**
 * The line of the record that could not be read. The parser notices an unclosed quote only at
 * the end of the file; the line where that quote opened is the one to fix.
 */
function failedLine(text: string, error: unknown): number {
  const { code, lines } = error as { code?: unknown; lines?: unknown };
  if (code === 'CSV_QUOTE_NOT_CLOSED') {
    let line = 1;
    let quoted = false;
    let openedAt = 1;
    for (let index = 0; index < text.length; index += 1) {
      const char = text[index];
      if (char === '"') {
        quoted = !quoted;
        if (quoted) openedAt = line;
      } else if (char === '\n' || (char === '\r' && text[index + 1] !== '\n')) {
        line += 1;
      }
    }
    if (quoted) return openedAt;
  }
  return typeof lines === 'number' ? lines : 1;
}

/** Reads the file: encoding, separator, header and rows. Rows are not checked here. */
export function parsePatientCsv(input: Uint8Array, options: { maxRows?: number } = {}): { ok: true; csv: ParsedCsv } | { ok: false; problem: FileProblem } {
  const maxRows = options.maxRows ?? MAX_IMPORT_ROWS;
  const text = decodeUtf8(input);
  if (text === null) return { ok: false, problem: { kind: 'encoding' } };
  if (text.trim() === '') return { ok: false, problem: { kind: 'empty' } };

  // Excel may start a file with `sep=;` to say which separator it used.
  const lines = text.split(/\r\n|\n|\r/);
  const sepLine = /^sep=([;,])$/i.exec(lines[0]?.trim() ?? '');
  const firstLine = sepLine === null ? 1 : 2;
  const headerLine = lines.slice(firstLine - 1).find((line) => line.trim() !== '') ?? '';
  const delimiter = sepLine !== null ? (sepLine[1] as ';' | ',') : detectDelimiter(headerLine);

  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      delimiter,
      from_line: firstLine,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    return { ok: false, problem: { kind: 'syntax', line: failedLine(text, error) } };
  }

  const [header, ...data] = records;
  if (header === undefined) return { ok: false, problem: { kind: 'empty' } };
  const names = header.record.map(columnName);
  const unknown = names.filter((name) => !isImportColumn(name));
  if (unknown.length > 0) return { ok: false, problem: { kind: 'unknownColumns', columns: unknown.map((name) => (name === '' ? '(leeg)' : name)) } };
  const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
  if (duplicates.length > 0) return { ok: false, problem: { kind: 'duplicateColumns', columns: [...new Set(duplicates)] } };
  const missing = REQUIRED_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) return { ok: false, problem: { kind: 'missingColumns', columns: missing } };

  const rows: CsvRow[] = [];
  for (const { record, info } of data) {
    // Rows of only separators (`;;;;`, as spreadsheets leave them) are not patients.
    if (record.every((field) => field.trim() === '')) continue;
    const values = { naam: '', email: '', gebruikersnaam: '', geboortedatum: '', telefoon: '' };
    names.forEach((name, index) => {
      values[name as ImportColumn] = (record[index] ?? '').trim();
    });
    rows.push({ line: info.lines, values, fieldCount: record.length });
  }
  if (rows.length === 0) return { ok: false, problem: { kind: 'noRows' } };
  if (rows.length > maxRows) return { ok: false, problem: { kind: 'tooManyRows', count: rows.length, max: maxRows } };
  return { ok: true, csv: { delimiter, columnCount: names.length, rows } };
}

/** The usernames of the rows as they would be stored, to look up which are taken. */
export function importUsernames(csv: ParsedCsv): string[] {
  return [...new Set(csv.rows.map((row) => normalizeUsername(row.values.gebruikersnaam)).filter((username) => USERNAME_PATTERN.test(username)))];
}

/**
 * Checks every row by the rules of `createAccount`, plus: a username taken in the portal or used
 * twice in the file, a date of birth in the future or before 1900, and a phone number.
 * `today` is `jjjj-mm-dd`.
 */
export function checkPatientRows(csv: ParsedCsv, context: { takenUsernames: ReadonlySet<string>; today: string }): CheckedRow[] {
  const linesByUsername = new Map<string, number[]>();
  for (const row of csv.rows) {
    const username = normalizeUsername(row.values.gebruikersnaam);
    if (!USERNAME_PATTERN.test(username) || row.fieldCount !== csv.columnCount) continue;
    linesByUsername.set(username, [...(linesByUsername.get(username) ?? []), row.line]);
  }

  return csv.rows.map((row): CheckedRow => {
    const input = row.values;
    if (row.fieldCount !== csv.columnCount) {
      return { line: row.line, input, value: null, problems: [{ kind: 'columns', found: row.fieldCount, expected: csv.columnCount }] };
    }
    const problems: RowProblem[] = [];

    let name = '';
    try {
      name = checkName(input.naam.normalize('NFC'), 'name');
    } catch {
      problems.push({ kind: 'name' });
    }

    let email = '';
    try {
      email = checkEmail(input.email);
    } catch {
      problems.push({ kind: 'email' });
    }

    const username = normalizeUsername(input.gebruikersnaam);
    if (!USERNAME_PATTERN.test(username)) {
      problems.push({ kind: 'username' });
    } else {
      if (context.takenUsernames.has(username)) problems.push({ kind: 'usernameTaken' });
      const otherLine = linesByUsername.get(username)?.find((line) => line !== row.line);
      if (otherLine !== undefined) problems.push({ kind: 'usernameTwice', otherLine });
    }

    let dateOfBirth: string | null = null;
    if (input.geboortedatum !== '') {
      dateOfBirth = parseDate(input.geboortedatum);
      if (dateOfBirth === null) problems.push({ kind: 'date' });
      else if (dateOfBirth > context.today || dateOfBirth < EARLIEST_BIRTH_DATE) problems.push({ kind: 'dateRange' });
    }

    const phone = input.telefoon === '' ? null : input.telefoon;
    if (phone !== null && !PHONE_PATTERN.test(phone)) problems.push({ kind: 'phone' });

    return {
      line: row.line,
      input,
      value: problems.length === 0 ? { line: row.line, name, email, username, dateOfBirth, phone } : null,
      problems,
    };
  });
}

/**
 * Reads and checks a whole file. `takenUsernames` answers which of the given usernames exist
 * already (in the database, for the console).
 */
export async function checkPatientCsv(
  input: Uint8Array,
  context: { takenUsernames: (usernames: readonly string[]) => Promise<ReadonlySet<string>>; today: string; maxRows?: number },
): Promise<CheckResult> {
  const parsed = parsePatientCsv(input, context.maxRows === undefined ? {} : { maxRows: context.maxRows });
  if (!parsed.ok) return parsed;
  const taken = await context.takenUsernames(importUsernames(parsed.csv));
  const rows = checkPatientRows(parsed.csv, { takenUsernames: taken, today: context.today });
  return { ok: true, rows, errorCount: rows.filter((row) => row.problems.length > 0).length };
}
