import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPatientCsv, checkPatientRows, importUsernames, parsePatientCsv, type CheckedRow, type ParsedCsv } from '../../src/console/patient-import.ts';

const TODAY = '2026-11-26';
const utf8 = (text: string) => new TextEncoder().encode(text);

function parsed(text: string): ParsedCsv {
  const result = parsePatientCsv(utf8(text));
  if (!result.ok) throw new Error(`expected a readable file, got ${result.problem.kind}`);
  return result.csv;
}

function check(text: string, taken: string[] = []): CheckedRow[] {
  return checkPatientRows(parsed(text), { takenUsernames: new Set(taken), today: TODAY });
}

const kinds = (row: CheckedRow | undefined) => row?.problems.map((problem) => problem.kind);

describe('parsePatientCsv: the file', () => {
  test('semicolons or commas, found from the header row', () => {
    assert.equal(parsed('naam;email;gebruikersnaam\nJan;jan@example.nl;jan\n').delimiter, ';');
    assert.equal(parsed('naam,email,gebruikersnaam\nJan,jan@example.nl,jan\n').delimiter, ',');
    const semicolons = parsed('naam;email;gebruikersnaam\n"Vries, Jan de";jan@example.nl;jan\n');
    assert.equal(semicolons.rows[0]!.values.naam, 'Vries, Jan de', 'a comma inside a semicolon file is data');
    const commas = parsed('naam,email,gebruikersnaam\n"Jan ""Sjonnie"" de Vries",jan@example.nl,jan\n');
    assert.equal(commas.rows[0]!.values.naam, 'Jan "Sjonnie" de Vries');
  });

  test('with or without a BOM, CRLF or LF, and Excel\'s sep= line', () => {
    const withBom = parsed('\uFEFFnaam;email;gebruikersnaam\r\nJan;jan@example.nl;jan\r\n');
    assert.deepEqual(withBom.rows[0]!.values, { naam: 'Jan', email: 'jan@example.nl', gebruikersnaam: 'jan', geboortedatum: '', telefoon: '' });
    const excel = parsed('sep=,\nnaam,email,gebruikersnaam\nJan,jan@example.nl,jan\n');
    assert.equal(excel.delimiter, ',');
    assert.equal(excel.rows[0]!.line, 3, 'line numbers count the sep= line');
  });

  test('columns in any order, names without case, a few common spellings', () => {
    const csv = parsed('Gebruikersnaam;E-mailadres;Telefoonnummer;NAAM;geboortedatum\njan;jan@example.nl;06-12345678;Jan;01-01-1950\n');
    assert.deepEqual(csv.rows[0]!.values, { naam: 'Jan', email: 'jan@example.nl', gebruikersnaam: 'jan', geboortedatum: '01-01-1950', telefoon: '06-12345678' });
  });

  test('line numbers are those of the file; empty lines and rows of only separators are skipped', () => {
    const csv = parsed('naam;email;gebruikersnaam\n\nJan;jan@example.nl;jan\n;;\nPiet;piet@example.nl;piet\n');
    assert.deepEqual(
      csv.rows.map((row) => [row.line, row.values.naam]),
      [
        [3, 'Jan'],
        [5, 'Piet'],
      ],
    );
  });

  test('file problems: encoding, empty, no rows, columns, quotes, too many rows', () => {
    const problem = (input: Uint8Array | string, maxRows?: number) => {
      const result = parsePatientCsv(typeof input === 'string' ? utf8(input) : input, maxRows === undefined ? {} : { maxRows });
      return result.ok ? undefined : result.problem;
    };
    assert.deepEqual(problem(new Uint8Array([0x6e, 0x61, 0x61, 0x6d, 0x0a, 0x4a, 0x6f, 0x73, 0xe9])), { kind: 'encoding' }, 'Windows-1252 é');
    assert.deepEqual(problem(new Uint8Array([0xff, 0xfe, 0x6e, 0x00])), { kind: 'encoding' }, 'UTF-16');
    assert.deepEqual(problem(''), { kind: 'empty' });
    assert.deepEqual(problem('\uFEFF \r\n'), { kind: 'empty' });
    assert.deepEqual(problem('naam;email;gebruikersnaam\n'), { kind: 'noRows' });
    assert.deepEqual(problem('naam;email\nJan;jan@example.nl\n'), { kind: 'missingColumns', columns: ['gebruikersnaam'] });
    assert.deepEqual(problem('naam;email;gebruikersnaam;adres\nJan;j@x.nl;jan;Dorpsstraat 1\n'), { kind: 'unknownColumns', columns: ['adres'] });
    assert.deepEqual(problem('naam;email;gebruikersnaam;e-mail\nJan;j@x.nl;jan;j@x.nl\n'), { kind: 'duplicateColumns', columns: ['email'] });
    assert.deepEqual(problem('naam;email;gebruikersnaam\n"Jan;jan@example.nl;jan\nPiet;p@x.nl;piet\n'), { kind: 'syntax', line: 2 }, 'where the unclosed quote opens');
    assert.deepEqual(problem('sep=;\nnaam;email;gebruikersnaam\nJan;jan@example.nl;jan\nPiet;p"iet@x.nl;piet\n'), { kind: 'syntax', line: 4 }, 'a quote inside a field');
    assert.deepEqual(problem('naam;email;gebruikersnaam\na;a@x.nl;aaa\nb;b@x.nl;bbb\nc;c@x.nl;ccc\n', 2), { kind: 'tooManyRows', count: 3, max: 2 });
  });
});

