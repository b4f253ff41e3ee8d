/**
 * Importing patients from a CSV file, in two steps and without JavaScript:
 *
 * 1. `Controleren`: the file is uploaded (multipart), read and every row checked. With any
 *    problem the page lists the rows to fix and nothing is stored. When every row is right, the
 *    checked rows are stored as a `previewed` import and the page offers to import them.
 * 2. `Importeren`: one transaction inserts every patient (many rows per statement), queues the
 *    invitations and writes the audit trail, or does none of it. The import's state moves from
 *    `previewed` to `imported` under a row lock, so a second click imports nothing.
 */
import { actorOf, displayDate } from './staff-request.ts';
import { plainMessage as text } from '../i18n/messages.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import type { Db } from '../storage/database.ts';
import type { Clock } from '../security/clock.ts';
import type { StoredImportRow } from '../storage/schema.ts';
import { recordAudit, recordAudits } from '../audit/audit.ts';
import { sendPage } from '../http/render.tsx';
import { CsrfField, ErrorMessage, Notice } from '../http/views/layout.tsx';
import { formField, pageContext } from '../http/plumbing.tsx';
import type { MessageId, Messages } from '../i18n/messages.ts';
import { formatDate, formatTime } from '../i18n/locale.ts';
import type { AccountServiceDeps } from '../accounts/account.service.ts';
import { issueLinks } from '../accounts/account-links.ts';
import { findPracticeById } from '../practices/practice.repository.ts';
import { ConsoleLayout } from './views/console-layout.tsx';
import { checkPatientCsv, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, type CheckedRow, type FileProblem, type RowProblem } from './patient-import.ts';
import { claimImport, createImport, expireImports, findImport, importSample, insertImportedPatients, takenUsernames, type PatientImport } from './patient-import.repository.ts';

export type PatientImportRouteDeps = AccountServiceDeps & { readonly db: Db; readonly clock: Clock };

const IMPORT_PATH = '/praktijk/patienten/importeren';
/** A checked file must be imported within this time; after that it is checked again. */
export const PREVIEW_MINUTES = 60;
/** Rows shown on the preview: the first rows with errors, or a sample of a good file. */
const ERROR_ROWS_SHOWN = 500;
const SAMPLE_ROWS_SHOWN = 50;
const MEGABYTES = MAX_IMPORT_BYTES / (1024 * 1024);

const EXAMPLE = [
  'naam;email;gebruikersnaam;geboortedatum;telefoon',
  'Jan de Vries;jan@example.nl;jandevries;31-12-1950;06-12345678',
  'Fatima el Amrani;fatima@example.nl;fatima.elamrani;;',
].join('\n');

/** The username of a row was taken by another account between the check and the import. */
class UsernameTakenMeanwhile extends Error {
  constructor(
    readonly username: string,
    readonly line: number,
  ) {
    super(`username ${username} was taken during the import`);
  }
}




function fileProblemText(t: Messages, problem: FileProblem): { messageId: MessageId; text: string } {
  switch (problem.kind) {
    case 'empty':
      return { messageId: 'import.error.empty', text: t['import.error.empty'] };
    case 'encoding':
      return { messageId: 'import.error.encoding', text: t['import.error.encoding'] };
    case 'noRows':
      return { messageId: 'import.error.noRows', text: t['import.error.noRows'] };
    case 'syntax':
      return { messageId: 'import.error.syntax', text: t['import.error.syntax']({ line: problem.line }) };
    case 'missingColumns':
      return { messageId: 'import.error.missingColumns', text: t['import.error.missingColumns']({ columns: problem.columns.join(', ') }) };
    case 'unknownColumns':
      return { messageId: 'import.error.unknownColumns', text: t['import.error.unknownColumns']({ columns: problem.columns.join(', ') }) };
    case 'duplicateColumns':
      return { messageId: 'import.error.duplicateColumns', text: t['import.error.duplicateColumns']({ columns: problem.columns.join(', ') }) };
    case 'tooManyRows':
      return { messageId: 'import.error.tooManyRows', text: t['import.error.tooManyRows']({ count: problem.count, max: problem.max }) };
  }
}

