import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/database.ts';
import { PATIENT, codeFrom, eventually, seedPatient, usePortal } from '../support/portal.ts';
import { TestClient, messageIds } from '../support/http-client.ts';
import { smtpTransport, MailSendError, type MailTransport } from '../../src/mail/transport.ts';

/** A relay that can be switched between up, down (connection refused) and rejecting (550). */
class SwitchableRelay {
  mode: 'up' | 'down' | 'reject' = 'up';
  inner: MailTransport | undefined;
  readonly transport: MailTransport = {
    send: async (message) => {
      if (this.mode === 'down') throw new MailSendError('connect ECONNREFUSED 127.0.0.1:25', false, null);
      if (this.mode === 'reject') throw new MailSendError('550 5.2.2 mailbox full', true, 550);
      return this.inner!.send(message);
    },
    verify: async () => this.mode === 'up',
    close: () => this.inner?.close(),
  };
}

for (const kind of databaseKinds()) {
  describe(`mail delivery as the patient sees it (${kind})`, () => {
    const relay = new SwitchableRelay();

    const suite = usePortal(kind, {
      transport: (mailbox) => {
        relay.inner = smtpTransport(mailbox.smtpUrl);
        return relay.transport;
      },
    });

    beforeEach(async () => {
      relay.mode = 'up';
      await suite.portal.reset();
      await seedPatient(suite.portal);
    });

    async function pageShows(client: TestClient, id: string) {
      await eventually(async () => messageIds((await client.get('/sessiecode')).body).includes(id));
    }

    test('with the mail server down the page says the mail is delayed; nothing is lost when it returns', async () => {
      relay.mode = 'down';
      const client = new TestClient(suite.portal.app);
      await client.get('/inloggen');
      await client.post('/inloggen', { username: PATIENT.username, password: PATIENT.password });
      await pageShows(client, 'code.delivery.retrying');
      assert.equal(suite.portal.mailsTo(PATIENT.email).length, 0);
      relay.mode = 'up';
      // The retry is due after 5 s of backoff; make it due now rather than sleeping.
      await suite.database.db.updateTable('outbox').set({ next_attempt_at: new Date(0) }).execute();
      suite.portal.worker.wake();
      const mail = await suite.portal.nextMail(PATIENT.email, { after: 0 });
      await pageShows(client, 'code.delivery.sent');
      const ok = await client.post('/sessiecode', { code: codeFrom(mail) });
      assert.equal(ok.statusCode, 303);
    });

    test('a permanent refusal (550) is shown with what to do, recorded, and not retried', async () => {
      relay.mode = 'reject';
      const client = new TestClient(suite.portal.app);
      await client.get('/inloggen');
      await client.post('/inloggen', { username: PATIENT.username, password: PATIENT.password });
      await pageShows(client, 'code.delivery.failed');
      const row = await suite.database.db.selectFrom('outbox').select(['state', 'attempts', 'last_error']).executeTakeFirstOrThrow();
      assert.equal(row.state, 'failed');
      assert.equal(row.attempts, 1);
      assert.match(row.last_error ?? '', /550/);
      const audit = await suite.database.db.selectFrom('audit_events').select('action').where('action', '=', 'mail.failed').execute();
      assert.equal(audit.length, 1);
    });
  });
}
