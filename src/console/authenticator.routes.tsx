/**
 * Staff set up an authenticator app as their second factor (instead of the e-mailed code). A
 * manager can require it for the whole practice in the practice settings.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderSVG } from 'uqr';
import type { Db } from '../storage/database.ts';
import type { Clock } from '../security/clock.ts';
import type { Keyring, RandomSource } from '../security/primitives.ts';
import {
  authenticatorUri,
  newAuthenticatorSecret,
  sealAuthenticatorSecret,
  unsealAuthenticatorSecret,
  verifyAuthenticatorCode,
} from '../security/authenticator.ts';
import {
  activateAuthenticator,
  findAuthenticatorState,
  practiceRequiresAuthenticator,
  recordAuthenticatorStep,
  removeAuthenticator,
  savePendingAuthenticator,
} from '../accounts/authenticator.repository.ts';
import { recordAudit } from '../audit/audit.ts';
import { sendPage } from '../http/render.tsx';
import { CsrfField, ErrorMessage, Notice } from '../http/views/layout.tsx';
import { formField, pageContext } from '../http/plumbing.tsx';
import { normalizeCodeInput } from '../auth/sign-in/code-rules.ts';
import { ConsoleLayout } from './views/console-layout.tsx';

export interface AuthenticatorRouteDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly keyring: Keyring;
}

/** `ABCD EFGH …`: easier to type into an app by hand than one long run. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

export function registerAuthenticatorRoutes(app: FastifyInstance, deps: AuthenticatorRouteDeps): void {
  const render = async (request: FastifyRequest, reply: FastifyReply, extra: { error?: boolean; notice?: 'koppeld' | 'ontkoppeld' } = {}) => {
    const actor = request.staff!;
    const account = request.signedIn!.account;
    const t = request.t;
    const state = await findAuthenticatorState(deps.db, actor.accountId);
    const required = actor.practiceId !== null && (await practiceRequiresAuthenticator(deps.db, actor.practiceId));
    let setup: { secret: string; qr: string } | undefined;
    if (state?.enabledAt === null || state === undefined) {
      let pending = state?.pendingSealed ?? null;
      if (pending === null) {
        pending = sealAuthenticatorSecret(deps.keyring, actor.accountId, newAuthenticatorSecret(deps.random));
        await savePendingAuthenticator(deps.db, actor.accountId, pending);
      }
      const secret = unsealAuthenticatorSecret(deps.keyring, actor.accountId, pending);
      const svg = renderSVG(authenticatorUri(secret, account.username), { border: 2 });
      setup = { secret, qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
    }
    return sendPage(
      reply,
      <ConsoleLayout ctx={pageContext(request)} actor={actor} title={t['authenticator.title']}>
        <h1>{t['authenticator.title']}</h1>
        {extra.notice === 'koppeld' && (
          <Notice messageId="authenticator.enabled" tone="success">
            {t['authenticator.enabled']}
          </Notice>
        )}
        {extra.notice === 'ontkoppeld' && <Notice messageId="authenticator.removed">{t['authenticator.removed']}</Notice>}
        {required && setup !== undefined && (
          <Notice messageId="authenticator.required" tone="warning">
            {t['authenticator.required']}
          </Notice>
        )}
        {extra.error === true && (
          <ErrorMessage id="app-code-fout" messageId="authenticator.wrongCode">
            {t['authenticator.wrongCode']}
          </ErrorMessage>
        )}
        {setup === undefined ? (
          <>
            <p data-message-id="authenticator.active">{t['authenticator.active']}</p>
            {!required && (
              <form method="post" action="/praktijk/authenticator/ontkoppelen" class="form" novalidate>
                <CsrfField token={request.csrfToken} />
                <div class="field">
                  <label for="app-code-weg">{t['authenticator.codeLabel']}</label>
                  <input id="app-code-weg" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" class="input--code" required />
                </div>
                <button type="submit" class="button button--secondary">
                  {t['authenticator.remove']}
                </button>
              </form>
            )}
          </>
        ) : (
          <>
            <p>{t['authenticator.intro']}</p>
            <ol>
              <li>{t['authenticator.step1']}</li>
              <li>{t['authenticator.step2']}</li>
              <li>{t['authenticator.step3']}</li>
            </ol>
            <p>
              <img src={setup.qr} width={220} height={220} alt={t['authenticator.qrAlt']} />
            </p>
            <p>
              {t['authenticator.manual']} <code class="secret">{grouped(setup.secret)}</code>
            </p>
            <form method="post" action="/praktijk/authenticator" class="form" novalidate>
              <CsrfField token={request.csrfToken} />
              <div class="field">
                <label for="app-code">{t['authenticator.codeLabel']}</label>
                <input
                  id="app-code"
                  name="code"
                  type="text"
                  inputmode="numeric"
                  autocomplete="one-time-code"
                  class="input--code"
                  required
                  aria-invalid={extra.error === true ? 'true' : undefined}
                  aria-describedby={extra.error === true ? 'app-code-fout' : undefined}
                />
              </div>
              <button type="submit" class="button">
                {t['authenticator.confirm']}
              </button>
            </form>
          </>
        )}
      </ConsoleLayout>,
      extra.error === true ? 422 : 200,
    );
  };

  app.get('/praktijk/authenticator', { config: { audience: 'staff', permission: 'console.authenticator' } }, async (request, reply) => {
    const notice = String((request.query as Record<string, unknown>)['melding'] ?? '');
    return render(request, reply, notice === 'koppeld' || notice === 'ontkoppeld' ? { notice } : {});
  });

  app.post('/praktijk/authenticator', { config: { audience: 'staff', permission: 'console.authenticator' } }, async (request, reply) => {
    const actor = request.staff!;
    const state = await findAuthenticatorState(deps.db, actor.accountId);
    const normalized = normalizeCodeInput(formField(request.body, 'code', 40));
    if (state?.pendingSealed === null || state === undefined || normalized.kind !== 'code') return render(request, reply, { error: true });
    const secret = unsealAuthenticatorSecret(deps.keyring, actor.accountId, state.pendingSealed);
    const now = deps.clock.now();
    const step = verifyAuthenticatorCode(secret, normalized.code, now, null);
    if (step === null) return render(request, reply, { error: true });
    const activated = await deps.db.transaction().execute(async (tx) => {
      // Guarded: only the secret this code was checked against becomes active.
      if (!(await activateAuthenticator(tx, actor.accountId, state.pendingSealed!, step, now))) return false;
      await recordAudit(tx, now, {
        action: 'account.authenticator_enabled',
        outcome: 'success',
        practiceId: actor.practiceId,
        actorAccountId: actor.accountId,
        subjectAccountId: actor.accountId,
        client: request.client,
      });
      return true;
    });
    if (!activated) return render(request, reply, { error: true });
    return reply.redirect('/praktijk/authenticator?melding=koppeld', 303);
  });

  app.post('/praktijk/authenticator/ontkoppelen', { config: { audience: 'staff', permission: 'console.authenticator' } }, async (request, reply) => {
    const actor = request.staff!;
    if (actor.practiceId !== null && (await practiceRequiresAuthenticator(deps.db, actor.practiceId))) return reply.redirect('/praktijk/authenticator', 303);
    // Removing the second factor needs the second factor: a session left open is not enough.
    const state = await findAuthenticatorState(deps.db, actor.accountId);
    const normalized = normalizeCodeInput(formField(request.body, 'code', 40));
    if (state?.secretSealed === null || state === undefined || normalized.kind !== 'code') return render(request, reply, { error: true });
    const step = verifyAuthenticatorCode(unsealAuthenticatorSecret(deps.keyring, actor.accountId, state.secretSealed), normalized.code, deps.clock.now(), state.lastStep);
    if (step === null || !(await recordAuthenticatorStep(deps.db, actor.accountId, step))) return render(request, reply, { error: true });
    await deps.db.transaction().execute(async (tx) => {
      await removeAuthenticator(tx, actor.accountId);
      await recordAudit(tx, deps.clock.now(), {
        action: 'account.authenticator_removed',
        outcome: 'success',
        practiceId: actor.practiceId,
        actorAccountId: actor.accountId,
        subjectAccountId: actor.accountId,
        client: request.client,
      });
    });
    return reply.redirect('/praktijk/authenticator?melding=ontkoppeld', 303);
  });
}
