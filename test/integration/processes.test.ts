/**
 * Fault tests with real server processes on one PostgreSQL database: a code made on one process
 * is accepted on another, the same code sent to two processes at once gives one session, a
 * process killed mid-send loses no mail, and dropped database connections heal.
 * They need PostgreSQL (PGlite is one process by design), so they run when TEST_DATABASE_URL
 * is set, as it is in CI.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually, seedPatient, PATIENT, startTestPortal, type TestPortal } from '../support/portal.ts';
import { HttpClient, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { SmtpReceiver } from '../support/smtp-receiver.ts';

const codeIn = (text: string) => {
  const codes = text.match(/\b\d{6}\b/g) ?? [];
  assert.equal(codes.length, 1);
  return codes[0]!;
};

if (process.env['TEST_DATABASE_URL'] !== undefined) {
  describe('several server processes on one PostgreSQL', () => {
    let database: TestDatabase;
    let seeder: TestPortal;
    const smtp = new SmtpReceiver();
    const servers: ServerProcess[] = [];
    const env = () => ({ DATABASE_URL: database.url!, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, OUTBOX_LEASE_SECONDS: '2' });

    before(async () => {
      database = await openTestDatabase('postgres');
      seeder = await startTestPortal({ database });
      await smtp.start();
      servers.push(...(await Promise.all([startServerProcess(env()), startServerProcess(env())])));
    });
    after(async () => {
      await Promise.all(servers.map((server) => server.stop()));
      await smtp.stop();
      await seeder.close();
      await database.close();
    });
    beforeEach(async () => {
      await seeder.reset();
      smtp.accepted.length = 0;
      smtp.seen.length = 0;
      await seedPatient(seeder);
    });

    async function passwordStep(client: HttpClient, server: ServerProcess) {
      await client.request(server.url, '/inloggen');
      const response = await client.request(server.url, '/inloggen', { form: { username: PATIENT.username, password: PATIENT.password } });
      assert.equal(response.status, 303);
    }

    /** The patient's code mail; if it does not come, the error says where it stuck. */
    async function codeMail() {
      return smtp.waitFor((m) => m.to.includes(PATIENT.email), 'accepted', 60_000).catch(async (error: unknown) => {
        const outbox = await database.db.selectFrom('outbox').select(['state', 'attempts', 'last_error', 'created_at', 'locked_until']).execute();
        const said = servers.map((server, i) => `server ${i}: ${server.output().slice(-1500)}`).join(' | ');
        throw new Error(`${String(error)}; outbox ${JSON.stringify(outbox)}; seen ${smtp.seen.length}; ${said}`);
      });
    }

    test('a code made on one process is accepted on the other; the session works on both', async () => {
      const [a, b] = servers as [ServerProcess, ServerProcess];
      const client = new HttpClient();
      await passwordStep(client, a);
      const mail = await codeMail();
      await client.request(b.url, '/sessiecode');
      const submit = await client.request(b.url, '/sessiecode', { form: { code: codeIn(mail.text) } });
      assert.equal(submit.status, 303);
      assert.equal(submit.headers.get('location'), '/start');
      assert.equal((await client.request(a.url, '/start')).status, 200);
      assert.equal((await client.request(b.url, '/start')).status, 200);
    });

    test('the same code sent to both processes at once gives exactly one session', async () => {
      const [a, b] = servers as [ServerProcess, ServerProcess];
      const client = new HttpClient();
      await passwordStep(client, a);
      const code = codeIn((await codeMail()).text);
      await client.request(a.url, '/sessiecode');
      const attempts = Array.from({ length: 6 }, (_, i) => {
        const copy = new HttpClient();
        for (const [name, value] of client.cookies) copy.cookies.set(name, value);
        copy.lastHtml = client.lastHtml;
        return copy.request(i % 2 === 0 ? a.url : b.url, '/sessiecode', { form: { code } });
      });
      const responses = await Promise.all(attempts);
      assert.ok(responses.every((response) => response.status === 303));
      const sessions = await database.db.selectFrom('sessions').select('id').execute();
      assert.equal(sessions.length, 1);
    });

    test('a process killed with SIGKILL while sending loses no mail; a resend keeps the Message-ID', async () => {
      const victim = await startServerProcess({ ...env(), OUTBOX_POLL_MS: '60000' });
      smtp.hold = true;
      const client = new HttpClient();
      await passwordStep(client, victim);
      const held = await smtp.waitFor((m) => m.to.includes(PATIENT.email), 'seen');
      victim.child.kill('SIGKILL');
      await victim.stop();
      smtp.releaseAll();
      // Another process takes the message over once the dead one's lease (2 s here) has run out.
      await eventually(async () => (await database.db.selectFrom('outbox').select('state').executeTakeFirstOrThrow()).state === 'sent', 20_000);
      const final = await database.db.selectFrom('outbox').select(['state', 'attempts']).executeTakeFirstOrThrow();
      assert.ok(final.attempts >= 2, 'sent again by another process');
      assert.ok(smtp.accepted.length >= 1);
      // The dead process may have had its copy accepted without recording it: then the mail
      // arrives twice, and both copies carry the same Message-ID.
      for (const copy of smtp.accepted) assert.equal(copy.messageId, held.messageId);
    });

    test('dropped database connections (pg_terminate_backend) heal; no half-written sign-in', async () => {
      const [a] = servers as [ServerProcess];
      const admin = new pg.Client({ connectionString: process.env['TEST_DATABASE_URL'] });
      await admin.connect();
      const databaseName = new URL(database.url!).pathname.slice(1);
      const terminate = () =>
        admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [databaseName]);
      try {
        const client = new HttpClient();
        await client.request(a.url, '/inloggen');
        const [during] = await Promise.all([
          client.request(a.url, '/inloggen', { form: { username: PATIENT.username, password: PATIENT.password } }),
          new Promise((resolve) => setTimeout(resolve, 5)).then(terminate),
        ]);
        assert.ok(during.status === 303 || during.status === 500, `got ${during.status}`);
        await terminate();
        // The next login on the same process works: the pool replaced the dead connections.
        const again = new HttpClient();
        let status = 0;
        for (let i = 0; i < 5 && status !== 303; i += 1) {
          await again.request(a.url, '/inloggen');
          status = (await again.request(a.url, '/inloggen', { form: { username: PATIENT.username, password: PATIENT.password } })).status;
        }
        assert.equal(status, 303);
        // Every sign-in that exists has its code and its mail: the transaction was all or nothing.
        const orphans = await database.db
          .selectFrom('sign_in_attempts')
          .leftJoin('session_codes', 'session_codes.attempt_id', 'sign_in_attempts.id')
          .leftJoin('outbox', 'outbox.session_code_id', 'session_codes.id')
          .select('sign_in_attempts.id')
          .where((eb) => eb.or([eb('session_codes.id', 'is', null), eb('outbox.id', 'is', null)]))
          .execute();
        assert.equal(orphans.length, 0);
      } finally {
        await admin.end();
      }
    });
  });
}
