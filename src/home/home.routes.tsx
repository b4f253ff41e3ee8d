import type { FastifyInstance } from 'fastify';
import type { Db } from '../storage/database.ts';
import type { Clock } from '../security/clock.ts';
import { findPracticeById } from '../practices/practice.repository.ts';
import { readPracticeSettings, telHref } from '../practices/practice-settings.ts';
import { PATIENT_SERVICES } from '../services/registry.ts';
import { plainMessage } from '../i18n/messages.ts';
import { sendPage } from '../http/render.tsx';
import { Layout } from '../http/views/layout.tsx';
import { pageContext } from '../http/plumbing.tsx';
import { PATIENT_DOOR } from '../auth/sign-in.routes.tsx';

/**
 * The patient's start page after logging in: the practice (opening hours, phone, what to do in an
 * emergency) and the online services the practice offers, each with what is waiting in it.
 */
export function registerHomeRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock; sessionCookie: string }): void {
  app.get('/', { config: { audience: 'public' } }, async (request, reply) =>
    reply.redirect(request.cookies[deps.sessionCookie] === undefined ? PATIENT_DOOR.login : PATIENT_DOOR.home, 303),
  );

  app.get(PATIENT_DOOR.home, { config: { audience: 'patient' } }, async (request, reply) => {
    const account = request.signedIn!.account;
    const t = request.t;
    const practiceId = account.practiceId;
    const [practice, settings] = practiceId === null ? [undefined, undefined] : await Promise.all([findPracticeById(deps.db, practiceId), readPracticeSettings(deps.db, practiceId)]);
    // A service is listed when the practice offers it, and also when it is switched off but
    // something in it still waits for the patient (an answer, a ready prescription): the news
    // mail sent them here, and the record stays readable.
    const context = { accountId: account.id, now: deps.clock.now(), t, locale: request.locale };
    const listed =
      practiceId === null || settings === undefined
        ? []
        : (await Promise.all(PATIENT_SERVICES.map(async (service) => ({ service, lines: await service.status(deps.db, { ...context, practiceId }) })))).filter(
            ({ service, lines }) => settings.services[service.key] || lines.length > 0,
          );
    return sendPage(
      reply,
      <Layout ctx={pageContext(request)} title={t['home.title']}>
        <h1>{t['home.greeting']({ name: account.displayName })}</h1>
        {practice !== undefined && <p>{t['home.practice']({ practice: practice.name })}</p>}

        <h2>{t['home.services']}</h2>
        {listed.length === 0 ? (
          <p data-message-id="home.noServices">{t['home.noServices']}</p>
        ) : (
          <>
            <p class="hint">{t['home.notUrgent']}</p>
            <ul class="services">
              {listed.map(({ service, lines }) => (
                <li class="service" data-service={service.key}>
                  <h3>
                    <a href={service.path}>{plainMessage(t, service.titleId)}</a>
                  </h3>
                  <p>{plainMessage(t, service.descriptionId)}</p>
                  {lines.length === 0 ? (
                    <p data-message-id="home.nothingWaiting">{t['home.nothingWaiting']}</p>
                  ) : (
                    lines.map((line) => (
                      <p class="service__status" data-message-id={line.id}>
                        {line.text}
                      </p>
                    ))
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
        <p>
          <a href="/account">{t['home.myAccount']}</a>
        </p>

        <section class="emergency" aria-labelledby="spoed">
          <h2 id="spoed">{t['home.emergencyTitle']}</h2>
          <p>
            <strong>{t['home.emergency112']}</strong>
          </p>
          {settings?.phone !== null && settings?.phone !== undefined && (
            <p>
              {t['home.emergencyDay']} <a href={telHref(settings.phone)}>{settings.phone}</a>
            </p>
          )}
          {settings?.afterHoursPhone !== null && settings?.afterHoursPhone !== undefined ? (
            <p>
              {t['home.emergencyNight']} <a href={telHref(settings.afterHoursPhone)}>{settings.afterHoursPhone}</a>
            </p>
          ) : (
            <p>{t['home.emergencyNightUnknown']}</p>
          )}
        </section>

        {practice !== undefined && settings !== undefined && (
          <>
            <h2>{t['home.practiceTitle']}</h2>
            <dl class="facts">
              <dt>{t['home.practiceName']}</dt>
              <dd>{practice.name}</dd>
              {settings.phone !== null && (
                <>
                  <dt>{t['home.phone']}</dt>
                  <dd>
                    <a href={telHref(settings.phone)}>{settings.phone}</a>
                  </dd>
                </>
              )}
              {settings.openingHours !== '' && (
                <>
                  <dt>{t['home.openingHours']}</dt>
                  <dd class="opening-hours">{settings.openingHours}</dd>
                </>
              )}
            </dl>
          </>
        )}
      </Layout>,
    );
  });
}
