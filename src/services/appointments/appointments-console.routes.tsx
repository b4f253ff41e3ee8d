/**
 * The console's appointment pages (permission `appointments.manage`: assistant, doctor,
 * manager): one day of every doctor's times, publishing a series of times, withdrawing a free
 * time and cancelling a booking. Everything is scoped by the actor's practice; an id of another
 * practice answers 404 and changes nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../../http/render.tsx';
import { CsrfField, Notice } from '../../http/views/layout.tsx';
import { ErrorSummary, SelectField, TextField, type FieldError } from '../../http/views/form.tsx';
import { formField, pageContext } from '../../http/plumbing.tsx';
import { formatTime } from '../../i18n/locale.ts';
import type { MessageId, Messages } from '../../i18n/messages.ts';
import { plainMessage } from '../../i18n/messages.ts';
import { ConsoleLayout } from '../../console/views/console-layout.tsx';
import type { StaffActor } from '../../console/permissions.ts';
import { addDays, amsterdamDate, formatIsoDay } from './amsterdam-time.ts';
import { SLOT_LENGTHS, dayViewDate, type SeriesError, type SeriesField, type SeriesForm } from './appointment-rules.ts';
import { noticeFor } from '../services.ts';
import { cancelByStaff, listDoctors, publishSeries, readDay, withdrawSlot, type Actor, type AppointmentDeps, type DaySlot, type Doctor } from './appointments.ts';

export const CONSOLE_APPOINTMENTS_PATH = '/praktijk/afspraken';
const PUBLISH_PATH = `${CONSOLE_APPOINTMENTS_PATH}/tijden`;

// The practice finishes what is waiting, also with the service off for patients.
const STAFF_ROUTE = { audience: 'staff', permission: 'appointments.manage', service: 'appointments', serviceOff: 'open' } as const;

const FIELD_IDS: Record<SeriesField, string> = { doctor: 'arts', date: 'vrijgeven-datum', from: 'van', to: 'tot', length: 'lengte' };

const NOTICES: Record<string, { id: MessageId; tone: 'success' | 'warning' }> = {
  ingetrokken: { id: 'appointments.console.notice.withdrawn', tone: 'success' },
  afgezegd: { id: 'appointments.console.notice.cancelled', tone: 'success' },
  'al-afgezegd-patient': { id: 'appointments.console.notice.alreadyByPatient', tone: 'warning' },
  'al-afgezegd': { id: 'appointments.console.notice.alreadyByStaff', tone: 'warning' },
  'al-ingetrokken': { id: 'appointments.console.notice.alreadyWithdrawn', tone: 'warning' },
  geboekt: { id: 'appointments.console.notice.nowBooked', tone: 'warning' },
  voorbij: { id: 'appointments.console.notice.past', tone: 'warning' },
};

function actorOf(request: FastifyRequest): Actor & { readonly role: StaffActor['role'] } {
  const staff = request.staff!;
  // appointments.manage belongs to practice roles only, so the practice is known.
  return { accountId: staff.accountId, practiceId: staff.practiceId!, client: request.client, role: staff.role };
}

/**
 * The reason a patient typed may be medical. The care team (assistant, doctor) sees it; the
 * manager, who runs the practice but does not treat, sees only that there is a booking.
 */
function seesReason(role: StaffActor['role']): boolean {
  return role === 'assistant' || role === 'doctor';
}

function dayPath(date: string, melding?: string): string {
  return `${CONSOLE_APPOINTMENTS_PATH}?datum=${date}${melding === undefined ? '' : `&melding=${melding}`}`;
}

function seriesErrorText(t: Messages, error: SeriesError): string {
  switch (error.id) {
    case 'appointments.error.tooMany':
      return t['appointments.error.tooMany']({ max: error.params?.['max'] ?? '' });
    case 'appointments.error.overlap':
      return t['appointments.error.overlap']({ time: formatTime(new Date(error.params?.['at'] ?? 0)) });
    default:
      return plainMessage(t, error.id);
  }
}

function readSeriesForm(body: unknown): SeriesForm {
  return {
    doctorAccountId: formField(body, 'arts', 64).trim(),
    date: formField(body, 'datum', 20).trim(),
    from: formField(body, 'van', 10).trim(),
    to: formField(body, 'tot', 10).trim(),
    length: formField(body, 'lengte', 4).trim(),
  };
}

