/**
 * The console's pages for repeat prescriptions (permission `prescriptions.handle`): the queue,
 * one request with its buttons, and a patient's repeat medication. Every query is scoped by the
 * staff member's practice: a request or patient of another practice answers 404 and changes
 * nothing, and leaves a `prescription.not_found` row (the ids only). Every look and change is in
 * the audit trail, with the patient as subject.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../../audit/audit.ts';
import { sendPage } from '../../http/render.tsx';
import { CsrfField, ErrorMessage, Notice } from '../../http/views/layout.tsx';
import { ErrorSummary, TextAreaField, TextField, type FieldError } from '../../http/views/form.tsx';
import { formField, pageContext } from '../../http/plumbing.tsx';
import { plainMessage, type MessageId } from '../../i18n/messages.ts';
import { formatDate } from '../../i18n/locale.ts';
import { formatDateTime } from '../../accounts/my-account.ts';
import { ConsoleLayout } from '../../console/views/console-layout.tsx';
import { actorOf } from '../../console/staff-request.ts';
import { can, type StaffActor } from '../../console/permissions.ts';
import { findPatient, type PatientRecord } from '../../console/patients.repository.ts';
import { MEDICINE_NAME_MAX, REASON_MAX, isFinal, isStaffTarget, nextTargets, type PrescriptionStatus, type StaffTarget } from './prescriptions.rules.ts';
import { findRequest, medicationsOf, queueOf, type PrescriptionRequest, type QueueFilter } from './prescriptions.repository.ts';
import { addMedication, changeStatus, stopMedication, type NotFoundAttempt, type PrescriptionDeps } from './prescriptions.service.ts';
import { ItemList, StatusBadge, dateTime, displayDate, statusText } from './prescriptions.views.tsx';
import { noticeFor, recordListShown, recordNotFound } from '../services.ts';

export const QUEUE_PATH = '/praktijk/herhaalrecepten';
export const medicationPath = (patientId: string): string => `/praktijk/patienten/${patientId}/herhaalmedicatie`;
const QUEUE_LIMIT = 200;

// The practice finishes what is waiting, also with the service off for patients.
const STAFF_ROUTE = { audience: 'staff', permission: 'prescriptions.handle', service: 'prescriptions', serviceOff: 'open' } as const;

/** Staff with `prescriptions.handle` always work for one practice (the support desk has no such permission). */
function practiceOf(actor: StaffActor): string {
  if (actor.practiceId === null) throw new Error('prescriptions.handle without a practice');
  return actor.practiceId;
}

const CHANGED_NOTICES: Record<StaffTarget, MessageId> = {
  in_progress: 'prescriptions.changed.in_progress',
  ready: 'prescriptions.changed.ready',
  rejected: 'prescriptions.changed.rejected',
};

const ACTION_LABELS: Record<StaffTarget, MessageId> = {
  in_progress: 'prescriptions.action.in_progress',
  ready: 'prescriptions.action.ready',
  rejected: 'prescriptions.action.rejected',
};

