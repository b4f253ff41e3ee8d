import type { FastifyInstance } from 'fastify';
import type { Db } from '../storage/database.ts';
import { findPracticeById } from '../practices/practice.repository.ts';
import { sendPage } from '../http/render.tsx';
import { Layout } from '../http/views/layout.tsx';
import { pageContext } from '../http/plumbing.tsx';
import { PATIENT_DOOR } from '../auth/sign-in.routes.tsx';

/** The patient's start page after logging in. The online services arrive here later. */
export function registerHomeRoutes(app: FastifyInstance, deps: { db: Db; sessionCookie: string }): void {
  app.get('/', { config: { audience: 'public' } }, async (request, reply) =>
    reply.redirect(request.cookies[deps.sessionCookie] === undefined ? PATIENT_DOOR.login : PATIENT_DOOR.home, 303),
  );

  app.get(PATIENT_DOOR.home, { config: { audience: 'patient' } }, async (request, reply) => {
    const account = request.signedIn!.account;
    const practice = account.practiceId === null ? undefined : await findPracticeById(deps.db, account.practiceId);
    const t = request.t;
    return sendPage(
      reply,
      <Layout ctx={pageContext(request, PATIENT_DOOR.logout)} title={t['home.title']}>
        <h1>{t['home.greeting']({ name: account.displayName })}</h1>
        {practice !== undefined && <p>{t['home.practice']({ practice: practice.name })}</p>}
        {practice?.phone !== null && practice?.phone !== undefined && (
          <p>
            <a href={`tel:${practice.phone.replace(/[^0-9+]/g, '')}`}>{practice.phone}</a>
          </p>
        )}
        <p>{t['home.servicesSoon']}</p>
        <p>
          <a href="/account">{t['home.myAccount']}</a>
        </p>
        <p class="message message--warning">{t['home.emergency']}</p>
      </Layout>,
    );
  });
}