function rowProblemText(t: Messages, problem: RowProblem): string {
  switch (problem.kind) {
    case 'columns':
      return t['import.problem.columns']({ found: problem.found, expected: problem.expected });
    case 'usernameTwice':
      return t['import.problem.usernameTwice']({ line: problem.otherLine });
    default:
      return text(t, `import.problem.${problem.kind}`);
  }
}

function FormatHelp(props: { t: Messages }) {
  const { t } = props;
  return (
    <section aria-labelledby="formaat">
      <h2 id="formaat">{t['import.format.title']}</h2>
      <p>{t['import.format.header']}</p>
      <ul>
        <li>{t['import.format.naam']}</li>
        <li>{t['import.format.email']}</li>
        <li>{t['import.format.gebruikersnaam']}</li>
        <li>{t['import.format.geboortedatum']}</li>
        <li>{t['import.format.telefoon']}</li>
      </ul>
      <p>{t['import.format.separator']}</p>
      <p>{t['import.format.encoding']}</p>
      <p>{t['import.format.limit']({ rows: MAX_IMPORT_ROWS, megabytes: MEGABYTES })}</p>
      <h3>{t['import.format.example']}</h3>
      <pre>{EXAMPLE}</pre>
    </section>
  );
}

function UploadForm(props: { t: Messages; csrfToken: string; error?: boolean }) {
  const { t } = props;
  // A multipart body is read only by the handler, after the CSRF check: the token goes in the
  // address instead of a hidden field (see the CSRF hook in src/http/plumbing.tsx).
  return (
    <form method="post" action={`${IMPORT_PATH}?_csrf=${encodeURIComponent(props.csrfToken)}`} enctype="multipart/form-data" class="form">
      <div class="field">
        <label for="csv-bestand">{t['import.file']}</label>
        <input
          id="csv-bestand"
          name="bestand"
          type="file"
          accept=".csv,text/csv"
          required
          aria-invalid={props.error === true ? 'true' : undefined}
          aria-describedby={props.error === true ? 'import-fout' : undefined}
        />
      </div>
      <button type="submit" class="button">
        {t['import.check']}
      </button>
    </form>
  );
}

