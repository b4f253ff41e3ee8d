import type { FastifyInstance } from 'fastify';
import { sendPage } from '../http/render.tsx';
import { Layout } from '../http/views/layout.tsx';
import { pageContext } from '../http/plumbing.tsx';
import type { DevMailbox } from './dev-mailbox.ts';

const timeFormat = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** `/dev/mailbox`: the development mailbox as a page. Never registered in production. */
export function registerDevMailboxRoutes(app: FastifyInstance, mailbox: DevMailbox): void {
  app.get('/dev/mailbox', { config: { audience: 'development' } }, async (request, reply) => {
    const t = request.t;
    const messages = mailbox.list();
    return sendPage(
      reply,
      <Layout ctx={pageContext(request)} title={t['devMailbox.title']} wide>
        <h1>{t['devMailbox.title']}</h1>
        <p>{t['devMailbox.intro']}</p>
        <p>
          <a href="/dev/mailbox">{t['devMailbox.refresh']}</a>
        </p>
        {messages.length === 0 ? (
          <p>{t['devMailbox.empty']}</p>
        ) : (
          <ol class="mailbox" reversed>
            {messages.map((mail) => (
              <li class="mailbox__item">
                <article aria-labelledby={`mail-${mail.id}`}>
                  <h2 id={`mail-${mail.id}`} class="mailbox__subject">
                    {mail.subject}
                  </h2>
                  <p class="mailbox__meta">
                    {timeFormat.format(mail.receivedAt)} · {mail.to}
                  </p>
                  <pre class="mailbox__text">{mail.text}</pre>
                </article>
              </li>
            ))}
          </ol>
        )}
      </Layout>,
    );
  });
}
