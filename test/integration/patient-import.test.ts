/**
 * Importing patients from CSV in the console: a preview that lists the rows to fix and stores
 * nothing, then all or nothing; a second confirmation does nothing; another practice and a
 * doctor cannot; and 10,000 rows in seconds (timed on each database).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/database.ts';
import { serviceDeps, usePortal } from '../support/portal.ts';
import { messageIds, type TestClient } from '../support/http-client.ts';
import { staffClient } from '../support/sign-in.ts';
import { createAccount, createPractice } from '../../src/accounts/account.service.ts';

const PASSWORD = 'import-test-password';
const HEADER = 'naam;email;gebruikersnaam;geboortedatum;telefoon';

function uploadUrl(client: TestClient): string {
  const action = client.lastHtml.match(/action="(\/praktijk\/patienten\/importeren\?_csrf=[^"]+)"/)?.[1];
  assert.ok(action !== undefined, 'the page has the upload form');
  return action;
}

function confirmUrl(client: TestClient): string {
  const action = client.lastHtml.match(/action="(\/praktijk\/patienten\/importeren\/[0-9a-f-]{36})"/)?.[1];
  assert.ok(action !== undefined, 'the page has the confirm form');
  return action;
}

function problemsOnLine(html: string, line: number): string[] {
  const row = html.match(new RegExp(`<tr data-line="${line}">([\\s\\S]*?)</tr>`))?.[1] ?? '';
  return [...row.matchAll(/data-problem="([^"]+)"/g)].map((match) => match[1]!);
}

for (const kind of databaseKinds()) {
  describe(`patient import from CSV (${kind})`, () => {
    const suite = usePortal(kind);
    let assistant: TestClient;
    let doctor: TestClient;
    let otherManager: TestClient;
    let oostId = '';

    /** Opens the import page and uploads `csv`; returns the preview response. */
    async function preview(client: TestClient, csv: string | Buffer) {
      assert.equal((await client.get('/praktijk/patienten/importeren')).statusCode, 200);
      return client.upload(uploadUrl(client), { field: 'bestand', filename: 'patienten.csv', content: csv });
    }

    const accountsLike = async (pattern: string) =>
      (await suite.database.db.selectFrom('accounts').select(['username', 'status', 'practice_id', 'password_hash']).where('username', 'like', pattern).execute());
    const importsOf = () => suite.database.db.selectFrom('patient_imports').select(['id', 'state', 'row_count', 'practice_id']).where('practice_id', '=', oostId).execute();

    before(async () => {
      const deps = serviceDeps(suite.portal);
      oostId = (await createPractice(deps, { name: 'Praktijk Oost', slug: 'oost' })).id;
      await createPractice(deps, { name: 'Praktijk West', slug: 'west' });
      await createAccount(deps, { kind: 'patient', practiceSlug: 'oost', name: 'Piet Oost', email: 'piet@example.nl', username: 'piet', password: PASSWORD });
      await createAccount(deps, { kind: 'staff', role: 'assistant', practiceSlug: 'oost', name: 'Anna Assistent', email: 'anna@oost.example', username: 'anna-oost', password: PASSWORD });
      await createAccount(deps, { kind: 'staff', role: 'doctor', practiceSlug: 'oost', name: 'Dirk Dokter', email: 'dirk@oost.example', username: 'dirk-oost', password: PASSWORD });
      await createAccount(deps, { kind: 'staff', role: 'manager', practiceSlug: 'west', name: 'Wendy West', email: 'wendy@west.example', username: 'wendy-west', password: PASSWORD });
      assistant = await staffClient(suite.portal, 'anna-oost', PASSWORD, 'anna@oost.example');
      doctor = await staffClient(suite.portal, 'dirk-oost', PASSWORD, 'dirk@oost.example');
      otherManager = await staffClient(suite.portal, 'wendy-west', PASSWORD, 'wendy@west.example');
    });

    test('the patients list links to the import page, which explains the format', async () => {
      const list = await assistant.get('/praktijk/patienten');
      assert.match(list.body, /href="\/praktijk\/patienten\/importeren"/);
      const page = await assistant.get('/praktijk/patienten/importeren');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /enctype="multipart\/form-data"/);
      assert.match(page.body, /<label for="csv-bestand">CSV-bestand<\/label>/);
      assert.match(page.body, /gebruikersnaam/);
    });

    test('a preview with row errors lists them and imports nothing', async () => {
      const csv = [
        HEADER,
        'Goede Regel;goed@example.nl;fout-goed;01-02-1960;06-12345678',
        'Geen Mail;geen-email;fout-mail;;',
        'Rare Datum;datum@example.nl;fout-datum;31-02-1960;',
        ';leeg@example.nl;x;;',
        'Te Veel;veel@example.nl;fout-veel;;;extra',
      ].join('\r\n');
      const response = await preview(assistant, csv);
      assert.equal(response.statusCode, 422);
      assert.ok(messageIds(response.body).includes('import.error.rows'));
      assert.deepEqual(problemsOnLine(response.body, 2), [], 'the good row is not listed');
      assert.deepEqual(problemsOnLine(response.body, 3), ['email']);
      assert.deepEqual(problemsOnLine(response.body, 4), ['date']);
      assert.deepEqual(problemsOnLine(response.body, 5), ['name', 'username']);
      assert.deepEqual(problemsOnLine(response.body, 6), ['columns']);
      assert.deepEqual(await accountsLike('fout-%'), []);
      assert.deepEqual(await importsOf(), [], 'nothing is stored for a file with errors');
    });

    test('a duplicate username inside the file, or one taken in the portal, is caught in the preview', async () => {
      const csv = [HEADER, 'Kees Een;kees1@example.nl;kees;;', 'Kees Twee;kees2@example.nl;KEES;;', 'Piet Nieuw;piet2@example.nl;piet;;'].join('\n');
      const response = await preview(assistant, csv);
      assert.equal(response.statusCode, 422);
      assert.deepEqual(problemsOnLine(response.body, 2), ['usernameTwice']);
      assert.deepEqual(problemsOnLine(response.body, 3), ['usernameTwice']);
      assert.deepEqual(problemsOnLine(response.body, 4), ['usernameTaken']);
      assert.deepEqual(await accountsLike('kees'), []);
    });

    test('file problems are told before any row: missing column, wrong encoding, no file', async () => {
      let response = await preview(assistant, 'naam;email\nJan;jan@example.nl\n');
      assert.equal(response.statusCode, 422);
      assert.ok(messageIds(response.body).includes('import.error.missingColumns'));
      response = await preview(assistant, Buffer.from('naam;email;gebruikersnaam\nJos\xe9;jose@example.nl;jose\n', 'latin1'));
      assert.ok(messageIds(response.body).includes('import.error.encoding'));
      response = await preview(assistant, '');
      assert.equal(response.statusCode, 422);
      assert.ok(messageIds(response.body).includes('import.error.noFile'));
      response = await assistant.post('/praktijk/patienten/importeren', {});
      assert.equal(response.statusCode, 422, 'a plain form post is not an upload');
      response = await preview(assistant, `${HEADER}\n${'x'.repeat(5 * 1024 * 1024)}\n`);
      assert.equal(response.statusCode, 413);
      assert.ok(messageIds(response.body).includes('import.error.tooLarge'));
    });

    test('an upload needs the CSRF token in its address and the own origin', async () => {
      await assistant.get('/praktijk/patienten/importeren');
      const file = { field: 'bestand', filename: 'p.csv', content: `${HEADER}\nJan;jan@example.nl;csrf-jan;;\n` };
      assert.equal((await assistant.upload('/praktijk/patienten/importeren', file)).statusCode, 403);
      assert.equal((await assistant.upload('/praktijk/patienten/importeren?_csrf=wrong', file)).statusCode, 403);
      await assistant.get('/praktijk/patienten/importeren');
      assert.equal((await assistant.upload(uploadUrl(assistant), file, { origin: 'https://evil.example' })).statusCode, 403);
      assert.deepEqual(await importsOf(), []);
    });

    test('a valid file imports all rows and queues invitations', async () => {
      const csv = `\uFEFF${[HEADER, 'Jan de Vries;jan@example.nl;geldig-jan;31-12-1950;06-12345678', '"Vries, Truus de";truus@example.nl;geldig-truus;;', 'Ömer Çelik;omer@example.nl;geldig-omer;1-2-2001;+31 20 123 45 67'].join('\r\n')}\r\n`;
      const response = await preview(assistant, csv);
      assert.equal(response.statusCode, 200);
      assert.ok(messageIds(response.body).includes('import.ok'));
      assert.match(response.body, /Importeren \(3 patiënten\)/);
      assert.match(response.body, /name="uitnodigen" type="checkbox" value="ja" checked/);
      assert.deepEqual(await accountsLike('geldig-%'), [], 'the preview imports nothing');

      const confirmed = await assistant.post(confirmUrl(assistant), { uitnodigen: 'ja' });
      assert.equal(confirmed.statusCode, 303);
      const done = await assistant.follow(confirmed);
      assert.ok(messageIds(done.body).includes('import.done'));
      assert.ok(messageIds(done.body).includes('import.doneInvited'));

      const accounts = await suite.database.db
        .selectFrom('accounts')
        .select(['id', 'username', 'display_name', 'email', 'status', 'practice_id', 'password_hash', 'phone'])
        .select((eb) => eb.fn<string | null>('to_char', ['date_of_birth', eb.val('YYYY-MM-DD')]).as('dob'))
        .where('username', 'like', 'geldig-%')
        .orderBy('username')
        .execute();
      assert.deepEqual(
        accounts.map((a) => [a.username, a.display_name, a.email, a.dob, a.phone, a.status, a.practice_id, a.password_hash]),
        [
          ['geldig-jan', 'Jan de Vries', 'jan@example.nl', '1950-12-31', '06-12345678', 'awaiting_activation', oostId, null],
          ['geldig-omer', 'Ömer Çelik', 'omer@example.nl', '2001-02-01', '+31 20 123 45 67', 'awaiting_activation', oostId, null],
          ['geldig-truus', 'Vries, Truus de', 'truus@example.nl', null, null, 'awaiting_activation', oostId, null],
        ],
      );
      const ids = accounts.map((a) => a.id);
      const queued = await suite.database.db.selectFrom('outbox').select(['account_id', 'template']).where('account_id', 'in', ids).execute();
      assert.equal(queued.length, 3);
      assert.ok(queued.every((row) => row.template === 'activation'));
      const links = await suite.database.db.selectFrom('account_links').select('account_id').where('account_id', 'in', ids).where('purpose', '=', 'activation').execute();
      assert.equal(links.length, 3);
      const mail = await suite.portal.nextMail('truus@example.nl', { after: 0 });
      assert.match(mail.text, /geldig-truus/);
      assert.match(mail.text, /\/activeren\//);

      const audit = await suite.database.db.selectFrom('audit_events').select(['action', 'subject_account_id', 'details', 'outcome']).where('practice_id', '=', oostId).execute();
      const imported = audit.filter((event) => event.action === 'patient.imported');
      assert.equal(imported.length, 1);
      assert.equal(imported[0]!.details['count'], 3);
      assert.equal(imported[0]!.details['invited'], true);
      assert.equal(audit.filter((event) => event.action === 'account.created' && ids.includes(event.subject_account_id!)).length, 3);
      assert.equal(audit.filter((event) => event.action === 'account.activation_sent' && ids.includes(event.subject_account_id!)).length, 3);
      const stored = await importsOf();
      assert.deepEqual(stored.map((row) => [row.state, row.row_count]), [['imported', 3]]);
    });

    test('without the invitation box, patients are imported and no e-mail is queued', async () => {
      await preview(assistant, [HEADER, 'Stil Een;stil1@example.nl;stil-een;;', 'Stil Twee;stil2@example.nl;stil-twee;;'].join('\n'));
      const confirmed = await assistant.post(confirmUrl(assistant), {});
      assert.equal(confirmed.statusCode, 303);
      assert.ok(messageIds((await assistant.follow(confirmed)).body).includes('import.doneNotInvited'));
      const accounts = await suite.database.db.selectFrom('accounts').select('id').where('username', 'like', 'stil-%').execute();
      assert.equal(accounts.length, 2);
      const queued = await suite.database.db.selectFrom('outbox').select('id').where('account_id', 'in', accounts.map((a) => a.id)).execute();
      assert.equal(queued.length, 0);
    });

    test('confirming twice, one after the other or at once, imports once', async () => {
      await preview(assistant, [HEADER, 'Twee Keer;tweekeer@example.nl;twee-keer;;', 'Twee Maal;tweemaal@example.nl;twee-maal;;'].join('\n'));
      const url = confirmUrl(assistant);
      const [first, second] = await Promise.all([assistant.post(url, { uitnodigen: 'ja' }), assistant.post(url, { uitnodigen: 'ja' })]);
      assert.equal(first.statusCode, 303);
      assert.equal(second.statusCode, 303);
      const third = await assistant.post(url, { uitnodigen: 'ja' });
      assert.equal(third.statusCode, 303);
      assert.ok(messageIds((await assistant.follow(third)).body).includes('import.done'));
      assert.equal((await accountsLike('twee-%')).length, 2);
      const importId = url.split('/').pop()!;
      const events = await suite.database.db.selectFrom('audit_events').select('details').where('action', '=', 'patient.imported').execute();
      assert.equal(events.filter((event) => event.details['importId'] === importId).length, 1);
      const accounts = await suite.database.db.selectFrom('accounts').select('id').where('username', 'like', 'twee-%').execute();
      const queued = await suite.database.db.selectFrom('outbox').select('id').where('account_id', 'in', accounts.map((a) => a.id)).execute();
      assert.equal(queued.length, 2, 'one invitation each');
    });

    test("another practice's staff cannot see or confirm the import (404)", async () => {
      await preview(assistant, [HEADER, 'Ander Praktijk;ander@example.nl;ander-praktijk;;'].join('\n'));
      const url = confirmUrl(assistant);
      assert.equal((await otherManager.get(url)).statusCode, 404);
      await otherManager.get('/praktijk/patienten');
      assert.equal((await otherManager.post(url, { uitnodigen: 'ja' })).statusCode, 404);
      assert.deepEqual(await accountsLike('ander-praktijk'), []);
      const stored = await suite.database.db.selectFrom('patient_imports').select('state').where('id', '=', url.split('/').pop()!).executeTakeFirstOrThrow();
      assert.equal(stored.state, 'previewed');
    });

    test('a doctor may not import (403)', async () => {
      await preview(assistant, [HEADER, 'Dokter Niet;dokter@example.nl;dokter-niet;;'].join('\n'));
      const url = confirmUrl(assistant);
      const page = await doctor.get('/praktijk/patienten/importeren');
      assert.equal(page.statusCode, 403);
      await doctor.get('/praktijk/patienten');
      const list = doctor.lastHtml;
      assert.ok(!list.includes('/praktijk/patienten/importeren'), 'no link for a doctor');
      const token = list.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
      const upload = await doctor.upload(`/praktijk/patienten/importeren?_csrf=${encodeURIComponent(token)}`, { field: 'bestand', filename: 'p.csv', content: `${HEADER}\nD;d@example.nl;dokter-upload;;\n` });
      assert.equal(upload.statusCode, 403);
      assert.equal((await doctor.post(url, { uitnodigen: 'ja' })).statusCode, 403);
      assert.equal((await doctor.get(url)).statusCode, 403);
      assert.deepEqual(await accountsLike('dokter-%'), []);
    });

    test('a username taken between preview and import rolls everything back', async () => {
      await preview(assistant, [HEADER, 'Eerst Goed;eerst@example.nl;race-eerst;;', 'Later Bezet;later@example.nl;race-bezet;;', 'Daarna Goed;daarna@example.nl;race-daarna;;'].join('\n'));
      const url = confirmUrl(assistant);
      await createAccount(serviceDeps(suite.portal), { kind: 'patient', practiceSlug: 'west', name: 'Snel Ergens', email: 'snel@example.nl', username: 'race-bezet', password: PASSWORD });
      const response = await assistant.post(url, { uitnodigen: 'ja' });
      assert.equal(response.statusCode, 409);
      assert.ok(messageIds(response.body).includes('import.error.taken'));
      assert.match(response.body, /race-bezet/);
      assert.deepEqual((await accountsLike('race-%')).map((a) => a.username), ['race-bezet'], 'only the account made in between');
      const stored = await suite.database.db.selectFrom('patient_imports').select('state').where('id', '=', url.split('/').pop()!).executeTakeFirstOrThrow();
      assert.equal(stored.state, 'expired');
      const again = await assistant.post(url, { uitnodigen: 'ja' });
      assert.equal(again.statusCode, 303);
      assert.ok(messageIds((await assistant.follow(again)).body).includes('import.expired'));
    });

    // Last: it leaves 10,000 invitations for the mail worker.
    test('10,000 rows are checked and imported in seconds', async () => {
      const lines = [HEADER];
      for (let i = 0; i < 10_000; i += 1) lines.push(`Patiënt ${i};patient${i}@example.nl;bulk-${i};${String((i % 28) + 1).padStart(2, '0')}-0${(i % 9) + 1}-19${50 + (i % 50)};06-${String(10_000_000 + i)}`);
      const csv = lines.join('\r\n');

      let started = performance.now();
      const response = await preview(assistant, csv);
      const previewMs = performance.now() - started;
      assert.equal(response.statusCode, 200, response.body.slice(0, 500));
      assert.match(response.body, /Importeren \(10\.000 patiënten\)/);

      const url = confirmUrl(assistant);
      started = performance.now();
      const confirmed = await assistant.post(url, { uitnodigen: 'ja' });
      const importMs = performance.now() - started;
      assert.equal(confirmed.statusCode, 303);
      console.log(`[${kind}] 10,000 rows (${Math.round(csv.length / 1024)} KiB): check ${(previewMs / 1000).toFixed(2)} s, import with invitations ${(importMs / 1000).toFixed(2)} s`);

      const count = await suite.database.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).where('username', 'like', 'bulk-%').executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 10_000);
      const invitations = await suite.database.db
        .selectFrom('outbox')
        .innerJoin('accounts', 'accounts.id', 'outbox.account_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('accounts.username', 'like', 'bulk-%')
        .executeTakeFirstOrThrow();
      assert.equal(Number(invitations.n), 10_000);
    });
  });
}