function SlotRow(props: { t: Messages; csrf: string; slot: DaySlot; showReason: boolean }) {
  const { t, slot } = props;
  const time = formatTime(slot.startsAt);
  const context = t['appointments.console.actionFor']({ time, doctor: slot.doctorName });
  const stateClass = slot.state === 'free' ? 'status--ok' : slot.state === 'booked' ? 'status--busy' : 'status--bad';
  return (
    <tr data-state={slot.state}>
      <th scope="row">
        {time}–{formatTime(slot.endsAt)}
      </th>
      <td>
        <span class={`status ${stateClass}`}>{t[`appointments.console.state.${slot.state}`]}</span>
        {slot.past && <span class="hint"> ({t['appointments.console.past']})</span>}
      </td>
      <td>
        {slot.appointment !== null && (
          <>
            <a href={`/praktijk/patienten/${slot.appointment.patientId}`}>{slot.appointment.patientName}</a>
            {props.showReason && slot.appointment.reason !== null && <p class="hint">{t['appointments.console.reasonShown']({ reason: slot.appointment.reason })}</p>}
          </>
        )}
      </td>
      <td>
        {!slot.past && slot.state === 'free' && (
          <form method="post" action={`${PUBLISH_PATH}/${slot.id}/intrekken`} class="inline-form">
            <CsrfField token={props.csrf} />
            <button type="submit" class="button button--secondary">
              {t['appointments.console.withdraw']}
              <span class="visually-hidden"> {context}</span>
            </button>
          </form>
        )}
        {!slot.past && slot.appointment !== null && (
          <form method="post" action={`${CONSOLE_APPOINTMENTS_PATH}/${slot.appointment.id}/afzeggen`} class="inline-form">
            <CsrfField token={props.csrf} />
            <button type="submit" class="button button--secondary">
              {t['appointments.console.cancel']}
              <span class="visually-hidden"> {context}</span>
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}

export function registerAppointmentConsoleRoutes(app: FastifyInstance, deps: AppointmentDeps): void {
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    date: string,
    state: { notice?: { id: MessageId; text: string; tone: 'success' | 'warning' }; form?: SeriesForm; errors?: readonly SeriesError[] } = {},
  ) => {
    const actor = actorOf(request);
    const t = request.t;
    const locale = request.locale;
    const [slots, doctors] = await Promise.all([readDay(deps, actor, date), listDoctors(deps.db, actor.practiceId)]);
    const byDoctor = new Map<string, { doctor: string; slots: DaySlot[] }>();
    for (const slot of slots) {
      const group = byDoctor.get(slot.doctorId) ?? { doctor: slot.doctorName, slots: [] };
      group.slots.push(slot);
      byDoctor.set(slot.doctorId, group);
    }
    const errors = (state.errors ?? []).map((error) => ({ field: error.field, error: { id: error.id, text: seriesErrorText(t, error) } satisfies FieldError }));
    const errorOf = (field: SeriesField) => errors.find((item) => item.field === field)?.error;
    const form: SeriesForm = state.form ?? { doctorAccountId: doctors.length === 1 ? doctors[0]!.id : '', date, from: '', to: '', length: '15' };
    const dayText = formatIsoDay(date, locale);
    const title = t['appointments.console.dayTitle']({ day: dayText });
    const today = amsterdamDate(deps.clock.now());
    return sendPage(
      reply,
      <ConsoleLayout ctx={pageContext(request)} actor={request.staff!} title={title} current="appointments">
        <h1>{title}</h1>
        {state.notice !== undefined && (
          <Notice messageId={state.notice.id} tone={state.notice.tone}>
            {state.notice.text}
          </Notice>
        )}
        <form method="get" action={CONSOLE_APPOINTMENTS_PATH} class="form day-picker">
          <TextField id="datum" name="datum" type="date" label={t['appointments.console.date']} value={date} />
          <button type="submit" class="button button--secondary">
            {t['appointments.console.show']}
          </button>
        </form>
        <nav class="actions" aria-label={t['appointments.console.date']}>
          <a href={dayPath(addDays(date, -1))}>{t['appointments.console.previous']}</a>
          {date !== today && <a href={dayPath(today)}>{t['appointments.console.today']}</a>}
          <a href={dayPath(addDays(date, 1))}>{t['appointments.console.next']}</a>
        </nav>

        {byDoctor.size === 0 ? (
          <p data-message-id="appointments.console.noSlots">{t['appointments.console.noSlots']}</p>
        ) : (
          [...byDoctor.values()].map((group) => (
            <section aria-label={t['appointments.console.doctorTable']({ doctor: group.doctor })}>
              <h2>{group.doctor}</h2>
              <div class="table-wrap">
                <table>
                  <caption class="visually-hidden">{t['appointments.console.doctorTable']({ doctor: group.doctor })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t['appointments.console.column.time']}</th>
                      <th scope="col">{t['appointments.console.column.status']}</th>
                      <th scope="col">{t['appointments.console.column.patient']}</th>
                      <th scope="col">{t['appointments.console.column.action']}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {group.slots.map((slot) => (
                      <SlotRow t={t} csrf={request.csrfToken} slot={slot} showReason={seesReason(actor.role)} />
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ))
        )}

        <h2 id="vrijgeven">{t['appointments.console.publishTitle']}</h2>
        {doctors.length === 0 ? (
          <p data-message-id="appointments.console.noDoctors">{t['appointments.console.noDoctors']}</p>
        ) : (
          <>
            <ErrorSummary title={t['layout.errorSummary']} errors={errors.map((item) => ({ fieldId: FIELD_IDS[item.field], error: item.error }))} />
            <p class="hint">{t['appointments.console.publishHint']}</p>
            <form method="post" action={PUBLISH_PATH} class="form" novalidate aria-labelledby="vrijgeven">
              <CsrfField token={request.csrfToken} />
              <PublishFields t={t} doctors={doctors} form={form} errorOf={errorOf} />
              <button type="submit" class="button">
                {t['appointments.console.publish']}
              </button>
            </form>
          </>
        )}
      </ConsoleLayout>,
      errors.length > 0 ? 422 : 200,
    );
  };

  app.get(CONSOLE_APPOINTMENTS_PATH, { config: STAFF_ROUTE }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const asked = String(query['datum'] ?? '').slice(0, 20);
    // Only a real date in a sane range reaches the date arithmetic; anything else shows today.
    const shown = dayViewDate(asked);
    const date = shown ?? amsterdamDate(deps.clock.now());
    const key = String(query['melding'] ?? '');
    const t = request.t;
    let notice: { id: MessageId; text: string; tone: 'success' | 'warning' } | undefined;
    if (asked !== '' && shown === null) {
      notice = { id: 'appointments.console.notice.badDate', text: t['appointments.console.notice.badDate'], tone: 'warning' };
    } else if (key === 'vrijgegeven') {
      const count = /^[0-9]{1,3}$/.test(String(query['aantal'] ?? '')) ? String(query['aantal']) : '';
      notice = { id: 'appointments.console.notice.published', text: t['appointments.console.notice.published']({ count }), tone: 'success' };
    } else {
      const known = noticeFor(NOTICES, key);
      if (known !== undefined) notice = { ...known, text: plainMessage(t, known.id) };
    }
    return render(request, reply, date, notice === undefined ? {} : { notice });
  });

  app.post(PUBLISH_PATH, { config: STAFF_ROUTE }, async (request, reply) => {
    const form = readSeriesForm(request.body);
    const result = await publishSeries(deps, actorOf(request), form);
    if (result.ok) return reply.redirect(`${dayPath(result.date, 'vrijgegeven')}&aantal=${result.count}`, 303);
    const date = dayViewDate(form.date) ?? amsterdamDate(deps.clock.now());
    return render(request, reply, date, { form, errors: result.errors });
  });

  app.post(`${PUBLISH_PATH}/:slotId/intrekken`, { config: STAFF_ROUTE }, async (request, reply) => {
    const slotId = String((request.params as { slotId?: string }).slotId ?? '');
    const result = await withdrawSlot(deps, actorOf(request), slotId);
    if (result.status === 'not_found') return reply.callNotFound();
    const melding = { withdrawn: 'ingetrokken', already: 'al-ingetrokken', booked: 'geboekt', past: 'voorbij' }[result.status];
    return reply.redirect(dayPath(result.date, melding), 303);
  });

  app.post(`${CONSOLE_APPOINTMENTS_PATH}/:appointmentId/afzeggen`, { config: STAFF_ROUTE }, async (request, reply) => {
    const appointmentId = String((request.params as { appointmentId?: string }).appointmentId ?? '');
    const result = await cancelByStaff(deps, actorOf(request), appointmentId);
    if (result.status === 'not_found') return reply.callNotFound();
    const melding = result.status === 'already' ? (result.by === 'patient' ? 'al-afgezegd-patient' : 'al-afgezegd') : result.status === 'cancelled' ? 'afgezegd' : 'voorbij';
    return reply.redirect(dayPath(result.date, melding), 303);
  });
}

function PublishFields(props: { t: Messages; doctors: readonly Doctor[]; form: SeriesForm; errorOf: (field: SeriesField) => FieldError | undefined }) {
  const { t, doctors, form, errorOf } = props;
  return (
    <>
      <SelectField
        id={FIELD_IDS.doctor}
        name="arts"
        label={t['appointments.console.doctor']}
        choices={[...(doctors.length === 1 ? [] : [{ value: '', label: t['appointments.console.chooseDoctor'] }]), ...doctors.map((doctor) => ({ value: doctor.id, label: doctor.name }))]}
        value={form.doctorAccountId}
        error={errorOf('doctor')}
      />
      <TextField id={FIELD_IDS.date} name="datum" type="date" label={t['appointments.console.publishDate']} value={form.date} error={errorOf('date')} />
        <TextField id={FIELD_IDS.from} name="van" type="time" label={t['appointments.console.from']} value={form.from} error={errorOf('from')} />
        <TextField id={FIELD_IDS.to} name="tot" type="time" label={t['appointments.console.to']} value={form.to} error={errorOf('to')} />
      <SelectField
        id={FIELD_IDS.length}
        name="lengte"
        label={t['appointments.console.length']}
        choices={SLOT_LENGTHS.map((length) => ({ value: String(length), label: t['appointments.console.minutes']({ count: String(length) }) }))}
        value={form.length}
        error={errorOf('length')}
      />
    </>
  );
}