export function registerConsolePrescriptionRoutes(app: FastifyInstance, deps: PrescriptionDeps): void {
  const requestIdOf = (request: FastifyRequest) => String((request.params as { requestId?: string }).requestId ?? '');
  const patientIdOf = (request: FastifyRequest) => String((request.params as { id?: string }).id ?? '');

  /** A 404 that leaves a trace: who looked for which ids, and what they tried. */
  const notFound = async (request: FastifyRequest, reply: FastifyReply, attempt: NotFoundAttempt, looked: { requestId?: string; patientId?: string; medicationId?: string }, subjectAccountId?: string) => {
    const actor = actorOf(request);
    await recordNotFound(deps.db, deps.clock.now(), { action: 'prescription.not_found', actor: { practiceId: practiceOf(actor), accountId: actor.accountId, client: request.client }, attempt, looked, subjectAccountId });
    return reply.callNotFound();
  };

  // ---- The queue ----------------------------------------------------------------------------

  app.get(QUEUE_PATH, { config: STAFF_ROUTE }, async (request, reply) => {
    const actor = actorOf(request);
    const practiceId = practiceOf(actor);
    const t = request.t;
    const filter: QueueFilter = (request.query as Record<string, unknown>)['toon'] === 'alle' ? 'all' : 'open';
    const entries = await queueOf(deps.db, practiceId, filter, QUEUE_LIMIT);
    // One audit row per patient whose requests were shown (a look at their record), or one
    // without a patient when the queue was empty.
    await recordListShown(
      deps.db,
      deps.clock.now(),
      { action: 'prescription.queue_viewed', outcome: 'success', practiceId, actorAccountId: actor.accountId, client: request.client },
      entries.map((entry) => entry.patientAccountId),
      (requests) => ({ filter, requests }),
    );
    const filterLink = (value: QueueFilter, label: string) => (
      <li>
        <a href={value === 'all' ? `${QUEUE_PATH}?toon=alle` : QUEUE_PATH} aria-current={filter === value ? 'page' : undefined}>
          {label}
        </a>
      </li>
    );
    return sendPage(
      reply,
      <ConsoleLayout ctx={pageContext(request)} actor={actor} title={t['console.prescriptions']} current="prescriptions">
        <h1>{t['console.prescriptions']}</h1>
        <nav class="console-nav" aria-label={t['prescriptions.queue.filter']}>
          <ul>
            {filterLink('open', t['prescriptions.queue.open'])}
            {filterLink('all', t['prescriptions.queue.all'])}
          </ul>
        </nav>
        {entries.length === 0 ? (
          <p data-message-id={filter === 'open' ? 'prescriptions.queue.none' : 'prescriptions.queue.noneAll'}>
            {filter === 'open' ? t['prescriptions.queue.none'] : t['prescriptions.queue.noneAll']}
          </p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t['prescriptions.queue.caption']}</caption>
              <thead>
                <tr>
                  <th scope="col">{t['prescriptions.column.date']}</th>
                  <th scope="col">{t['prescriptions.column.patient']}</th>
                  <th scope="col">{t['prescriptions.column.status']}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr data-request={entry.id}>
                    <td>
                      <a href={`${QUEUE_PATH}/${entry.id}`}>{formatDateTime(entry.createdAt)}</a>
                    </td>
                    <td>{entry.patientName}</td>
                    <td>
                      <StatusBadge t={t} status={entry.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {entries.length === QUEUE_LIMIT && <p class="hint">{t['prescriptions.queue.limited']({ count: QUEUE_LIMIT })}</p>}
      </ConsoleLayout>,
    );
  });

  // ---- One request --------------------------------------------------------------------------

  const renderRequest = async (
    request: FastifyRequest,
    reply: FastifyReply,
    item: PrescriptionRequest,
    state: { changed?: StaffTarget; conflict?: { status: PrescriptionStatus; handledBy: string | null }; reasonError?: FieldError; reason?: string } = {},
  ) => {
    const actor = actorOf(request);
    const t = request.t;
    await recordAudit(deps.db, deps.clock.now(), {
      action: 'prescription.viewed',
      outcome: 'success',
      practiceId: item.practiceId,
      actorAccountId: actor.accountId,
      subjectAccountId: item.patientAccountId,
      client: request.client,
      details: { requestId: item.id, status: item.status },
    });
    // The heading names the patient; the page title, which browser history keeps, does not.
    const heading = t['prescriptions.detail.title']({ name: item.patientName });
    const title = t['prescriptions.detail.pageTitle']({ date: formatDate(item.createdAt, request.locale) });
    const targets = nextTargets(item.status);
    const typed = item.items.some((line) => line.medicationId === null);
    const status = state.reasonError !== undefined ? 422 : state.conflict !== undefined ? 409 : 200;
    return sendPage(
      reply,
      <ConsoleLayout ctx={pageContext(request)} actor={actor} title={title} current="prescriptions">
        <h1>{heading}</h1>
        {state.changed !== undefined && (
          <Notice messageId={CHANGED_NOTICES[state.changed]} tone="success">
            {plainMessage(t, CHANGED_NOTICES[state.changed])}
          </Notice>
        )}
        {state.conflict !== undefined && (
          <ErrorMessage id="al-behandeld" messageId="prescriptions.conflict">
            {t['prescriptions.conflict']({ name: state.conflict.handledBy ?? t['prescriptions.colleague'], status: statusText(t, state.conflict.status).toLowerCase() })}
          </ErrorMessage>
        )}
        <ErrorSummary title={t['layout.errorSummary']} errors={state.reasonError === undefined ? [] : [{ fieldId: 'reden', error: state.reasonError }]} />
        <dl class="facts">
          <dt>{t['prescriptions.detail.patient']}</dt>
          <dd>{can(actor, 'patients.read') ? <a href={`/praktijk/patienten/${item.patientAccountId}`}>{item.patientName}</a> : item.patientName}</dd>
          <dt>{t['prescriptions.requestedAt']}</dt>
          <dd>{dateTime(item.createdAt, request.locale)}</dd>
          <dt>{t['prescriptions.statusLabel']}</dt>
          <dd>
            <StatusBadge t={t} status={item.status} />
          </dd>
          {item.handledBy !== null && (
            <>
              <dt>{t['prescriptions.detail.handledBy']}</dt>
              <dd>
                {item.handledBy.name}, {dateTime(item.updatedAt, request.locale)}
              </dd>
            </>
          )}
          <dt>{t['prescriptions.pharmacy']}</dt>
          <dd>{item.pharmacy}</dd>
          <dt>{t['prescriptions.remark']}</dt>
          <dd class="opening-hours">{item.remark ?? t['prescriptions.detail.noRemark']}</dd>
          {item.rejectionReason !== null && (
            <>
              <dt>{t['prescriptions.reason']}</dt>
              <dd class="opening-hours">{item.rejectionReason}</dd>
            </>
          )}
        </dl>

        <h2>{t['prescriptions.medicines']}</h2>
        {typed && <p class="hint">{t['prescriptions.detail.typedHint']}</p>}
        <ItemList items={item.items} typedLabel={t['prescriptions.detail.typed']} />
        <p>
          <a href={medicationPath(item.patientAccountId)}>{t['prescriptions.detail.manageMedication']}</a>
        </p>

        <h2>{t['prescriptions.action.title']}</h2>
        {isFinal(item.status) ? (
          <p data-message-id="prescriptions.action.final">{t['prescriptions.action.final']}</p>
        ) : (
          <>
            <p class="hint">{t['prescriptions.action.mailHint']}</p>
            <div class="actions">
              {targets
                .filter((target) => target !== 'rejected')
                .map((target) => (
                  <form method="post" action={`${QUEUE_PATH}/${item.id}/status`}>
                    <CsrfField token={request.csrfToken} />
                    <input type="hidden" name="status" value={target} />
                    <button type="submit" class="button">
                      {plainMessage(t, ACTION_LABELS[target])}
                    </button>
                  </form>
                ))}
            </div>
            {targets.includes('rejected') && (
              <form method="post" action={`${QUEUE_PATH}/${item.id}/status`} class="form" novalidate>
                <CsrfField token={request.csrfToken} />
                <input type="hidden" name="status" value="rejected" />
                <TextAreaField
                  id="reden"
                  name="reason"
                  label={t['prescriptions.action.reason']}
                  hint={t['prescriptions.action.reasonHint']}
                  value={state.reason ?? ''}
                  rows={3}
                  maxLength={REASON_MAX}
                  error={state.reasonError}
                />
                <button type="submit" class="button button--secondary">
                  {t['prescriptions.action.rejected']}
                </button>
              </form>
            )}
          </>
        )}
        <p>
          <a href={QUEUE_PATH}>{t['prescriptions.backToQueue']}</a>
        </p>
      </ConsoleLayout>,
      status,
    );
  };

  app.get(`${QUEUE_PATH}/:requestId`, { config: STAFF_ROUTE }, async (request, reply) => {
    const item = await findRequest(deps.db, practiceOf(actorOf(request)), requestIdOf(request));
    if (item === undefined) return notFound(request, reply, 'view', { requestId: requestIdOf(request) });
    const changed = String((request.query as Record<string, unknown>)['melding'] ?? '');
    return renderRequest(request, reply, item, isStaffTarget(changed) ? { changed } : {});
  });

  app.post(`${QUEUE_PATH}/:requestId/status`, { config: STAFF_ROUTE }, async (request, reply) => {
    const actor = actorOf(request);
    const practiceId = practiceOf(actor);
    const requestId = requestIdOf(request);
    const exists = await findRequest(deps.db, practiceId, requestId);
    if (exists === undefined) return notFound(request, reply, 'change_status', { requestId });
    const to = formField(request.body, 'status', 20);
    // Twice the limit in UTF-16 units (emoji, CRLF), so a reason that fits is never cut.
    const reason = formField(request.body, 'reason', REASON_MAX * 2 + 50);
    if (!isStaffTarget(to)) return reply.redirect(`${QUEUE_PATH}/${exists.id}`, 303);
    const result = await changeStatus(deps, { practiceId, staffAccountId: actor.accountId, requestId: exists.id, to, reason, client: request.client });
    if (result.outcome === 'not_found') return notFound(request, reply, 'change_status', { requestId });
    if (result.outcome === 'changed') return reply.redirect(`${QUEUE_PATH}/${exists.id}?melding=${to}`, 303);
    const current = (await findRequest(deps.db, practiceId, exists.id)) ?? exists;
    if (result.outcome === 'invalid') return renderRequest(request, reply, current, { reason, reasonError: { id: result.id, text: plainMessage(request.t, result.id) } });
    return renderRequest(request, reply, current, { conflict: { status: result.status, handledBy: result.handledBy } });
  });

  // ---- A patient's repeat medication --------------------------------------------------------

  const loadPatient = async (request: FastifyRequest): Promise<PatientRecord | undefined> => findPatient(deps.db, practiceOf(actorOf(request)), patientIdOf(request));

  const renderMedication = async (
    request: FastifyRequest,
    reply: FastifyReply,
    patient: PatientRecord,
    state: { notice?: MessageId; name?: string; nameError?: FieldError } = {},
  ) => {
    const actor = actorOf(request);
    const t = request.t;
    const lines = await medicationsOf(deps.db, patient.practiceId, patient.id);
    await recordAudit(deps.db, deps.clock.now(), {
      action: 'prescription.medication_viewed',
      outcome: 'success',
      practiceId: patient.practiceId,
      actorAccountId: actor.accountId,
      subjectAccountId: patient.id,
      client: request.client,
      details: { lines: lines.length },
    });
    const active = lines.filter((line) => line.endedAt === null);
    const ended = lines.filter((line) => line.endedAt !== null);
    const heading = t['prescriptions.medication.title']({ name: patient.displayName });
    const path = medicationPath(patient.id);
    return sendPage(
      reply,
      <ConsoleLayout ctx={pageContext(request)} actor={actor} title={t['prescriptions.medication.pageTitle']} current="prescriptions">
        <h1>{heading}</h1>
        {state.notice !== undefined && (
          <Notice messageId={state.notice} tone={state.notice === 'prescriptions.medication.alreadyEnded' ? 'info' : 'success'}>
            {plainMessage(t, state.notice)}
          </Notice>
        )}
        <ErrorSummary title={t['layout.errorSummary']} errors={state.nameError === undefined ? [] : [{ fieldId: 'medicijn-naam', error: state.nameError }]} />
        <p>{t['prescriptions.medication.intro']}</p>
        <h2>{t['prescriptions.medication.active']}</h2>
        {active.length === 0 ? (
          <p data-message-id="prescriptions.medication.none">{t['prescriptions.medication.none']}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t['prescriptions.medication.name']}</th>
                  <th scope="col">{t['prescriptions.medication.action']}</th>
                </tr>
              </thead>
              <tbody>
                {active.map((line) => (
                  <tr data-medication={line.id}>
                    <th scope="row">
                      {line.name}
                      <br />
                      <span class="hint">{t['prescriptions.medication.since']({ date: displayDate(line.createdAt) })}</span>
                    </th>
                    <td>
                      <form method="post" action={`${path}/${line.id}/stoppen`} class="inline-form">
                        <CsrfField token={request.csrfToken} />
                        {/* The visible word starts the name, so voice control finds it (WCAG 2.5.3). */}
                        <button type="submit" class="button button--secondary" aria-label={`${t['prescriptions.medication.end']}: ${line.name}`}>
                          {t['prescriptions.medication.end']}
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}

        <h2>{t['prescriptions.medication.add']}</h2>
        <form method="post" action={path} class="form" novalidate>
          <CsrfField token={request.csrfToken} />
          <TextField
            id="medicijn-naam"
            name="name"
            label={t['prescriptions.medication.addName']}
            hint={t['prescriptions.medication.addHint']}
            value={state.name ?? ''}
            maxLength={MEDICINE_NAME_MAX}
            required
            autocomplete="off"
            error={state.nameError}
          />
          <button type="submit" class="button">
            {t['prescriptions.medication.add']}
          </button>
        </form>

        {ended.length > 0 && (
          <>
            <h2>{t['prescriptions.medication.endedTitle']}</h2>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t['prescriptions.medication.name']}</th>
                    <th scope="col">{t['prescriptions.medication.endedOn']}</th>
                  </tr>
                </thead>
                <tbody>
                  {ended.map((line) => (
                    <tr>
                      <th scope="row">
                        {line.name}
                        <br />
                        <span class="hint">{t['prescriptions.medication.since']({ date: displayDate(line.createdAt) })}</span>
                      </th>
                      <td>{displayDate(line.endedAt!)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        <ul class="links">
          {can(actor, 'patients.read') && (
            <li>
              <a href={`/praktijk/patienten/${patient.id}`}>{t['prescriptions.medication.toPatient']}</a>
            </li>
          )}
          <li>
            <a href={QUEUE_PATH}>{t['prescriptions.backToQueue']}</a>
          </li>
        </ul>
      </ConsoleLayout>,
      state.nameError !== undefined ? 422 : 200,
    );
  };

  const MEDICATION_NOTICES: Record<string, MessageId> = {
    toegevoegd: 'prescriptions.medication.added',
    gestopt: 'prescriptions.medication.endedNotice',
    'al-gestopt': 'prescriptions.medication.alreadyEnded',
  };

  app.get('/praktijk/patienten/:id/herhaalmedicatie', { config: STAFF_ROUTE }, async (request, reply) => {
    const patient = await loadPatient(request);
    if (patient === undefined) return notFound(request, reply, 'view_medication', { patientId: patientIdOf(request) });
    const notice = noticeFor(MEDICATION_NOTICES, (request.query as Record<string, unknown>)['melding']);
    return renderMedication(request, reply, patient, notice === undefined ? {} : { notice });
  });

  app.post('/praktijk/patienten/:id/herhaalmedicatie', { config: STAFF_ROUTE }, async (request, reply) => {
    const actor = actorOf(request);
    const patient = await loadPatient(request);
    if (patient === undefined) return notFound(request, reply, 'add_medication', { patientId: patientIdOf(request) });
    const name = formField(request.body, 'name', MEDICINE_NAME_MAX * 2 + 50);
    const result = await addMedication(deps, { practiceId: patient.practiceId, staffAccountId: actor.accountId, patientAccountId: patient.id, name, client: request.client });
    if (result.outcome === 'invalid') return renderMedication(request, reply, patient, { name, nameError: { id: result.id, text: plainMessage(request.t, result.id) } });
    return reply.redirect(`${medicationPath(patient.id)}?melding=toegevoegd`, 303);
  });

  app.post('/praktijk/patienten/:id/herhaalmedicatie/:medicationId/stoppen', { config: STAFF_ROUTE }, async (request, reply) => {
    const actor = actorOf(request);
    const patient = await loadPatient(request);
    if (patient === undefined) return notFound(request, reply, 'end_medication', { patientId: patientIdOf(request) });
    const medicationId = String((request.params as { medicationId?: string }).medicationId ?? '');
    const result = await stopMedication(deps, { practiceId: patient.practiceId, staffAccountId: actor.accountId, patientAccountId: patient.id, medicationId, client: request.client });
    // The patient is of this practice; the line is not theirs (or does not exist).
    if (result === 'not_found') return notFound(request, reply, 'end_medication', { patientId: patient.id, medicationId }, patient.id);
    return reply.redirect(`${medicationPath(patient.id)}?melding=${result === 'ended' ? 'gestopt' : 'al-gestopt'}`, 303);
  });
}
