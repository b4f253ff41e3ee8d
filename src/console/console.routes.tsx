import type { FastifyInstance } from 'fastify';
import type { Db } from '../storage/database.ts';
import { findPracticeById } from '../practices/practice.repository.ts';
import { sendPage } from '../http/render.tsx';
import { Layout } from '../http/views/layout.tsx';
import { pageContext } from '../http/plumbing.tsx';
import { STAFF_DOOR } from '../auth/sign-in.routes.tsx';

/** The practice console's start page. Patients, diagnosis and audit arrive with the console issue. */
export function registerConsoleRoutes(app: FastifyInstance, deps: { db: Db }): void {
  app.get(STAFF_DOOR.home, { config: { audience: 'staff', permission: 'console.home' } }, async (request, reply) => {
    const account = request.signedIn!.account;
    const practice = account.practiceId === null ? undefined : await findPracticeById(deps.db, account.practiceId);
    const t = request.t;
    return sendPage(
      reply,
      <Layout ctx={pageContext(request, STAFF_DOOR.logout)} title={t['console.title']}>
        <h1>{t['console.title']}</h1>
        <p>{t['console.greeting']({ name: account.displayName })}</p>
        {practice === undefined ? <p>{t['console.support']}</p> : <p>{t['console.practice']({ practice: practice.name })}</p>}
      </Layout>,
    );
  });
}
