/**
 * The console's patient pages: search, add (with an invitation e-mail), view, correct contact
 * details, stop and restart an account, send the invitation again. Every look at patient data
 * and every change is written to the audit trail, with who, whom, what, when and from where.
 */
import { actorOf, displayDate } from './staff-request.ts';
import { plainMessage as text } from '../i18n/messages.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../storage/database.ts';
import type { Clock } from '../security/clock.ts';
import { recordAudit } from '../audit/audit.ts';
import { sendPage } from '../http/render.tsx';
import { CsrfField, ErrorMessage, Notice } from '../http/views/layout.tsx';
import { formField, pageContext } from '../http/plumbing.tsx';
import type { MessageId, Messages } from '../i18n/messages.ts';
import { formatDate } from '../i18n/locale.ts';
import { checkEmail, createAccount, InputError, type AccountServiceDeps } from '../accounts/account.service.ts';
import { issueLink } from '../accounts/account-links.ts';
import { onAddressChanged } from '../accounts/email-change.ts';
import { findAccountById } from '../accounts/account.repository.ts';
import { findPracticeById } from '../practices/practice.repository.ts';
import { endAllSessionsOf } from '../auth/session.ts';
import { ConsoleLayout } from './views/console-layout.tsx';
import { can } from './permissions.ts';
import { findPatient, parseDate, searchPatients, setPatientStatus, updatePatientContact, type PatientRecord } from './patients.repository.ts';

export type PatientRouteDeps = AccountServiceDeps & { readonly db: Db; readonly clock: Clock };

const NOTICES: Record<string, MessageId> = {
  opgeslagen: 'patient.saved',
  toegevoegd: 'patient.created',
  gestopt: 'patient.deactivated',
  aan: 'patient.reactivated',
  uitnodiging: 'patient.activationSent',
};




function statusText(t: Messages, patient: PatientRecord): string {
  return text(t, `patients.status.${patient.status}` as MessageId);
}

interface ContactForm {
  readonly name: string;
  readonly email: string;
  readonly username: string;
  readonly phone: string;
  readonly dateOfBirth: string;
}

function ContactFields(props: { t: Messages; values: ContactForm; withIdentity: boolean; errorField?: string }) {
  const { t, values } = props;
  const invalid = (field: string) => (props.errorField === field ? 'true' : undefined);
  const described = (field: string) => (props.errorField === field ? 'patient-fout' : undefined);
  return (
    <>
      {props.withIdentity && (
        <>
          <div class="field">
            <label for="naam">{t['patient.name']}</label>
            <input id="naam" name="name" type="text" autocomplete="off" required value={values.name} aria-invalid={invalid('name')} aria-describedby={described('name')} />
          </div>
          <div class="field">
            <label for="gebruikersnaam">{t['patient.username']}</label>
            <input id="gebruikersnaam" name="username" type="text" autocomplete="off" autocapitalize="none" spellcheck={false} required value={values.username} aria-invalid={invalid('username')} aria-describedby={described('username')} />
          </div>
        </>
      )}
      <div class="field">
        <label for="email">{t['patient.email']}</label>
        <input id="email" name="email" type="email" autocomplete="off" required value={values.email} aria-invalid={invalid('email')} aria-describedby={described('email')} />
      </div>
      <div class="field">
        <label for="telefoon">{t['patient.phone']}</label>
        <input id="telefoon" name="phone" type="text" inputmode="tel" autocomplete="off" value={values.phone} />
      </div>
      <div class="field">
        <label for="geboortedatum">{t['patient.dateOfBirth']}</label>
        <input id="geboortedatum" name="dateOfBirth" type="text" inputmode="numeric" autocomplete="off" value={values.dateOfBirth} aria-invalid={invalid('dateOfBirth')} aria-describedby={described('dateOfBirth')} />
      </div>
    </>
  );
}

function readContactForm(body: unknown): ContactForm {
  return {
    name: formField(body, 'name', 200).trim(),
    email: formField(body, 'email', 254).trim(),
    username: formField(body, 'username', 100).trim(),
    phone: formField(body, 'phone', 30).trim(),
    dateOfBirth: formField(body, 'dateOfBirth', 20).trim(),
  };
}

/** Checks the contact fields; returns the field in error and its message, or the clean values. */
function checkContact(form: ContactForm):
  | { ok: true; email: string; phone: string | null; dateOfBirth: string | null }
  | { ok: false; field: string; messageId: MessageId } {
  let email: string;
  try {
    email = checkEmail(form.email);
  } catch {
    return { ok: false, field: 'email', messageId: 'patient.error.email' };
  }
  const dateOfBirth = form.dateOfBirth === '' ? null : parseDate(form.dateOfBirth);
  if (form.dateOfBirth !== '' && dateOfBirth === null) return { ok: false, field: 'dateOfBirth', messageId: 'patient.error.date' };
  return { ok: true, email, phone: form.phone === '' ? null : form.phone, dateOfBirth };
}

