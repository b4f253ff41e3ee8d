import type { FastifyInstance } from 'fastify';
import type { Db } from '../storage/database.ts';
import { findPracticeById } from '../practices/practice.repository.ts';
import { sendPage } from '../http/render.tsx';
import { pageContext } from '../http/plumbing.tsx';
import { STAFF_DOOR } from '../auth/sign-in.routes.tsx';
import { ConsoleLayout } from './views/console-layout.tsx';
import { can } from './permissions.ts';

/** The console's start page: who is logged in, for which practice, and where to go. */
export function registerConsoleRoutes(app: FastifyInstance, deps: { db: Db }): void {
  app.get(STAFF_DOOR.home, { config: { audience: 'staff', permission: 'console.home' } }, async (request, reply) => {
    const account = request.signedIn!.account;
    const actor = request.staff!;
    const practice = account.practiceId === null ? undefined : await findPracticeById(deps.db, account.practiceId);
    const t = request.t;
    return sendPage(
      reply,
      <ConsoleLayout ctx={pageContext(request)} actor={actor} title={t['console.title']}>
        <h1>{t['console.title']}</h1>
        <p>{t['console.greeting']({ name: account.displayName })}</p>
        {practice === undefined ? <p>{t['console.support']}</p> : <p>{t['console.practice']({ practice: practice.name })}</p>}
        {can(actor, 'patients.read') && (
          <form method="get" action="/praktijk/patienten" class="form" role="search">
            <div class="field">
              <label for="zoek">{t['patients.search']}</label>
              <input id="zoek" name="q" type="search" autocomplete="off" />
            </div>
            <button type="submit" class="button">
              {t['patients.searchButton']}
            </button>
          </form>
        )}
        <p>{t['console.helpIntro']}</p>
      </ConsoleLayout>,
    );
  });
}