describe('checkPatientRows: the rules of createAccount, row by row', () => {
  test('a good row gives clean values', () => {
    const [row] = check('naam;email;gebruikersnaam;geboortedatum;telefoon\n  Jan de Vries ;Jan@Example.NL;Jan.de-Vries; 1-2-1950 ;+31 (0)6-1234 5678\n');
    assert.deepEqual(row!.problems, []);
    assert.deepEqual(row!.value, { line: 2, name: 'Jan de Vries', email: 'jan@example.nl', username: 'jan.de-vries', dateOfBirth: '1950-02-01', phone: '+31 (0)6-1234 5678' });
  });

  test('optional columns may be empty or absent', () => {
    const [row] = check('naam;email;gebruikersnaam;geboortedatum;telefoon\nJan;jan@example.nl;jan;;\n');
    assert.deepEqual(row!.value, { line: 2, name: 'Jan', email: 'jan@example.nl', username: 'jan', dateOfBirth: null, phone: null });
    const [without] = check('naam,email,gebruikersnaam\nJan,jan@example.nl,jan\n');
    assert.equal(without!.value?.dateOfBirth, null);
  });

  test('each field is checked, and every problem of a row is named', () => {
    const rows = check(
      [
        'naam;email;gebruikersnaam;geboortedatum;telefoon',
        `;geen-adres;J;31-02-1950;bel me`,
        `${'x'.repeat(201)};a@b;ab;1950-13-01;12`,
        'Jan;jan@example.nl;-jan;32-01-1950;',
        'Toekomst;t@example.nl;toekomst;01-01-2030;',
        'Oud;o@example.nl;oud;31-12-1899;',
        'Spatie;s@example.nl;met spatie;;',
      ].join('\n'),
    );
    assert.deepEqual(kinds(rows[0]), ['name', 'email', 'username', 'date', 'phone']);
    assert.deepEqual(kinds(rows[1]), ['name', 'email', 'username', 'date', 'phone']);
    assert.deepEqual(kinds(rows[2]), ['username', 'date']);
    assert.deepEqual(kinds(rows[3]), ['dateRange']);
    assert.deepEqual(kinds(rows[4]), ['dateRange']);
    assert.deepEqual(kinds(rows[5]), ['username']);
    assert.ok(rows.every((row) => row.value === null));
  });

  test('a row with too few or too many fields is only told that', () => {
    const rows = check('naam;email;gebruikersnaam\nJan;jan@example.nl\nPiet;piet@example.nl;piet;extra\n');
    assert.deepEqual(rows[0]!.problems, [{ kind: 'columns', found: 2, expected: 3 }]);
    assert.deepEqual(rows[1]!.problems, [{ kind: 'columns', found: 4, expected: 3 }]);
  });

  test('usernames: taken in the portal, or twice in the file (after folding case)', () => {
    const csv = parsed('naam;email;gebruikersnaam\nA;a@x.nl;kees\nB;b@x.nl;KEES\nC;c@x.nl;piet\nD;d@x.nl;klaas\n');
    assert.deepEqual(importUsernames(csv), ['kees', 'piet', 'klaas']);
    const rows = checkPatientRows(csv, { takenUsernames: new Set(['piet']), today: TODAY });
    assert.deepEqual(rows[0]!.problems, [{ kind: 'usernameTwice', otherLine: 3 }]);
    assert.deepEqual(rows[1]!.problems, [{ kind: 'usernameTwice', otherLine: 2 }]);
    assert.deepEqual(rows[2]!.problems, [{ kind: 'usernameTaken' }]);
    assert.deepEqual(rows[3]!.problems, []);
  });
});

describe('checkPatientCsv', () => {
  test('asks for the taken usernames once and counts the rows with errors', async () => {
    const asked: string[][] = [];
    const result = await checkPatientCsv(utf8('naam;email;gebruikersnaam\nA;a@x.nl;anna\nB;geen;bert\nC;c@x.nl;cor\n'), {
      takenUsernames: async (usernames) => {
        asked.push([...usernames]);
        return new Set(['cor']);
      },
      today: TODAY,
    });
    assert.equal(asked.length, 1);
    assert.deepEqual(asked[0], ['anna', 'bert', 'cor']);
    assert.ok(result.ok);
    assert.equal(result.errorCount, 2);
  });

  test('10,000 rows are read and checked quickly', async () => {
    const lines = ['naam;email;gebruikersnaam;geboortedatum;telefoon'];
    for (let i = 0; i < 10_000; i += 1) lines.push(`Patiënt ${i};p${i}@example.nl;patient-${i};01-01-1970;06-12345678`);
    const started = performance.now();
    const result = await checkPatientCsv(utf8(lines.join('\n')), { takenUsernames: async () => new Set(), today: TODAY });
    const ms = performance.now() - started;
    assert.ok(result.ok);
    assert.equal(result.rows.length, 10_000);
    assert.equal(result.errorCount, 0);
    console.log(`10,000 rows read and checked in ${ms.toFixed(0)} ms`);
  });
});
