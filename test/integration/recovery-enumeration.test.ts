/**
 * "Wachtwoord vergeten?" must not tell who has an account: the same page, message and status
 * for a known and an unknown username or e-mail address, about the same response time, and no
 * e-mail for an unknown one. PGlite always, PostgreSQL with TEST_DATABASE_URL.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { databaseKinds } from '../support/database.ts';
import { ManualClock, PATIENT, mailSettled, seedPatient, usePortal, type TestPortal } from '../support/portal.ts';
import { TestClient, messageIds } from '../support/http-client.ts';

const START = '2026-11-26T10:50:00Z';

/** Rounds of the timing test; each measures one known and one unknown request. */
const ROUNDS = 60;

/**
 * How far apart the two medians may be at most. The answer is built the same way for both, so
 * only noise separates them (hundredths of a millisecond on a quiet machine, more on a busy
 * two-core one). The bound used is the smaller of this and half the extra work a known account
 * causes after the answer (measured in the test): an answer that waited for that work, or ran
 * alongside it, would differ by about all of it and fail, however fast the machine.
 */
const BOUND_MS = 2;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

for (const kind of databaseKinds()) {
  describe(`Wachtwoord vergeten? tells nothing about accounts (${kind})`, () => {
    const clock = new ManualClock(START);
    const suite = usePortal(kind, { clock });
    const db = () => suite.database.db;

    before(async () => {
      await seedPatient(suite.portal);
    });

    /** One request as a browser sends it, from `ip`, timed from sending to the full answer. */
    async function ask(portal: TestPortal, client: TestClient, identifier: string, ip: string): Promise<{ response: LightMyRequestResponse; ms: number }> {
      const started = process.hrtime.bigint();
      const response = await portal.app.inject({
        method: 'POST',
        url: '/wachtwoord-vergeten',
        remoteAddress: ip,
        headers: { cookie: [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; '), 'content-type': 'application/x-www-form-urlencoded', origin: 'http://portal.test' },
        payload: new URLSearchParams({ _csrf: client.csrfToken(), identifier }).toString(),
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      return { response, ms };
    }

    test('the same page, status and message for known and unknown accounts, and mail only for the known one', async () => {
      await suite.portal.reset();
      await seedPatient(suite.portal);
      const client = new TestClient(suite.portal.app);
      await client.get('/wachtwoord-vergeten');
      const pairs = [
        [PATIENT.username, 'niemand'],
        [PATIENT.email, 'niemand@example.nl'],
        [PATIENT.username.toUpperCase(), 'NIEMAND'],
      ] as const;
      for (const [index, [known, unknown]] of pairs.entries()) {
        const a = await ask(suite.portal, client, known, `192.0.2.${index * 2 + 1}`);
        const b = await ask(suite.portal, client, unknown, `192.0.2.${index * 2 + 2}`);
        assert.equal(a.response.statusCode, 200);
        assert.equal(b.response.statusCode, a.response.statusCode, `${known} / ${unknown}: the same status`);
        assert.deepEqual(messageIds(b.response.body), messageIds(a.response.body));
        assert.ok(messageIds(a.response.body).includes('forgot.sent'));
        assert.equal(b.response.body, a.response.body, `${known} / ${unknown}: the same page, byte for byte`);
        assert.deepEqual(
          [a.response.headers['content-type'], a.response.headers['content-length']],
          [b.response.headers['content-type'], b.response.headers['content-length']],
        );
        clock.advanceSeconds(21 * 60);
      }
      await suite.portal.background.idle();
      await mailSettled(suite.portal);
      const recipients = (await db().selectFrom('outbox').select(['to_address', 'template']).execute()).map((row) => `${row.template}:${row.to_address}`);
      assert.deepEqual(recipients, Array(pairs.length).fill(`recovery:${PATIENT.email}`), 'a recovery e-mail for each known request, nothing else');
      assert.equal(suite.portal.mailsTo(PATIENT.email).length, pairs.length);
      assert.equal(suite.portal.mailsTo('niemand@example.nl').length, 0, 'no e-mail for an unknown account');
      assert.equal(suite.portal.mailbox.list().length, pairs.length);
      const requested = await db().selectFrom('audit_events').select('subject_account_id').where('action', '=', 'account.recovery_requested').execute();
      assert.equal(requested.length, pairs.length);
    });

    test('about the same response time for a known and an unknown account: the answer does not wait for the lookup or the e-mail', async () => {
      await suite.portal.reset();
      await seedPatient(suite.portal);
      const client = new TestClient(suite.portal.app);
      await client.get('/wachtwoord-vergeten');
      const known: number[] = [];
      const unknown: number[] = [];
      const knownWork: number[] = [];
      const unknownWork: number[] = [];
      let address = 0;
      const nextIp = () => {
        address += 1;
        return `10.${Math.floor(address / 250)}.${address % 250}.1`;
      };
      /** One request; then the background work is timed to its end and the mail left to settle. */
      const measure = async (identifier: string, into: number[], workInto: number[]) => {
        const started = process.hrtime.bigint();
        const { response, ms } = await ask(suite.portal, client, identifier, nextIp());
        assert.equal(response.statusCode, 200);
        await suite.portal.background.idle();
        workInto.push(Number(process.hrtime.bigint() - started) / 1e6);
        into.push(ms);
        // Neither the worker sending the previous e-mail nor the previous lookup may run into the
        // next measurement: each request is timed on a quiet portal.
        await mailSettled(suite.portal);
      };

      // Warm-up (first renders, first queries, JIT), not measured.
      for (let i = 0; i < 5; i += 1) {
        await measure(PATIENT.username, [], []);
        await measure('niemand', [], []);
        clock.advanceSeconds(21 * 60);
      }
      for (let round = 0; round < ROUNDS; round += 1) {
        // Every request comes from another address and the clock moves 21 minutes a round, so
        // neither the per-address limit (10 an hour) nor the account's (3 e-mails an hour) is
        // reached: every known request does the whole recovery, link and e-mail included.
        // Alternating which goes first cancels any drift of the machine's speed.
        if (round % 2 === 0) {
          await measure(PATIENT.username, known, knownWork);
          await measure('niemand', unknown, unknownWork);
        } else {
          await measure('niemand', unknown, unknownWork);
          await measure(PATIENT.username, known, knownWork);
        }
        clock.advanceSeconds(21 * 60);
      }

      const medianKnown = median(known);
      const medianUnknown = median(unknown);
      const difference = medianKnown - medianUnknown;
      const extraWork = median(knownWork) - median(unknownWork);
      const bound = Math.min(BOUND_MS, extraWork / 2);
      console.log(
        `[${kind}] forgot-password answer, median of ${ROUNDS}: known ${medianKnown.toFixed(2)} ms, unknown ${medianUnknown.toFixed(2)} ms, ` +
          `difference ${difference.toFixed(2)} ms, bound ${bound.toFixed(2)} ms; answer and the work after it: ` +
          `known ${median(knownWork).toFixed(2)} ms, unknown ${median(unknownWork).toFixed(2)} ms`,
      );
      const links = await db().selectFrom('account_links').select('id').where('purpose', '=', 'recovery').execute();
      assert.equal(links.length, ROUNDS + 5, 'every known request made a link: the whole work was measured');
      assert.ok(extraWork > 0.5, `a known account costs measurably more work after the answer (${extraWork.toFixed(2)} ms), so the bound can tell`);
      assert.ok(
        Math.abs(difference) < bound,
        `the medians differ by ${difference.toFixed(2)} ms (known ${medianKnown.toFixed(2)}, unknown ${medianUnknown.toFixed(2)}), bound ${bound.toFixed(2)} ms`,
      );
    });
  });
}
