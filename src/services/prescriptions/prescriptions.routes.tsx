/**
 * The patient's pages: `/herhaalrecept` (their requests, newest first, and the form for a new
 * one) and `/herhaalrecept/:requestId`. Every query is scoped by the patient's own account id and
 * practice id, so another patient's request id answers 404 like one that does not exist. Every
 * look and every request is in the audit trail.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../../audit/audit.ts';
import { sendPage } from '../../http/render.tsx';
import { CsrfField, Layout, Notice } from '../../http/views/layout.tsx';
import { CheckboxField, ErrorSummary, TextAreaField, TextField, type FieldError } from '../../http/views/form.tsx';
import { formField, pageContext } from '../../http/plumbing.tsx';
import { plainMessage, type Messages } from '../../i18n/messages.ts';
import { formatDate } from '../../i18n/locale.ts';
import { PATIENT_DOOR } from '../../auth/sign-in.routes.tsx';
import type { Account } from '../../accounts/account.repository.ts';
import {
  MEDICINES_PER_REQUEST_MAX,
  MEDICINE_NAME_MAX,
  OPEN_REQUESTS_MAX,
  PHARMACY_MAX,
  REMARK_MAX,
  TYPED_LINES_MAX,
  type ActiveMedication,
  type RequestField,
  type RequestForm,
} from './prescriptions.rules.ts';
import { activeMedications, countOpenRequests, findRequest, lastPharmacy, requestsOfPatient, type PrescriptionRequest } from './prescriptions.repository.ts';
import { submitRequest, type PrescriptionDeps } from './prescriptions.service.ts';
import { recordNotFound } from '../services.ts';
import { ItemList, StatusBadge, dateTime } from './prescriptions.views.tsx';

export const PATIENT_PRESCRIPTIONS_PATH = '/herhaalrecept';

// With the service off the patient still reads their requests (a rejection's reason too), but
// cannot send a new one.
const PATIENT_EXISTING_ROUTE = { audience: 'patient', service: 'prescriptions', serviceOff: 'open' } as const;
const PATIENT_NEW_ROUTE = { audience: 'patient', service: 'prescriptions', serviceOff: 'closed' } as const;

/** Every value of a repeated form field (checkboxes, several lines), at most `maxItems`, each cut at `maxLength`. */
export function formList(body: unknown, name: string, maxItems: number, maxLength: number): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values
    .slice(0, maxItems)
    .filter((item): item is string => typeof item === 'string')
    .map((item) => item.slice(0, maxLength));
}

function readRequestForm(body: unknown): RequestForm {
  return {
    // One more than allowed is read, so "too many" is reported rather than cut silently; and texts
    // up to twice their limit in UTF-16 units (an emoji is two, a browser's CRLF is two), so a
    // text that fits as the database counts is never cut, and one that does not is refused.
    medicationIds: formList(body, 'medication', MEDICINES_PER_REQUEST_MAX + 1, 40),
    typedLines: formList(body, 'line', TYPED_LINES_MAX + 1, MEDICINE_NAME_MAX * 2 + 50),
    pharmacy: formField(body, 'pharmacy', PHARMACY_MAX * 2 + 50),
    remark: formField(body, 'remark', REMARK_MAX * 2 + 50),
  };
}

/** The patient signed in on a route with audience 'patient' always belongs to a practice. */
function patientOf(request: FastifyRequest): Account & { practiceId: string } {
  const account = request.signedIn!.account;
  if (account.practiceId === null) throw new Error('patient without a practice');
  return account as Account & { practiceId: string };
}

function Explanation(props: { t: Messages; request: PrescriptionRequest }) {
  const { t, request } = props;
  const id = `prescriptions.explain.${request.status}` as const;
  const text = request.status === 'ready' ? t['prescriptions.explain.ready']({ pharmacy: request.pharmacy }) : plainMessage(t, id);
  return (
    <>
      <p class="request__explain" data-message-id={id}>
        {text}
      </p>
      {request.status === 'rejected' && request.rejectionReason !== null && (
        <div class="request__reason">
          <p>
            <strong>{t['prescriptions.reason']}:</strong>
          </p>
          <p class="opening-hours">{request.rejectionReason}</p>
        </div>
      )}
    </>
  );
}

