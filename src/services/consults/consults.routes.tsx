/**
 * The e-consult pages: the patient's (`/e-consult`, a thread at `/e-consult/:threadId`) and the
 * care team's (`/praktijk/e-consulten`, a thread at `/praktijk/e-consulten/:threadId`). Handlers
 * read the form, call one function of consults.ts and render; every rule lives there.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../storage/database.ts';
import type { Clock } from '../../security/clock.ts';
import type { OutboxDeps } from '../../mail/outbox.ts';
import type { MessageId, Messages } from '../../i18n/messages.ts';
import { formatDate, formatTime, type Locale } from '../../i18n/locale.ts';
import { sendPage } from '../../http/render.tsx';
import { CsrfField, ErrorMessage, Layout, Notice } from '../../http/views/layout.tsx';
import { ErrorSummary, TextAreaField, TextField, type FieldError } from '../../http/views/form.tsx';
import { formField, pageContext } from '../../http/plumbing.tsx';
import { PATIENT_DOOR } from '../../auth/sign-in.routes.tsx';
import { readPracticeSettings } from '../../practices/practice-settings.ts';
import { ConsoleLayout } from '../../console/views/console-layout.tsx';
import { actorOf } from '../../console/staff-request.ts';
import { can } from '../../console/permissions.ts';
import { BODY_MAX, MAX_UNANSWERED_IN_THREAD, SUBJECT_MAX, checkQuestion, type QuestionField, type TextProblem } from './consult-rules.ts';
import {
  ConsultNotFound,
  ConsultRefused,
  ConsultTextInvalid,
  addFollowUp,
  answer,
  askQuestion,
  closeThread,
  listForPatient,
  newQuestionAllowed,
  openForPatient,
  openForStaff,
  queueForPractice,
  type ConsultMessage,
  type ConsultStatus,
  type PatientActor,
  type QueueFilter,
  type StaffMember,
  type ThreadDetail,
  type ThreadSummary,
} from './consults.ts';
import { CONSULTS_PATH, CONSULTS_STAFF_PATH } from './consults.service.ts';

export interface ConsultRouteDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly outbox: OutboxDeps;
  readonly mailQueued: () => void;
}

// With the service off the patient still reads their questions and answers (no new question, no
// follow-up), and the care team answers and closes what is waiting.
const PATIENT_EXISTING_ROUTE = { audience: 'patient', service: 'consults', serviceOff: 'open' } as const;
const PATIENT_NEW_ROUTE = { audience: 'patient', service: 'consults', serviceOff: 'closed' } as const;
const STAFF_ROUTE = { audience: 'staff', permission: 'consults.answer', service: 'consults', serviceOff: 'open' } as const;

// Read a little more than allowed, so an over-long text is refused with a message rather than cut.
const readSubject = (body: unknown) => formField(body, 'subject', SUBJECT_MAX * 2 + 50);
const readBody = (body: unknown) => formField(body, 'body', BODY_MAX * 2 + 50);

function when(t: Messages, locale: Locale, at: Date): string {
  return t['consults.at']({ date: formatDate(at, locale), time: formatTime(at) });
}

function StatusBadge(props: { t: Messages; status: ConsultStatus }) {
  const tone = props.status === 'waiting_for_practice' ? 'status--busy' : props.status === 'answered' ? 'status--ok' : '';
  const id: MessageId = `consults.status.${props.status}`;
  return (
    <span class={`status ${tone}`} data-status={props.status} data-message-id={id}>
      {props.t[id] as string}
    </span>
  );
}

function authorText(t: Messages, message: ConsultMessage, viewer: 'patient' | 'staff'): string {
  if (message.authorKind === 'patient') return viewer === 'patient' ? t['consults.you'] : t['consults.author']({ name: message.authorName, role: t['consults.role.patient'] });
  return t['consults.author']({ name: message.authorName, role: t[`consults.role.${message.authorRole ?? 'assistant'}`] });
}

function Conversation(props: { t: Messages; locale: Locale; detail: ThreadDetail; viewer: 'patient' | 'staff'; newAfterSeq?: number }) {
  const { t, locale } = props;
  return (
    <ol class="consult-messages">
      {props.detail.messages.map((message) => {
        const isNew = props.newAfterSeq !== undefined && message.authorKind === 'staff' && message.seq > props.newAfterSeq;
        return (
          <li class={`consult-message consult-message--${message.authorKind}`} data-seq={message.seq} data-author={message.authorKind}>
            <p class="consult-message__meta">
              <strong>{authorText(t, message, props.viewer)}</strong>
              {' – '}
              <time datetime={message.createdAt.toISOString()}>{when(t, locale, message.createdAt)}</time>
              {isNew && (
                <>
                  {' '}
                  <span class="badge" data-message-id="consults.new">
                    {t['consults.new']}
                  </span>
                </>
              )}
            </p>
            <p class="consult-message__body">{message.body}</p>
          </li>
        );
      })}
    </ol>
  );
}

function NotUrgent(props: { t: Messages; phone: string | null }) {
  const { t } = props;
  return (
    <section class="emergency" aria-labelledby="niet-voor-spoed">
      <h2 id="niet-voor-spoed">{t['consults.notUrgent']}</h2>
      <p>
        <strong>{t['consults.call112']}</strong>
      </p>
      <p>{props.phone === null ? t['consults.callPracticeNoPhone'] : t['consults.callPractice']({ phone: props.phone })}</p>
      <p data-message-id="consults.answerTime">{t['consults.answerTime']}</p>
    </section>
  );
}

function textError(t: Messages, field: QuestionField | 'message', problem: TextProblem): FieldError {
  const id: MessageId =
    problem === 'too_long' ? (field === 'subject' ? 'consults.error.subjectLong' : 'consults.error.bodyLong') : field === 'subject' ? 'consults.error.subjectEmpty' : field === 'body' ? 'consults.error.bodyEmpty' : 'consults.error.messageEmpty';
  return { id, text: t[id] as string };
}

function Draft(props: { label: string; text: string }) {
  if (props.text.trim() === '') return null;
  return (
    <>
      <p>{props.label}</p>
      <p class="consult-draft">{props.text}</p>
    </>
  );
}

function threadIdOf(request: FastifyRequest): string {
  return String((request.params as Record<string, unknown>)['threadId'] ?? '');
}

function noticeOf(request: FastifyRequest): string {
  return String((request.query as Record<string, unknown>)['melding'] ?? '');
}

export function registerConsultRoutes(app: FastifyInstance, deps: ConsultRouteDeps): void {
  const patientOf = (request: FastifyRequest): PatientActor => {
    const account = request.signedIn!.account;
    // The service guard answered 404 already for an account without a practice.
    return { practiceId: account.practiceId!, accountId: account.id, client: request.client };
  };

  const staffOf = (request: FastifyRequest): StaffMember => {
    const actor = actorOf(request);
    // Only assistants and doctors hold `consults.answer`, and they always have a practice.
    if (actor.practiceId === null || (actor.role !== 'assistant' && actor.role !== 'doctor')) throw new Error('consult route reached by a role without consults.answer');
    return { practiceId: actor.practiceId, accountId: actor.accountId, role: actor.role, client: request.client };
  };

  // ---------------------------------------------------------------------------------------------
  // The patient

  const renderPatientList = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { form?: { subject: string; body: string }; errors?: ReadonlyArray<{ field: QuestionField; error: FieldError }>; refusal?: MessageId; status?: number },
  ) => {
    const t = request.t;
    const patient = patientOf(request);
    const now = deps.clock.now();
    const [threads, settings, refusal] = await Promise.all([
      listForPatient(deps.db, patient, now),
      readPracticeSettings(deps.db, patient.practiceId),
      newQuestionAllowed(deps.db, patient, now),
    ]);
    const errors = state.errors ?? [];
    const errorOf = (field: QuestionField) => errors.find((item) => item.field === field)?.error;
    const refusalId: MessageId | undefined = state.refusal ?? (refusal === null ? undefined : `consults.limit.${refusal}`);
    return sendPage(
      reply,
      <Layout ctx={pageContext(request, PATIENT_DOOR.logout)} title={t['service.consults']}>
        <h1>{t['service.consults']}</h1>
        {request.serviceOn && <p>{t['consults.intro']}</p>}
        <NotUrgent t={t} phone={settings?.phone ?? null} />

        <h2>{t['consults.mine']}</h2>
        {threads.length === 0 ? (
          <p data-message-id="consults.none">{t['consults.none']}</p>
        ) : (
          <ul class="services consult-list">
            {threads.map((thread: ThreadSummary) => (
              <li class="service" data-thread={thread.id}>
                <h3>
                  <a href={`${CONSULTS_PATH}/${thread.id}`}>{thread.subject}</a>
                </h3>
                <p>
                  <StatusBadge t={t} status={thread.status} />
                  {thread.unreadAnswer && (
                    <>
                      {' '}
                      <span class="badge" data-message-id="consults.newAnswer">
                        {t['consults.newAnswer']}
                      </span>
                    </>
                  )}
                </p>
                <p>
                  {t['consults.col.last']}: <time datetime={thread.lastMessageAt.toISOString()}>{when(t, request.locale, thread.lastMessageAt)}</time>
                </p>
              </li>
            ))}
          </ul>
        )}

        <h2 id="nieuwe-vraag">{t['consults.newQuestion']}</h2>
        {/* With the service off: the questions asked so far, no new one. */}
        {!request.serviceOn && <Notice messageId="service.off">{t['service.off']}</Notice>}
        {request.serviceOn && refusalId !== undefined && (state.refusal !== undefined ? (
          <ErrorMessage id="vraag-geweigerd" messageId={refusalId}>
            {t[refusalId] as string}
          </ErrorMessage>
        ) : (
          <Notice messageId={refusalId} tone="warning">
            {t[refusalId] as string}
          </Notice>
        ))}
        {request.serviceOn && refusalId !== undefined && state.form !== undefined && <Draft label={t['consults.yourText']} text={`${state.form.subject}\n\n${state.form.body}`} />}
        {request.serviceOn && refusalId === undefined && (
          <>
            <ErrorSummary title={t['layout.errorSummary']} errors={errors.map((item) => ({ fieldId: item.field === 'subject' ? 'onderwerp' : 'vraag', error: item.error }))} />
            <form method="post" action={CONSULTS_PATH} class="form" novalidate>
              <CsrfField token={request.csrfToken} />
              <TextField id="onderwerp" name="subject" label={t['consults.subject']} hint={t['consults.subjectHint']} value={state.form?.subject ?? ''} maxLength={SUBJECT_MAX} required autocomplete="off" error={errorOf('subject')} />
              <TextAreaField id="vraag" name="body" label={t['consults.body']} hint={t['consults.bodyHint']} value={state.form?.body ?? ''} maxLength={BODY_MAX} rows={8} required error={errorOf('body')} />
              <button type="submit" class="button">
                {t['consults.send']}
              </button>
            </form>
          </>
        )}
      </Layout>,
      state.status ?? (errors.length > 0 ? 422 : 200),
    );
  };

  app.get(CONSULTS_PATH, { config: PATIENT_EXISTING_ROUTE }, async (request, reply) => renderPatientList(request, reply, {}));

  app.post(CONSULTS_PATH, { config: PATIENT_NEW_ROUTE }, async (request, reply) => {
    const t = request.t;
    const form = { subject: readSubject(request.body), body: readBody(request.body) };
    const checked = checkQuestion(form);
    if (!checked.ok) {
      return renderPatientList(request, reply, { form, errors: checked.errors.map((item) => ({ field: item.field, error: textError(t, item.field, item.problem) })) });
    }
    try {
      const threadId = await askQuestion(deps, patientOf(request), { subject: checked.subject, body: checked.body });
      return reply.redirect(`${CONSULTS_PATH}/${threadId}?melding=verstuurd`, 303);
    } catch (error) {
      if (error instanceof ConsultRefused) return renderPatientList(request, reply, { form, refusal: `consults.limit.${error.reason}` as MessageId, status: 429 });
      throw error;
    }
  });

  const renderPatientThread = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { form?: string; error?: FieldError; refusal?: MessageId; status?: number },
  ) => {
    const t = request.t;
    const patient = patientOf(request);
    let detail: ThreadDetail;
    try {
      detail = await openForPatient(deps, patient, threadIdOf(request));
    } catch (error) {
      if (error instanceof ConsultNotFound) return reply.callNotFound();
      throw error;
    }
    const settings = await readPracticeSettings(deps.db, patient.practiceId);
    const notice = noticeOf(request);
    const unanswered = detail.messages.filter((message) => message.seq > Math.max(0, ...detail.messages.filter((m) => m.authorKind === 'staff').map((m) => m.seq))).length;
    const mayWrite = detail.status !== 'closed' && unanswered < MAX_UNANSWERED_IN_THREAD;
    // With the service off an open question can be read (and its answer), not added to.
    const serviceOff = detail.status !== 'closed' && !request.serviceOn;
    return sendPage(
      reply,
      <Layout ctx={pageContext(request, PATIENT_DOOR.logout)} title={t['consults.thread.title']({ date: formatDate(detail.createdAt, request.locale) })}>
        <p>
          <a href={CONSULTS_PATH}>{t['consults.back']}</a>
        </p>
        <h1>{detail.subject}</h1>
        <p>
          {t['consults.col.status']}: <StatusBadge t={t} status={detail.status} />
        </p>
        {state.refusal === undefined && notice === 'verstuurd' && (
          <Notice messageId={detail.messageCount === 1 ? 'consults.asked' : 'consults.followedUp'} tone="success">
            {detail.messageCount === 1 ? t['consults.asked'] : t['consults.followedUp']}
          </Notice>
        )}
        {state.refusal !== undefined && (
          <ErrorMessage id="bericht-geweigerd" messageId={state.refusal}>
            {t[state.refusal] as string}
          </ErrorMessage>
        )}
        {state.refusal !== undefined && <Draft label={t['consults.yourText']} text={state.form ?? ''} />}

        <h2>{t['consults.conversation']}</h2>
        <Conversation t={t} locale={request.locale} detail={detail} viewer="patient" newAfterSeq={detail.patientReadSeq} />

        {detail.status === 'closed' && (
          <p data-message-id="consults.closedInfo">{t['consults.closedInfo']({ date: formatDate(detail.closedAt ?? detail.lastMessageAt, request.locale) })}</p>
        )}
        {serviceOff && <Notice messageId="service.off">{t['service.off']}</Notice>}
        {!serviceOff && detail.status !== 'closed' && !mayWrite && state.refusal === undefined && (
          <Notice messageId="consults.limit.too_many_unanswered" tone="warning">
            {t['consults.limit.too_many_unanswered']}
          </Notice>
        )}
        {!serviceOff && mayWrite && (
          <>
            <h2>{t['consults.followUp']}</h2>
            <ErrorSummary title={t['layout.errorSummary']} errors={state.error === undefined ? [] : [{ fieldId: 'bericht', error: state.error }]} />
            <form method="post" action={`${CONSULTS_PATH}/${detail.id}`} class="form" novalidate>
              <CsrfField token={request.csrfToken} />
              <TextAreaField id="bericht" name="body" label={t['consults.followUpLabel']} hint={t['consults.followUpHint']} value={state.form ?? ''} maxLength={BODY_MAX} rows={6} required error={state.error} />
              <button type="submit" class="button">
                {t['consults.followUpSend']}
              </button>
            </form>
          </>
        )}
        <NotUrgent t={t} phone={settings?.phone ?? null} />
      </Layout>,
      state.status ?? (state.error !== undefined ? 422 : 200),
    );
  };

  app.get(`${CONSULTS_PATH}/:threadId`, { config: PATIENT_EXISTING_ROUTE }, async (request, reply) => renderPatientThread(request, reply, {}));

  app.post(`${CONSULTS_PATH}/:threadId`, { config: PATIENT_NEW_ROUTE }, async (request, reply) => {
    const t = request.t;
    const text = readBody(request.body);
    const threadId = threadIdOf(request);
    try {
      await addFollowUp(deps, patientOf(request), threadId, text);
      return reply.redirect(`${CONSULTS_PATH}/${threadId}?melding=verstuurd`, 303);
    } catch (error) {
      if (error instanceof ConsultNotFound) return reply.callNotFound();
      if (error instanceof ConsultTextInvalid) return renderPatientThread(request, reply, { form: text, error: textError(t, 'message', error.problem) });
      if (error instanceof ConsultRefused) {
        const refusal: MessageId = error.reason === 'closed' ? 'consults.error.closed' : 'consults.limit.too_many_unanswered';
        return renderPatientThread(request, reply, { form: text, refusal, status: error.reason === 'closed' ? 409 : 429 });
      }
      throw error;
    }
  });

  // ---------------------------------------------------------------------------------------------
  // The care team

  app.get(CONSULTS_STAFF_PATH, { config: STAFF_ROUTE }, async (request, reply) => {
    const t = request.t;
    const actor = actorOf(request);
    const filter: QueueFilter = String((request.query as Record<string, unknown>)['toon'] ?? '') === 'alle' ? 'all' : 'waiting';
    const items = await queueForPractice(deps.db, staffOf(request), filter, deps.clock.now());
    const filterLink = (value: QueueFilter, label: string) => (
      <li>
        <a class="button button--secondary" href={value === 'all' ? `${CONSULTS_STAFF_PATH}?toon=alle` : CONSULTS_STAFF_PATH} aria-current={filter === value ? 'page' : undefined}>
          {label}
        </a>
      </li>
    );
    return sendPage(
      reply,
      <ConsoleLayout ctx={pageContext(request)} actor={actor} title={t['console.consults']} current="consults">
        <h1>{t['console.consults']}</h1>
        <nav aria-label={t['consults.queue.filter']}>
          <ul class="actions consult-filter">
            {filterLink('waiting', t['consults.queue.waiting'])}
            {filterLink('all', t['consults.queue.all'])}
          </ul>
        </nav>
        {items.length === 0 ? (
          <p data-message-id={filter === 'waiting' ? 'consults.queue.none' : 'consults.queue.noneAll'}>{filter === 'waiting' ? t['consults.queue.none'] : t['consults.queue.noneAll']}</p>
        ) : (
          <div class="table-wrap" tabIndex={0} role="region" aria-label={filter === 'waiting' ? t['consults.queue.waiting'] : t['consults.queue.all']}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t['consults.col.subject']}</th>
                  <th scope="col">{t['consults.col.patient']}</th>
                  <th scope="col">{t['consults.col.status']}</th>
                  <th scope="col">{t['consults.col.waitingSince']}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr data-thread={item.id}>
                    <th scope="row">
                      <a href={`${CONSULTS_STAFF_PATH}/${item.id}`}>{item.subject}</a>
                    </th>
                    <td>{item.patientName}</td>
                    <td>
                      <StatusBadge t={t} status={item.status} />
                    </td>
                    <td>{item.waitingSince === null ? '' : <time datetime={item.waitingSince.toISOString()}>{when(t, request.locale, item.waitingSince)}</time>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ConsoleLayout>,
    );
  });

  const renderStaffThread = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { form?: string; error?: FieldError; conflict?: { id: MessageId; text: string }; status?: number },
  ) => {
    const t = request.t;
    const actor = actorOf(request);
    let detail: ThreadDetail;
    try {
      detail = await openForStaff(deps, staffOf(request), threadIdOf(request));
    } catch (error) {
      if (error instanceof ConsultNotFound) return reply.callNotFound();
      throw error;
    }
    const notice = noticeOf(request);
    const colleagueSeq = Number((request.query as Record<string, unknown>)['bericht'] ?? 0);
    const colleague = notice === 'ook-beantwoord' ? detail.messages.find((message) => message.seq === colleagueSeq && message.authorKind === 'staff') : undefined;
    const base = `${CONSULTS_STAFF_PATH}/${detail.id}`;
    return sendPage(
      reply,
      <ConsoleLayout ctx={pageContext(request)} actor={actor} title={t['consults.thread.title']({ date: formatDate(detail.createdAt, request.locale) })} current="consults">
        <p>
          <a href={CONSULTS_STAFF_PATH}>{t['console.consults']}</a>
        </p>
        <h1>{detail.subject}</h1>
        {state.conflict === undefined && notice === 'beantwoord' && (
          <Notice messageId="consults.answered" tone="success">
            {t['consults.answered']}
          </Notice>
        )}
        {state.conflict === undefined && colleague !== undefined && (
          <Notice messageId="consults.answered.colleague" tone="warning">
            {t['consults.answered.colleague']({ name: colleague.authorName })}
          </Notice>
        )}
        {state.conflict === undefined && notice === 'patient-schreef' && (
          <Notice messageId="consults.answered.patientWrote" tone="warning">
            {t['consults.answered.patientWrote']}
          </Notice>
        )}
        {state.conflict === undefined && notice === 'gesloten' && (
          <Notice messageId="consults.closedNotice" tone="success">
            {t['consults.closedNotice']}
          </Notice>
        )}
        {state.conflict !== undefined && (
          <ErrorMessage id="actie-geweigerd" messageId={state.conflict.id}>
            {state.conflict.text}
          </ErrorMessage>
        )}
        {state.conflict !== undefined && <Draft label={t['consults.yourAnswer']} text={state.form ?? ''} />}
        <dl class="facts">
          <dt>{t['consults.staff.patient']}</dt>
          <dd>{can(actor, 'patients.read') ? <a href={`/praktijk/patienten/${detail.patientAccountId}`}>{detail.patientName}</a> : detail.patientName}</dd>
          <dt>{t['consults.staff.status']}</dt>
          <dd>
            <StatusBadge t={t} status={detail.status} />
          </dd>
          {detail.waitingSince !== null && (
            <>
              <dt>{t['consults.staff.waitingSince']}</dt>
              <dd>{when(t, request.locale, detail.waitingSince)}</dd>
            </>
          )}
        </dl>
        {detail.status === 'closed' && detail.closedAt !== null && (
          <p data-message-id="consults.closedBy">{t['consults.closedBy']({ name: detail.closedByName ?? '', date: when(t, request.locale, detail.closedAt) })}</p>
        )}

        <h2>{t['consults.conversation']}</h2>
        <Conversation t={t} locale={request.locale} detail={detail} viewer="staff" />

        {detail.status !== 'closed' && (
          <>
            <h2>{t['consults.answer.title']}</h2>
            <ErrorSummary title={t['layout.errorSummary']} errors={state.error === undefined ? [] : [{ fieldId: 'antwoord', error: state.error }]} />
            <form method="post" action={`${base}/antwoord`} class="form" novalidate>
              <CsrfField token={request.csrfToken} />
              <input type="hidden" name="seen" value={String(detail.messageCount)} />
              <TextAreaField id="antwoord" name="body" label={t['consults.answer.label']} hint={t['consults.answer.hint']} value={state.form ?? ''} maxLength={BODY_MAX} rows={8} required error={state.error} />
              <button type="submit" class="button">
                {t['consults.answer.send']}
              </button>
            </form>

            <h2>{t['consults.close.title']}</h2>
            <p class="hint">{t['consults.close.hint']}</p>
            {detail.status === 'waiting_for_practice' && <p class="hint">{t['consults.close.hintWaiting']}</p>}
            <form method="post" action={`${base}/sluiten`} class="form">
              <CsrfField token={request.csrfToken} />
              <button type="submit" class="button button--secondary">
                {t['consults.close.button']}
              </button>
            </form>
          </>
        )}
      </ConsoleLayout>,
      state.status ?? (state.error !== undefined ? 422 : 200),
    );
  };

  app.get(`${CONSULTS_STAFF_PATH}/:threadId`, { config: STAFF_ROUTE }, async (request, reply) => renderStaffThread(request, reply, {}));

  app.post(`${CONSULTS_STAFF_PATH}/:threadId/antwoord`, { config: STAFF_ROUTE }, async (request, reply) => {
    const t = request.t;
    const text = readBody(request.body);
    const seenText = formField(request.body, 'seen', 10);
    const seen = /^[0-9]{1,6}$/.test(seenText) ? Number(seenText) : null;
    const threadId = threadIdOf(request);
    try {
      const result = await answer(deps, staffOf(request), threadId, text, seen);
      const base = `${CONSULTS_STAFF_PATH}/${threadId}`;
      if (result.patientWroteMeanwhile) return reply.redirect(`${base}?melding=patient-schreef`, 303);
      if (result.colleagueAnsweredSeq !== null) return reply.redirect(`${base}?melding=ook-beantwoord&bericht=${result.colleagueAnsweredSeq}`, 303);
      return reply.redirect(`${base}?melding=beantwoord`, 303);
    } catch (error) {
      if (error instanceof ConsultNotFound) return reply.callNotFound();
      if (error instanceof ConsultTextInvalid) return renderStaffThread(request, reply, { form: text, error: textError(t, 'message', error.problem) });
      if (error instanceof ConsultRefused && error.closedBy !== null) {
        const conflict = { id: 'consults.error.answerClosed' as const, text: t['consults.error.answerClosed']({ name: error.closedBy.name, time: formatTime(error.closedBy.at) }) };
        return renderStaffThread(request, reply, { form: text, conflict, status: 409 });
      }
      throw error;
    }
  });

  app.post(`${CONSULTS_STAFF_PATH}/:threadId/sluiten`, { config: STAFF_ROUTE }, async (request, reply) => {
    const t = request.t;
    const threadId = threadIdOf(request);
    try {
      await closeThread(deps, staffOf(request), threadId);
      return reply.redirect(`${CONSULTS_STAFF_PATH}/${threadId}?melding=gesloten`, 303);
    } catch (error) {
      if (error instanceof ConsultNotFound) return reply.callNotFound();
      if (error instanceof ConsultRefused && error.closedBy !== null) {
        const conflict = { id: 'consults.error.alreadyClosed' as const, text: t['consults.error.alreadyClosed']({ name: error.closedBy.name, time: formatTime(error.closedBy.at) }) };
        return renderStaffThread(request, reply, { conflict, status: 409 });
      }
      throw error;
    }
  });
}