function RowsTable(props: { t: Messages; rows: ReadonlyArray<{ line: number; name: string; email: string; username: string; dateOfBirth: string; phone: string; problems?: ReadonlyArray<{ kind: string; text: string }> }>; caption: string; withProblems: boolean }) {
  const { t } = props;
  return (
    // Focusable, so a keyboard can scroll a table wider than the page.
    <div class="table-wrap" tabIndex={0} role="region" aria-label={props.caption}>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t['import.column.line']}</th>
            {props.withProblems && <th scope="col">{t['import.column.problem']}</th>}
            <th scope="col">{t['patients.column.name']}</th>
            <th scope="col">{t['patients.column.email']}</th>
            <th scope="col">{t['patients.column.username']}</th>
            <th scope="col">{t['patients.column.dateOfBirth']}</th>
            <th scope="col">{t['patient.phone']}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr data-line={row.line}>
              <th scope="row">{row.line}</th>
              {props.withProblems && (
                <td>
                  {(row.problems ?? []).length === 1 ? (
                    <p data-problem={row.problems![0]!.kind}>{row.problems![0]!.text}</p>
                  ) : (
                    <ul>
                      {(row.problems ?? []).map((problem) => (
                        <li data-problem={problem.kind}>{problem.text}</li>
                      ))}
                    </ul>
                  )}
                </td>
              )}
              <td>{row.name}</td>
              <td>{row.email}</td>
              <td>{row.username}</td>
              <td>{row.dateOfBirth}</td>
              <td>{row.phone}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function storedRowsForTable(rows: readonly StoredImportRow[]) {
  return rows.map((row) => ({ line: row.line, name: row.name, email: row.email, username: row.username, dateOfBirth: displayDate(row.dateOfBirth), phone: row.phone ?? '' }));
}

function ConfirmForm(props: { t: Messages; csrfToken: string; importId: string; count: number }) {
  const { t } = props;
  return (
    <form method="post" action={`${IMPORT_PATH}/${props.importId}`} class="form">
      <CsrfField token={props.csrfToken} />
      <div class="field field--checkbox">
        <input id="uitnodigen" name="uitnodigen" type="checkbox" value="ja" checked aria-describedby="uitnodigen-uitleg" />
        <label for="uitnodigen">{t['import.invite']}</label>
      </div>
      <p class="hint" id="uitnodigen-uitleg">
        {t['import.inviteHint']}
      </p>
      <button type="submit" class="button">
        {t['import.confirm']({ count: props.count })}
      </button>
    </form>
  );
}

export function registerPatientImportRoutes(app: FastifyInstance, deps: PatientImportRouteDeps): void {
  const config = { audience: 'staff', permission: 'patients.write' } as const;

  const renderUpload = (request: FastifyRequest, reply: FastifyReply, status: number, error?: { messageId: MessageId; text: string }, checked?: { rows: readonly CheckedRow[]; errorCount: number }) => {
    const t = request.t;
    const errorRows = checked?.rows.filter((row) => row.problems.length > 0).slice(0, ERROR_ROWS_SHOWN) ?? [];
    return sendPage(
      reply,
      <ConsoleLayout ctx={pageContext(request)} actor={actorOf(request)} title={t['import.title']} current="patients">
        <h1>{t['import.title']}</h1>
        {error !== undefined && (
          <ErrorMessage id="import-fout" messageId={error.messageId}>
            {error.text}
          </ErrorMessage>
        )}
        {checked !== undefined && (
          <>
            <p data-message-id="import.counts">{t['import.counts']({ total: checked.rows.length, ok: checked.rows.length - checked.errorCount, errors: checked.errorCount })}</p>
            {errorRows.length < checked.errorCount && <p data-message-id="import.error.rowsShown">{t['import.error.rowsShown']({ shown: errorRows.length, errors: checked.errorCount })}</p>}
            <RowsTable
              t={t}
              caption={t['import.errorCaption']}
              withProblems
              rows={errorRows.map((row) => ({
                line: row.line,
                name: row.input.naam,
                email: row.input.email,
                username: row.input.gebruikersnaam,
                dateOfBirth: row.input.geboortedatum,
                phone: row.input.telefoon,
                problems: row.problems.map((problem) => ({ kind: problem.kind, text: rowProblemText(t, problem) })),
              }))}
            />
            <h2>{t['import.again']}</h2>
          </>
        )}
        {checked === undefined && <p>{t['import.intro']}</p>}
        <UploadForm t={t} csrfToken={request.csrfToken} error={error !== undefined} />
        <FormatHelp t={t} />
      </ConsoleLayout>,
      status,
    );
  };

  const renderPreview = async (request: FastifyRequest, reply: FastifyReply, found: PatientImport, sample?: readonly StoredImportRow[]) => {
    const t = request.t;
    const rows = sample ?? (await importSample(deps.db, found.practiceId, found.id, SAMPLE_ROWS_SHOWN));
    return sendPage(
      reply,
      <ConsoleLayout ctx={pageContext(request)} actor={actorOf(request)} title={t['import.title']} current="patients">
        <h1>{t['import.title']}</h1>
        <Notice messageId="import.ok" tone="success">
          {t['import.ok']({ count: found.rowCount })}
        </Notice>
        <RowsTable t={t} caption={t['import.sample']({ shown: rows.length, count: found.rowCount })} withProblems={false} rows={storedRowsForTable(rows)} />
        <p>{t['import.validFor']({ minutes: PREVIEW_MINUTES })}</p>
        <ConfirmForm t={t} csrfToken={request.csrfToken} importId={found.id} count={found.rowCount} />
        <p>
          <a href={IMPORT_PATH}>{t['import.again']}</a>
        </p>
      </ConsoleLayout>,
    );
  };

  const renderOutcome = (request: FastifyRequest, reply: FastifyReply, found: PatientImport, status = 200, error?: { messageId: MessageId; text: string }) => {
    const t = request.t;
    const notice = String((request.query as Record<string, unknown>)['melding'] ?? '');
    return sendPage(
      reply,
      <ConsoleLayout ctx={pageContext(request)} actor={actorOf(request)} title={t['import.title']} current="patients">
        <h1>{t['import.title']}</h1>
        {error !== undefined && (
          <ErrorMessage id="import-fout" messageId={error.messageId}>
            {error.text}
          </ErrorMessage>
        )}
        {found.state === 'imported' && found.importedAt !== null ? (
          <>
            <Notice messageId="import.done" tone="success">
              {t['import.done']({ count: found.rowCount, time: `${formatDate(found.importedAt, request.locale)} ${formatTime(found.importedAt)}` })}
            </Notice>
            {notice === 'uitgenodigd' && <p data-message-id="import.doneInvited">{t['import.doneInvited']}</p>}
            {notice === 'geimporteerd' && <p data-message-id="import.doneNotInvited">{t['import.doneNotInvited']}</p>}
            <p>
              <a class="button" href="/praktijk/patienten">
                {t['import.toPatients']}
              </a>
            </p>
          </>
        ) : (
          <>
            {error === undefined && <p data-message-id="import.expired">{t['import.expired']}</p>}
            <p>
              <a class="button" href={IMPORT_PATH}>
                {t['import.again']}
              </a>
            </p>
          </>
        )}
      </ConsoleLayout>,
      status,
    );
  };

  const importParam = (request: FastifyRequest) => String((request.params as { importId?: string }).importId ?? '');
  const previewCutoff = (now: Date) => new Date(now.getTime() - PREVIEW_MINUTES * 60_000);

  // Its own scope: the multipart parser serves these routes only; every other form stays
  // `application/x-www-form-urlencoded` with its 16 KiB limit.
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 6, headerPairs: 100 },
    });

    scope.get(IMPORT_PATH, { config }, async (request, reply) => renderUpload(request, reply, 200));

    scope.post(IMPORT_PATH, { config }, async (request, reply) => {
      const t = request.t;
      const actor = actorOf(request);
      if (actor.practiceId === null) return reply.callNotFound();
      let content: Buffer | undefined;
      try {
        const file = request.isMultipart() ? await request.file() : undefined;
        content = file === undefined ? undefined : await file.toBuffer();
      } catch (error) {
        if (error instanceof scope.multipartErrors.RequestFileTooLargeError) {
          return renderUpload(request, reply, 413, { messageId: 'import.error.tooLarge', text: t['import.error.tooLarge']({ megabytes: MEGABYTES }) });
        }
        throw error;
      }
      if (content === undefined || content.length === 0) return renderUpload(request, reply, 422, { messageId: 'import.error.noFile', text: t['import.error.noFile'] });

      const now = deps.clock.now();
      const checked = await checkPatientCsv(content, {
        takenUsernames: (usernames) => takenUsernames(deps.db, usernames),
        today: now.toISOString().slice(0, 10),
      });
      if (!checked.ok) return renderUpload(request, reply, 422, fileProblemText(t, checked.problem));
      if (checked.errorCount > 0) {
        return renderUpload(
          request,
          reply,
          422,
          { messageId: 'import.error.rows', text: t['import.error.rows']({ errors: checked.errorCount, total: checked.rows.length }) },
          checked,
        );
      }

      const rows = checked.rows.map((row) => row.value!);
      // Checked files nobody imported in time go, with their rows, when the next one comes.
      await expireImports(deps.db, actor.practiceId, { olderThan: previewCutoff(now) });
      const id = await createImport(deps.db, { practiceId: actor.practiceId, createdBy: actor.accountId, rows, now });
      const found = await findImport(deps.db, actor.practiceId, id);
      return renderPreview(request, reply, found!, rows.slice(0, SAMPLE_ROWS_SHOWN));
    });

    scope.get(`${IMPORT_PATH}/:importId`, { config }, async (request, reply) => {
      const actor = actorOf(request);
      const found = actor.practiceId === null ? undefined : await findImport(deps.db, actor.practiceId, importParam(request));
      if (found === undefined) return reply.callNotFound();
      if (found.state === 'previewed' && found.createdAt >= previewCutoff(deps.clock.now())) return renderPreview(request, reply, found);
      if (found.state === 'previewed') {
        await expireImports(deps.db, found.practiceId, { id: found.id });
        return renderOutcome(request, reply, { ...found, state: 'expired' });
      }
      return renderOutcome(request, reply, found);
    });

    scope.post(`${IMPORT_PATH}/:importId`, { config }, async (request, reply) => {
      const actor = actorOf(request);
      const practiceId = actor.practiceId;
      const found = practiceId === null ? undefined : await findImport(deps.db, practiceId, importParam(request));
      if (practiceId === null || found === undefined) return reply.callNotFound();
      const practice = await findPracticeById(deps.db, practiceId);
      if (practice === undefined) return reply.callNotFound();
      const invite = formField(request.body, 'uitnodigen', 10) === 'ja';
      const now = deps.clock.now();
      const statusPath = `${IMPORT_PATH}/${found.id}`;

      let imported: number | null;
      try {
        imported = await deps.db.transaction().execute(async (tx) => {
          const rows = await claimImport(tx, practiceId, found.id, now, previewCutoff(now));
          if (rows === undefined) return null;
          const accounts = await insertImportedPatients(tx, practiceId, rows);
          if (accounts.length !== rows.length) {
            const inserted = new Set(accounts.map((account) => account.username));
            const lost = rows.find((row) => !inserted.has(row.username))!;
            throw new UsernameTakenMeanwhile(lost.username, lost.line);
          }
          const who = { practiceId, actorAccountId: actor.accountId, client: request.client };
          await recordAudits(
            tx,
            now,
            accounts.map((account) => ({ ...who, action: 'account.created' as const, outcome: 'success' as const, subjectAccountId: account.id, details: { kind: 'patient', role: null, withPassword: false, importId: found.id } })),
          );
          if (invite) {
            await issueLinks(tx, deps, { accounts, purpose: 'activation', practiceName: practice.name, locale: 'nl', now });
            await recordAudits(
              tx,
              now,
              accounts.map((account) => ({ ...who, action: 'account.activation_sent' as const, outcome: 'info' as const, subjectAccountId: account.id })),
            );
          }
          await recordAudit(tx, now, { ...who, action: 'patient.imported', outcome: 'success', details: { importId: found.id, count: accounts.length, invited: invite } });
          return accounts.length;
        });
      } catch (error) {
        if (!(error instanceof UsernameTakenMeanwhile)) throw error;
        // All rolled back. The check no longer holds, so this import cannot be tried again.
        await expireImports(deps.db, practiceId, { id: found.id });
        await recordAudit(deps.db, deps.clock.now(), {
          action: 'patient.imported',
          outcome: 'failure',
          practiceId,
          actorAccountId: actor.accountId,
          client: request.client,
          details: { importId: found.id, count: 0, reason: 'username taken meanwhile' },
        });
        const t = request.t;
        return renderOutcome(request, reply, { ...found, state: 'expired' }, 409, {
          messageId: 'import.error.taken',
          text: t['import.error.taken']({ username: error.username, line: error.line }),
        });
      }
      if (imported === null) {
        // Imported already (a second click), or expired: nothing happened now.
        if (found.state === 'previewed') await expireImports(deps.db, practiceId, { olderThan: previewCutoff(now) });
        return reply.redirect(statusPath, 303);
      }
      if (invite) deps.mailQueued();
      return reply.redirect(`${statusPath}?melding=${invite ? 'uitgenodigd' : 'geimporteerd'}`, 303);
    });
  });
}