export function registerPatientPrescriptionRoutes(app: FastifyInstance, deps: PrescriptionDeps): void {
  const FIELD_IDS: Record<RequestField, (active: readonly ActiveMedication[]) => string> = {
    medicines: (active) => (active.length > 0 ? `medicijn-${active[0]!.id}` : 'medicijn-regel-1'),
    pharmacy: () => 'apotheek',
    remark: () => 'opmerking',
  };

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { notice?: 'requested'; form?: RequestForm; errors?: ReadonlyArray<{ field: RequestField; error: FieldError }>; tooManyOpen?: boolean } = {},
  ) => {
    const patient = patientOf(request);
    const t = request.t;
    const [requests, active, open, pharmacy] = await Promise.all([
      requestsOfPatient(deps.db, patient.practiceId, patient.id),
      activeMedications(deps.db, patient.practiceId, patient.id),
      countOpenRequests(deps.db, patient.practiceId, patient.id),
      lastPharmacy(deps.db, patient.practiceId, patient.id),
    ]);
    await recordAudit(deps.db, deps.clock.now(), {
      action: 'prescription.list_viewed',
      outcome: 'success',
      practiceId: patient.practiceId,
      actorAccountId: patient.id,
      subjectAccountId: patient.id,
      client: request.client,
      details: { requests: requests.length, activeMedications: active.length },
    });
    const values: RequestForm = state.form ?? { medicationIds: [], typedLines: [], pharmacy: pharmacy ?? '', remark: '' };
    const errors = state.errors ?? [];
    const errorOf = (field: RequestField) => errors.find((item) => item.field === field)?.error;
    const medicinesError = errorOf('medicines');
    const mayRequest = open < OPEN_REQUESTS_MAX;
    // With the service off the page shows what exists and offers nothing new.
    const serviceOn = request.serviceOn;
    const status = errors.length > 0 ? 422 : state.tooManyOpen === true ? 409 : 200;
    return sendPage(
      reply,
      <Layout ctx={pageContext(request, PATIENT_DOOR.logout)} title={t['service.prescriptions']}>
        <h1>{t['service.prescriptions']}</h1>
        {state.notice === 'requested' && (
          <Notice messageId="prescriptions.requested" tone="success">
            {t['prescriptions.requested']}
          </Notice>
        )}
        <ErrorSummary title={t['layout.errorSummary']} errors={errors.map((item) => ({ fieldId: FIELD_IDS[item.field](active), error: item.error }))} />
        {serviceOn && <p>{t['prescriptions.intro']}</p>}
        {serviceOn && mayRequest && (
          <p>
            <a href="#nieuwe-aanvraag">{t['prescriptions.newLink']}</a>
          </p>
        )}

        <h2>{t['prescriptions.mine']}</h2>
        {requests.length === 0 ? (
          <p data-message-id="prescriptions.none">{t['prescriptions.none']}</p>
        ) : (
          <ul class="services">
            {requests.map((item) => (
              <li class="service" data-request={item.id}>
                <h3>
                  <a href={`${PATIENT_PRESCRIPTIONS_PATH}/${item.id}`}>{t['prescriptions.requestOf']({ date: formatDate(item.createdAt, request.locale) })}</a>
                </h3>
                <p>
                  {t['prescriptions.statusLabel']}: <StatusBadge t={t} status={item.status} />
                </p>
                <Explanation t={t} request={item} />
                <ItemList items={item.items} />
              </li>
            ))}
          </ul>
        )}

        <h2 id="nieuwe-aanvraag">{t['prescriptions.new']}</h2>
        {!serviceOn ? (
          <Notice messageId="service.off">{t['service.off']}</Notice>
        ) : !mayRequest ? (
          <Notice messageId="prescriptions.tooManyOpen" tone="warning">
            {t['prescriptions.tooManyOpen']}
          </Notice>
        ) : (
          <form method="post" action={PATIENT_PRESCRIPTIONS_PATH} class="form" novalidate>
            <CsrfField token={request.csrfToken} />
            <fieldset aria-describedby={['medicijnen-uitleg', medicinesError !== undefined ? 'medicijnen-fout' : null].filter((id) => id !== null).join(' ')}>
              <legend>{t['prescriptions.form.choose']}</legend>
              <p class="hint" id="medicijnen-uitleg">
                {active.length > 0 ? t['prescriptions.form.chooseHint'] : t['prescriptions.form.typeHint']}
              </p>
              {medicinesError !== undefined && (
                <p class="field-error" id="medicijnen-fout" data-message-id={medicinesError.id}>
                  {medicinesError.text}
                </p>
              )}
              {active.length > 0
                ? active.map((line) => (
                    <CheckboxField id={`medicijn-${line.id}`} name="medication" value={line.id} label={line.name} checked={values.medicationIds.includes(line.id)} />
                  ))
                : Array.from({ length: TYPED_LINES_MAX }, (_, index) => (
                    <TextField
                      id={`medicijn-regel-${index + 1}`}
                      name="line"
                      label={t['prescriptions.form.typeLine']({ n: index + 1 })}
                      value={values.typedLines[index] ?? ''}
                      maxLength={MEDICINE_NAME_MAX}
                      autocomplete="off"
                    />
                  ))}
            </fieldset>
            <TextField
              id="apotheek"
              name="pharmacy"
              label={t['prescriptions.form.pharmacy']}
              hint={t['prescriptions.form.pharmacyHint']}
              value={values.pharmacy}
              maxLength={PHARMACY_MAX}
              required
              autocomplete="off"
              error={errorOf('pharmacy')}
            />
            <TextAreaField
              id="opmerking"
              name="remark"
              label={t['prescriptions.form.remark']}
              hint={t['prescriptions.form.remarkHint']}
              value={values.remark}
              rows={3}
              maxLength={REMARK_MAX}
              error={errorOf('remark')}
            />
            <button type="submit" class="button">
              {t['prescriptions.form.submit']}
            </button>
          </form>
        )}
        <p>
          <a href={PATIENT_DOOR.home}>{t['prescriptions.backHome']}</a>
        </p>
      </Layout>,
      status,
    );
  };

  app.get(PATIENT_PRESCRIPTIONS_PATH, { config: PATIENT_EXISTING_ROUTE }, async (request, reply) =>
    render(request, reply, (request.query as Record<string, unknown>)['melding'] === 'aangevraagd' ? { notice: 'requested' } : {}),
  );

  app.post(PATIENT_PRESCRIPTIONS_PATH, { config: PATIENT_NEW_ROUTE }, async (request, reply) => {
    const patient = patientOf(request);
    const form = readRequestForm(request.body);
    const result = await submitRequest(deps, { practiceId: patient.practiceId, patientAccountId: patient.id, form, client: request.client });
    if (result.outcome === 'requested') return reply.redirect(`${PATIENT_PRESCRIPTIONS_PATH}?melding=aangevraagd`, 303);
    if (result.outcome === 'too_many_open') return render(request, reply, { form, tooManyOpen: true });
    const t = request.t;
    return render(request, reply, { form, errors: result.errors.map((item) => ({ field: item.field, error: { id: item.id, text: plainMessage(t, item.id) } })) });
  });

  app.get(`${PATIENT_PRESCRIPTIONS_PATH}/:requestId`, { config: PATIENT_EXISTING_ROUTE }, async (request, reply) => {
    const patient = patientOf(request);
    const t = request.t;
    const requestId = String((request.params as { requestId?: string }).requestId ?? '');
    const item = await findRequest(deps.db, patient.practiceId, requestId, patient.id);
    if (item === undefined) {
      await recordNotFound(deps.db, deps.clock.now(), { action: 'prescription.not_found', actor: { practiceId: patient.practiceId, accountId: patient.id, client: request.client }, attempt: 'view', looked: { requestId } });
      return reply.callNotFound();
    }
    await recordAudit(deps.db, deps.clock.now(), {
      action: 'prescription.viewed',
      outcome: 'success',
      practiceId: patient.practiceId,
      actorAccountId: patient.id,
      subjectAccountId: patient.id,
      client: request.client,
      details: { requestId: item.id, status: item.status },
    });
    const title = t['prescriptions.requestOf']({ date: formatDate(item.createdAt, request.locale) });
    return sendPage(
      reply,
      <Layout ctx={pageContext(request, PATIENT_DOOR.logout)} title={title}>
        <h1>{title}</h1>
        <p>
          {t['prescriptions.statusLabel']}: <StatusBadge t={t} status={item.status} />
        </p>
        <Explanation t={t} request={item} />
        <h2>{t['prescriptions.medicines']}</h2>
        <ItemList items={item.items} />
        <dl class="facts">
          <dt>{t['prescriptions.pharmacy']}</dt>
          <dd>{item.pharmacy}</dd>
          {item.remark !== null && (
            <>
              <dt>{t['prescriptions.remark']}</dt>
              <dd class="opening-hours">{item.remark}</dd>
            </>
          )}
          <dt>{t['prescriptions.requestedAt']}</dt>
          <dd>{dateTime(item.createdAt, request.locale)}</dd>
          <dt>{t['prescriptions.updatedAt']}</dt>
          <dd>{dateTime(item.updatedAt, request.locale)}</dd>
        </dl>
        <p>
          <a href={PATIENT_PRESCRIPTIONS_PATH}>{t['prescriptions.back']}</a>
        </p>
      </Layout>,
    );
  });
}