export function registerPatientRoutes(app: FastifyInstance, deps: PatientRouteDeps): void {
  const audit = (request: FastifyRequest, action: Parameters<typeof recordAudit>[2]['action'], patient: { id: string; practiceId: string } | null, details: Record<string, string | number | boolean | null> = {}, db: Db = deps.db) =>
    recordAudit(db, deps.clock.now(), {
      action,
      outcome: 'success',
      practiceId: patient?.practiceId ?? actorOf(request).practiceId,
      actorAccountId: actorOf(request).accountId,
      subjectAccountId: patient?.id ?? null,
      client: request.client,
      details,
    });

  app.get('/praktijk/patienten', { config: { audience: 'staff', permission: 'patients.read' } }, async (request, reply) => {
    const actor = actorOf(request);
    const t = request.t;
    const query = String((request.query as Record<string, unknown>)['q'] ?? '').slice(0, 100);
    const patients = await searchPatients(deps.db, actor.practiceId, query);
    await audit(request, 'patient.searched', null, { query, results: patients.length });
    return sendPage(
      reply,
      <ConsoleLayout ctx={pageContext(request)} actor={actor} title={t['patients.title']} current="patients">
        <h1>{t['patients.title']}</h1>
        <form method="get" action="/praktijk/patienten" class="form" role="search">
          <div class="field">
            <label for="zoek">{t['patients.search']}</label>
            <input id="zoek" name="q" type="search" value={query} autocomplete="off" />
          </div>
          <button type="submit" class="button">
            {t['patients.searchButton']}
          </button>
        </form>
        {can(actor, 'patients.write') && (
          <p>
            <a class="button button--secondary" href="/praktijk/patienten/nieuw">
              {t['patients.add']}
            </a>{' '}
            <a class="button button--secondary" href="/praktijk/patienten/importeren">
              {t['import.link']}
            </a>
          </p>
        )}
        {patients.length === 0 ? (
          <p data-message-id="patients.none">{t['patients.none']}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t['patients.column.name']}</th>
                  <th scope="col">{t['patients.column.username']}</th>
                  <th scope="col">{t['patients.column.email']}</th>
                  <th scope="col">{t['patients.column.dateOfBirth']}</th>
                  <th scope="col">{t['patients.column.status']}</th>
                  {actor.practiceId === null && <th scope="col">{t['patients.column.practice']}</th>}
                </tr>
              </thead>
              <tbody>
                {patients.map((patient) => (
                  <tr>
                    <td>
                      <a href={`/praktijk/patienten/${patient.id}`}>{patient.displayName}</a>
                    </td>
                    <td>{patient.username}</td>
                    <td>{patient.email}</td>
                    <td>{displayDate(patient.dateOfBirth)}</td>
                    <td>{statusText(t, patient)}</td>
                    {actor.practiceId === null && <td>{patient.practiceName}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ConsoleLayout>,
    );
  });

  const renderNew = (request: FastifyRequest, reply: FastifyReply, values: ContactForm, error?: { field: string; text: string; messageId: MessageId }) => {
    const t = request.t;
    return sendPage(
      reply,
      <ConsoleLayout ctx={pageContext(request)} actor={actorOf(request)} title={t['patients.add']} current="patients">
        <h1>{t['patients.add']}</h1>
        {error !== undefined && (
          <ErrorMessage id="patient-fout" messageId={error.messageId}>
            {error.text}
          </ErrorMessage>
        )}
        <form method="post" action="/praktijk/patienten/nieuw" class="form" novalidate>
          <CsrfField token={request.csrfToken} />
          <ContactFields t={t} values={values} withIdentity {...(error === undefined ? {} : { errorField: error.field })} />
          <button type="submit" class="button">
            {t['patient.create']}
          </button>
        </form>
      </ConsoleLayout>,
      error === undefined ? 200 : 422,
    );
  };

  app.get('/praktijk/patienten/nieuw', { config: { audience: 'staff', permission: 'patients.write' } }, async (request, reply) =>
    renderNew(request, reply, { name: '', email: '', username: '', phone: '', dateOfBirth: '' }),
  );

  app.post('/praktijk/patienten/nieuw', { config: { audience: 'staff', permission: 'patients.write' } }, async (request, reply) => {
    const actor = actorOf(request);
    const form = readContactForm(request.body);
    const checked = checkContact(form);
    if (!checked.ok) return renderNew(request, reply, form, { field: checked.field, messageId: checked.messageId, text: text(request.t, checked.messageId) });
    const practice = actor.practiceId === null ? undefined : await findPracticeById(deps.db, actor.practiceId);
    if (practice === undefined) return reply.code(403).send();
    try {
      const { account } = await createAccount(deps, {
        kind: 'patient',
        practiceSlug: practice.slug,
        name: form.name,
        email: checked.email,
        username: form.username,
        phone: checked.phone,
        dateOfBirth: checked.dateOfBirth,
        createdBy: { accountId: actor.accountId, client: request.client },
      });
      return reply.redirect(`/praktijk/patienten/${account.id}?melding=toegevoegd`, 303);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return renderNew(request, reply, form, { field: 'name', messageId: 'patient.error.input', text: request.t['patient.error.input']({ reason: error.message }) });
    }
  });

  const renderPatient = async (request: FastifyRequest, reply: FastifyReply, patient: PatientRecord, extra: { values?: ContactForm; error?: { field: string; messageId: MessageId } } = {}) => {
    const actor = actorOf(request);
    const t = request.t;
    const noticeKey = String((request.query as Record<string, unknown>)['melding'] ?? '');
    const notice = NOTICES[noticeKey];
    const mayWrite = can(actor, 'patients.write') && actor.practiceId === patient.practiceId;
    const values = extra.values ?? { name: patient.displayName, email: patient.email, username: patient.username, phone: patient.phone ?? '', dateOfBirth: displayDate(patient.dateOfBirth) };
    return sendPage(
      reply,
      <ConsoleLayout ctx={pageContext(request)} actor={actor} title={patient.displayName} current="patients">
        <h1>{patient.displayName}</h1>
        {notice !== undefined && (
          <Notice messageId={notice} tone="success">
            {text(t, notice)}
          </Notice>
        )}
        {extra.error !== undefined && (
          <ErrorMessage id="patient-fout" messageId={extra.error.messageId}>
            {text(t, extra.error.messageId)}
          </ErrorMessage>
        )}
        <dl class="facts">
          <dt>{t['patient.username']}</dt>
          <dd>{patient.username}</dd>
          <dt>{t['patients.column.status']}</dt>
          <dd data-status={patient.status}>{statusText(t, patient)}</dd>
          <dt>{t['patients.column.practice']}</dt>
          <dd>{patient.practiceName}</dd>
          <dt>{t['patients.column.dateOfBirth']}</dt>
          <dd>{displayDate(patient.dateOfBirth)}</dd>
          <dt>{t['patient.email']}</dt>
          <dd>{patient.email}</dd>
          <dt>{t['patient.phone']}</dt>
          <dd>{patient.phone ?? ''}</dd>
          <dt>{t['console.since']}</dt>
          <dd>{formatDate(patient.createdAt, request.locale)}</dd>
        </dl>
        <p>
          <a class="button" href={`/praktijk/patienten/${patient.id}/inloggen`}>
            {t['patient.cannotLogIn']}
          </a>
        </p>
        {mayWrite ? (
          <>
            <h2>{t['patient.editTitle']}</h2>
            <form method="post" action={`/praktijk/patienten/${patient.id}`} class="form" novalidate>
              <CsrfField token={request.csrfToken} />
              <ContactFields t={t} values={values} withIdentity={false} {...(extra.error === undefined ? {} : { errorField: extra.error.field })} />
              <button type="submit" class="button">
                {t['patient.save']}
              </button>
            </form>
            <div class="actions">
              {patient.status === 'awaiting_activation' ? (
                <form method="post" action={`/praktijk/patienten/${patient.id}/uitnodiging`}>
                  <CsrfField token={request.csrfToken} />
                  <button type="submit" class="button button--secondary">
                    {t['patient.sendActivation']}
                  </button>
                </form>
              ) : null}
              <form method="post" action={`/praktijk/patienten/${patient.id}/status`}>
                <CsrfField token={request.csrfToken} />
                <input type="hidden" name="status" value={patient.status === 'deactivated' ? 'on' : 'off'} />
                <button type="submit" class="button button--secondary">
                  {patient.status === 'deactivated' ? t['patient.reactivate'] : t['patient.deactivate']}
                </button>
              </form>
            </div>
          </>
        ) : (
          <p>{t['patient.readOnly']}</p>
        )}
      </ConsoleLayout>,
      extra.error === undefined ? 200 : 422,
    );
  };

  /** The patient, if this actor may see it; staff of another practice get the same 404 as a wrong id. */
  const loadPatient = async (request: FastifyRequest): Promise<PatientRecord | undefined> => {
    const id = String((request.params as { id?: string }).id ?? '');
    return findPatient(deps.db, actorOf(request).practiceId, id);
  };

  app.get('/praktijk/patienten/:id', { config: { audience: 'staff', permission: 'patients.read' } }, async (request, reply) => {
    const patient = await loadPatient(request);
    if (patient === undefined) return reply.callNotFound();
    await audit(request, 'patient.viewed', patient);
    return renderPatient(request, reply, patient);
  });

  app.post('/praktijk/patienten/:id', { config: { audience: 'staff', permission: 'patients.write' } }, async (request, reply) => {
    const actor = actorOf(request);
    const patient = await loadPatient(request);
    if (patient === undefined || actor.practiceId === null) return reply.callNotFound();
    const form = readContactForm(request.body);
    const checked = checkContact(form);
    if (!checked.ok) return renderPatient(request, reply, patient, { values: { ...form, name: patient.displayName, username: patient.username }, error: { field: checked.field, messageId: checked.messageId } });
    const emailChanged = checked.email !== patient.email;
    await deps.db.transaction().execute(async (tx) => {
      const now = deps.clock.now();
      await updatePatientContact(tx, actor.practiceId!, patient.id, checked, now);
      await audit(request, 'patient.updated', patient, { emailChanged, phoneChanged: checked.phone !== patient.phone, dateOfBirthChanged: checked.dateOfBirth !== patient.dateOfBirth }, tx);
      // As when patients change it themselves: open links to the old address stop working, and a
      // change they did not ask for (a mistake, or someone who talked the practice into it) shows
      // up in the old mailbox.
      if (emailChanged) {
        const locale = (await tx.selectFrom('accounts').select('preferred_locale').where('id', '=', patient.id).executeTakeFirst())?.preferred_locale ?? 'nl';
        await onAddressChanged(tx, deps.outbox, { account: { id: patient.id, practiceId: actor.practiceId }, oldEmail: patient.email, newEmail: checked.email, locale }, now);
      }
    });
    if (emailChanged) deps.mailQueued();
    return reply.redirect(`/praktijk/patienten/${patient.id}?melding=opgeslagen`, 303);
  });

  app.post('/praktijk/patienten/:id/status', { config: { audience: 'staff', permission: 'patients.write' } }, async (request, reply) => {
    const actor = actorOf(request);
    const patient = await loadPatient(request);
    if (patient === undefined || actor.practiceId === null) return reply.callNotFound();
    const turnOn = formField(request.body, 'status', 10) === 'on';
    const account = await findAccountById(deps.db, patient.id);
    const status = turnOn ? (account?.passwordHash === null ? 'awaiting_activation' : 'active') : 'deactivated';
    await deps.db.transaction().execute(async (tx) => {
      const now = deps.clock.now();
      await setPatientStatus(tx, actor.practiceId!, patient.id, status, now);
      // A stopped account is out at once: its sessions end now, not at their next expiry.
      if (!turnOn) await endAllSessionsOf(tx, patient.id, now);
      await audit(request, turnOn ? 'patient.reactivated' : 'patient.deactivated', patient, {}, tx);
    });
    return reply.redirect(`/praktijk/patienten/${patient.id}?melding=${turnOn ? 'aan' : 'gestopt'}`, 303);
  });

  app.post('/praktijk/patienten/:id/uitnodiging', { config: { audience: 'staff', permission: 'patients.write' } }, async (request, reply) => {
    const actor = actorOf(request);
    const patient = await loadPatient(request);
    if (patient === undefined || actor.practiceId === null) return reply.callNotFound();
    const account = await findAccountById(deps.db, patient.id);
    if (account === undefined) return reply.callNotFound();
    // Only for an account that never chose a password: an activation link sets a password, so for
    // an active account it would let staff take it over (with a changed address, unseen).
    if (account.status !== 'awaiting_activation') return reply.redirect(`/praktijk/patienten/${patient.id}`, 303);
    await deps.db.transaction().execute(async (tx) => {
      const now = deps.clock.now();
      await issueLink(tx, deps, { account, purpose: 'activation', practiceName: patient.practiceName, locale: 'nl', now });
      await recordAudit(tx, now, {
        action: 'account.activation_sent',
        outcome: 'info',
        practiceId: patient.practiceId,
        actorAccountId: actor.accountId,
        subjectAccountId: patient.id,
        client: request.client,
      });
    });
    deps.mailQueued();
    return reply.redirect(`/praktijk/patienten/${patient.id}?melding=uitnodiging`, 303);
  });
}
