/**
 * The patient's appointment pages: their appointments (`/afspraken`), choosing a free time, the
 * confirm step, and cancelling. Every route is scoped by the patient's own account and practice;
 * another patient's appointment answers 404. The practice can switch the service off: then
 * choosing and booking a time answer 404, and seeing and cancelling what is booked still work.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { sendPage } from '../../http/render.tsx';
import { CsrfField, ErrorMessage, Layout, Notice } from '../../http/views/layout.tsx';
import { ErrorSummary, TextField } from '../../http/views/form.tsx';
import { formField, pageContext } from '../../http/plumbing.tsx';
import { formatTime, type Locale } from '../../i18n/locale.ts';
import type { MessageId, Messages } from '../../i18n/messages.ts';
import { PATIENT_DOOR } from '../../auth/sign-in.routes.tsx';
import { telHref } from '../../practices/practice-settings.ts';
import { formatDay, amsterdamDate } from './amsterdam-time.ts';
import { MAX_UPCOMING_PER_PATIENT, REASON_MAX, cancelDeadline } from './appointment-rules.ts';
import {
  bookSlot,
  cancelByPatient,
  readFreeSlot,
  readFreeSlots,
  readPatientAppointment,
  readPatientOverview,
  slotExists,
  type Actor,
  type AppointmentDeps,
  type FreeSlot,
  type FreeSlotList,
  type PatientAppointment,
} from './appointments.ts';
import { APPOINTMENTS_PATH } from './appointments.service.ts';
import { noticeFor } from '../services.ts';
import { registerAppointmentConsoleRoutes } from './appointments-console.routes.tsx';

const CHOOSE_PATH = `${APPOINTMENTS_PATH}/maken`;
const CONFIRM_PATH = `${APPOINTMENTS_PATH}/maken/bevestigen`;
const cancelPath = (id: string) => `${APPOINTMENTS_PATH}/${id}/afzeggen`;

// With the service off the patient still sees and cancels their appointments (cancelling frees a
// time, it books nothing), but choosing and booking a time answer 404.
const PATIENT_EXISTING_ROUTE = { audience: 'patient', service: 'appointments', serviceOff: 'open' } as const;
const PATIENT_NEW_ROUTE = { audience: 'patient', service: 'appointments', serviceOff: 'closed' } as const;

const NOTICES: Record<string, MessageId> = {
  gemaakt: 'appointments.notice.booked',
  afgezegd: 'appointments.notice.cancelled',
};

function patientOf(request: FastifyRequest): Actor {
  const account = request.signedIn!.account;
  // The service guard answered 404 already for an account without a practice.
  return { accountId: account.id, practiceId: account.practiceId!, client: request.client };
}

function when(t: Messages, locale: Locale, at: Date): string {
  return t['appointments.when']({ day: formatDay(at, locale), time: formatTime(at) });
}

function CallToCancel(props: { t: Messages; phone: string | null }) {
  const { t, phone } = props;
  return (
    <p data-message-id="appointments.callToCancel">
      {t['appointments.callToCancel']}
      {phone !== null && (
        <>
          {' '}
          {t['home.phone']}: <a href={telHref(phone)}>{phone}</a>
        </>
      )}
    </p>
  );
}

function AppointmentCard(props: { t: Messages; locale: Locale; item: PatientAppointment; children?: ComponentChildren }) {
  const { t, locale, item } = props;
  return (
    <li class="appointment">
      <p class="appointment__when">
        <strong>{when(t, locale, item.startsAt)}</strong>
      </p>
      <p>{t['appointments.with']({ doctor: item.doctorName })}</p>
      {item.reason !== null && <p>{t['appointments.reason']({ reason: item.reason })}</p>}
      {props.children}
    </li>
  );
}

export function registerAppointmentRoutes(app: FastifyInstance, deps: AppointmentDeps): void {
  registerAppointmentConsoleRoutes(app, deps);

  app.get(APPOINTMENTS_PATH, { config: PATIENT_EXISTING_ROUTE }, async (request, reply) => {
    const t = request.t;
    const locale = request.locale;
    const overview = await readPatientOverview(deps, patientOf(request));
    const noticeId = noticeFor(NOTICES, (request.query as Record<string, unknown>)['melding']);
    return sendPage(
      reply,
      <Layout ctx={pageContext(request, PATIENT_DOOR.logout)} title={t['appointments.title']}>
        <h1>{t['appointments.title']}</h1>
        {noticeId !== undefined && (
          <Notice messageId={noticeId} tone="success">
            {t[noticeId] as string}
          </Notice>
        )}
        {overview.upcoming.length === 0 ? (
          <p data-message-id="appointments.none">{t['appointments.none']}</p>
        ) : (
          <ul class="appointments">
            {overview.upcoming.map((item) => {
              const deadline = cancelDeadline(item.startsAt, overview.cancelWindowHours);
              return (
                <AppointmentCard t={t} locale={locale} item={item}>
                  {item.mayCancel ? (
                    <>
                      <p class="hint" data-message-id="appointments.cancelUntil">
                        {t['appointments.cancelUntil']({ day: formatDay(deadline, locale), time: formatTime(deadline) })}
                      </p>
                      <form method="get" action={cancelPath(item.id)}>
                        <button type="submit" class="button button--secondary" aria-label={`${t['appointments.cancel']}: ${when(t, locale, item.startsAt)}`}>
                          {t['appointments.cancel']}
                        </button>
                      </form>
                    </>
                  ) : (
                    <CallToCancel t={t} phone={overview.practicePhone} />
                  )}
                </AppointmentCard>
              );
            })}
          </ul>
        )}
        {request.serviceOn ? (
          <p>
            <a class="button" href={CHOOSE_PATH}>
              {t['appointments.make']}
            </a>
          </p>
        ) : (
          // Off: the appointments made can still be seen and cancelled, no new one made online.
          <Notice messageId="service.off">{t['service.off']}</Notice>
        )}
        {overview.cancelledByPractice.length > 0 && (
          <>
            <h2>{t['appointments.cancelledTitle']}</h2>
            <ul class="appointments">
              {overview.cancelledByPractice.map((item) => (
                <AppointmentCard t={t} locale={locale} item={item}>
                  <p data-message-id="appointments.cancelledByPractice">
                    {t['appointments.cancelledByPractice']}
                  </p>
                </AppointmentCard>
              ))}
            </ul>
          </>
        )}
        <p>
          <a href={PATIENT_DOOR.home}>{t['account.back']}</a>
        </p>
      </Layout>,
    );
  });

  const renderChoose = (request: FastifyRequest, reply: FastifyReply, list: FreeSlotList, problem?: { id: MessageId; status: number }) => {
    const t = request.t;
    const locale = request.locale;
    // Grouped by day, then by doctor, in the order of time.
    const days = new Map<string, Map<string, FreeSlot[]>>();
    for (const slot of list.slots) {
      const day = amsterdamDate(slot.startsAt);
      const doctors = days.get(day) ?? new Map<string, FreeSlot[]>();
      days.set(day, doctors);
      doctors.set(slot.doctorName, [...(doctors.get(slot.doctorName) ?? []), slot]);
    }
    return sendPage(
      reply,
      <Layout ctx={pageContext(request, PATIENT_DOOR.logout)} title={t['appointments.choose.title']}>
        <h1>{t['appointments.choose.title']}</h1>
        {problem !== undefined && (
          <ErrorMessage id="afspraak-fout" messageId={problem.id}>
            {t[problem.id] as string}
          </ErrorMessage>
        )}
        {list.atLimit ? (
          <Notice messageId="appointments.limit" tone="warning">
            {t['appointments.limit']({ max: String(MAX_UPCOMING_PER_PATIENT) })}
          </Notice>
        ) : list.slots.length === 0 ? (
          <p data-message-id="appointments.choose.none">{t['appointments.choose.none']}</p>
        ) : (
          <>
            <p>{t['appointments.choose.intro']}</p>
            <form method="get" action={CONFIRM_PATH} class="slot-days">
              {[...days].map(([day, doctors]) => {
                const dayText = formatDay(doctors.values().next().value![0]!.startsAt, locale);
                return (
                  <section class="slot-day" aria-labelledby={`dag-${day}`}>
                    <h2 id={`dag-${day}`}>{dayText}</h2>
                    {[...doctors].map(([doctor, slots]) => (
                      <>
                        <h3>{doctor}</h3>
                        <ul class="slot-list">
                          {slots.map((slot) => (
                            <li>
                              <button
                                type="submit"
                                name="tijd"
                                value={slot.id}
                                class="button button--secondary slot-button"
                                aria-label={t['appointments.choose.slot']({ time: formatTime(slot.startsAt), day: dayText, doctor })}
                              >
                                {formatTime(slot.startsAt)}
                              </button>
                            </li>
                          ))}
                        </ul>
                      </>
                    ))}
                  </section>
                );
              })}
            </form>
          </>
        )}
        <p>
          <a href={APPOINTMENTS_PATH}>{t['appointments.choose.back']}</a>
        </p>
      </Layout>,
      problem?.status ?? 200,
    );
  };

  app.get(CHOOSE_PATH, { config: PATIENT_NEW_ROUTE }, async (request, reply) => renderChoose(request, reply, await readFreeSlots(deps, patientOf(request))));

  const renderConfirm = (request: FastifyRequest, reply: FastifyReply, slot: FreeSlot, state: { reason?: string; error?: MessageId } = {}) => {
    const t = request.t;
    const locale = request.locale;
    const error = state.error === undefined ? undefined : { id: state.error, text: t[state.error] as string };
    return sendPage(
      reply,
      <Layout ctx={pageContext(request, PATIENT_DOOR.logout)} title={t['appointments.confirm.title']}>
        <h1>{t['appointments.confirm.title']}</h1>
        <ErrorSummary title={t['layout.errorSummary']} errors={error === undefined ? [] : [{ fieldId: 'reden', error }]} />
        <p>{t['appointments.confirm.intro']}</p>
        <dl class="facts">
          <dt>{t['appointments.confirm.day']}</dt>
          <dd>{formatDay(slot.startsAt, locale)}</dd>
          <dt>{t['appointments.confirm.time']}</dt>
          <dd>{formatTime(slot.startsAt)}</dd>
          <dt>{t['appointments.confirm.doctor']}</dt>
          <dd>{slot.doctorName}</dd>
        </dl>
        <form method="post" action={CONFIRM_PATH} class="form" novalidate>
          <CsrfField token={request.csrfToken} />
          <input type="hidden" name="tijd" value={slot.id} />
          <TextField
            id="reden"
            name="reden"
            autocomplete="off"
            label={t['appointments.confirm.reason']}
            hint={t['appointments.confirm.reasonHint']}
            maxLength={REASON_MAX}
            value={state.reason ?? ''}
            error={error}
          />
          <button type="submit" class="button">
            {t['appointments.confirm.submit']}
          </button>
        </form>
        <p>
          <a href={CHOOSE_PATH}>{t['appointments.confirm.other']}</a>
        </p>
      </Layout>,
      error === undefined ? 200 : 422,
    );
  };

  /** The slot is not (or no longer) free: a slot of another practice or none at all is a 404. */
  const notFree = async (request: FastifyRequest, reply: FastifyReply, slotId: string, id: MessageId) => {
    const patient = patientOf(request);
    if (!(await slotExists(deps, patient, slotId))) return reply.callNotFound();
    return renderChoose(request, reply, await readFreeSlots(deps, patient), { id, status: 409 });
  };

  app.get(CONFIRM_PATH, { config: PATIENT_NEW_ROUTE }, async (request, reply) => {
    const slotId = String((request.query as Record<string, unknown>)['tijd'] ?? '').slice(0, 64);
    const slot = await readFreeSlot(deps, patientOf(request), slotId);
    if (slot === undefined) return notFree(request, reply, slotId, 'appointments.error.unavailable');
    return renderConfirm(request, reply, slot);
  });

  app.post(CONFIRM_PATH, { config: PATIENT_NEW_ROUTE }, async (request, reply) => {
    const patient = patientOf(request);
    const slotId = formField(request.body, 'tijd', 64);
    const reason = formField(request.body, 'reden', REASON_MAX * 4);
    const result = await bookSlot(deps, patient, slotId, reason);
    switch (result.status) {
      case 'booked':
        return reply.redirect(`${APPOINTMENTS_PATH}?melding=gemaakt`, 303);
      case 'not_found':
        return reply.callNotFound();
      case 'taken':
        return notFree(request, reply, slotId, 'appointments.error.taken');
      case 'unavailable':
        return notFree(request, reply, slotId, 'appointments.error.unavailable');
      case 'limit':
        return renderChoose(request, reply, { slots: [], atLimit: true }, { id: 'appointments.limit', status: 422 });
      case 'invalid': {
        const slot = await readFreeSlot(deps, patient, slotId);
        if (slot === undefined) return notFree(request, reply, slotId, 'appointments.error.unavailable');
        return renderConfirm(request, reply, slot, { reason: reason.slice(0, REASON_MAX * 2), error: result.id });
      }
    }
  });

  const renderCancel = async (request: FastifyRequest, reply: FastifyReply, problem?: { id: MessageId; status: number }) => {
    const t = request.t;
    const locale = request.locale;
    const appointmentId = String((request.params as { appointmentId?: string }).appointmentId ?? '');
    const item = await readPatientAppointment(deps, patientOf(request), appointmentId);
    if (item === undefined) return reply.callNotFound();
    const cancelled = item.cancelledBy !== null;
    return sendPage(
      reply,
      <Layout ctx={pageContext(request, PATIENT_DOOR.logout)} title={t['appointments.cancelPage.title']}>
        <h1>{t['appointments.cancelPage.title']}</h1>
        {problem !== undefined && problem.id !== 'appointments.callToCancel' && (
          <ErrorMessage id="afzeggen-fout" messageId={problem.id}>
            {t[problem.id] as string}
          </ErrorMessage>
        )}
        <ul class="appointments">
          <AppointmentCard t={t} locale={locale} item={item} />
        </ul>
        {cancelled ? (
          problem === undefined && <p data-message-id="appointments.error.alreadyCancelled">{t['appointments.error.alreadyCancelled']}</p>
        ) : item.mayCancel ? (
          <form method="post" action={cancelPath(item.id)} class="form">
            <CsrfField token={request.csrfToken} />
            <p>
              <strong>{t['appointments.cancelPage.question']}</strong>
            </p>
            <button type="submit" class="button">
              {t['appointments.cancelPage.submit']}
            </button>
          </form>
        ) : (
          <div class="message message--warning" role={problem === undefined ? undefined : 'alert'}>
            <CallToCancel t={t} phone={item.practicePhone} />
          </div>
        )}
        <p>
          <a href={APPOINTMENTS_PATH}>{t['appointments.cancelPage.back']}</a>
        </p>
      </Layout>,
      problem?.status ?? 200,
    );
  };

  app.get(`${APPOINTMENTS_PATH}/:appointmentId/afzeggen`, { config: PATIENT_EXISTING_ROUTE }, async (request, reply) => renderCancel(request, reply));

  app.post(`${APPOINTMENTS_PATH}/:appointmentId/afzeggen`, { config: PATIENT_EXISTING_ROUTE }, async (request, reply) => {
    const appointmentId = String((request.params as { appointmentId?: string }).appointmentId ?? '');
    const result = await cancelByPatient(deps, patientOf(request), appointmentId);
    switch (result.status) {
      case 'cancelled':
        return reply.redirect(`${APPOINTMENTS_PATH}?melding=afgezegd`, 303);
      case 'not_found':
        return reply.callNotFound();
      case 'too_late':
        return renderCancel(request, reply, { id: 'appointments.callToCancel', status: 422 });
      case 'already':
        return renderCancel(request, reply, { id: 'appointments.error.alreadyCancelled', status: 409 });
    }
  });
}
