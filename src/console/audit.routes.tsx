/**
 * The audit trail for the practice manager: who did what, on whose record, when, from where and
 * with what outcome (the fields NEN 7513 asks for), filtered and exported as CSV. Looking at the
 * trail and exporting it are themselves recorded.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { Clock } from '../security/clock.ts';
import { AUDIT_ACTIONS, recordAudit } from '../audit/audit.ts';
import { sendPage } from '../http/render.tsx';
import { pageContext } from '../http/plumbing.tsx';
import type { Messages } from '../i18n/messages.ts';
import { ConsoleLayout } from './views/console-layout.tsx';
import { can, type StaffActor } from './permissions.ts';
import { parseDate } from './patients.repository.ts';

export interface AuditFilter {
  readonly person: string;
  readonly staff: string;
  readonly action: string;
  readonly from: string;
  readonly to: string;
}

export interface AuditRow {
  readonly occurredAt: Date;
  readonly actor: string | null;
  readonly subject: string | null;
  readonly action: string;
  readonly outcome: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly details: Record<string, unknown>;
}

const PAGE_SIZE = 100;
const EXPORT_LIMIT = 100_000;

function readFilter(query: Record<string, unknown>): AuditFilter {
  const field = (name: string, max = 100) => String(query[name] ?? '').trim().slice(0, max);
  return { person: field('patient'), staff: field('medewerker'), action: field('actie', 60), from: field('van', 10), to: field('tot', 10) };
}

/** Events of one practice matching the filter, newest first. */
export async function findAuditEvents(db: Db, practiceId: string, filter: AuditFilter, limit: number): Promise<AuditRow[]> {
  let query = db
    .selectFrom('audit_events')
    .leftJoin('accounts as actor', 'actor.id', 'audit_events.actor_account_id')
    .leftJoin('accounts as subject', 'subject.id', 'audit_events.subject_account_id')
    .select([
      'audit_events.occurred_at',
      'actor.display_name as actor_name',
      'actor.username as actor_username',
      'subject.display_name as subject_name',
      'subject.username as subject_username',
      'audit_events.action',
      'audit_events.outcome',
      'audit_events.ip',
      'audit_events.user_agent',
      'audit_events.details',
    ])
    .where('audit_events.practice_id', '=', practiceId);
  const like = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  if (filter.person !== '') {
    const pattern = like(filter.person);
    query = query.where((eb) => eb.or([eb('subject.username', 'like', pattern), eb(eb.fn('lower', ['subject.display_name']), 'like', pattern)]));
  }
  if (filter.staff !== '') {
    const pattern = like(filter.staff);
    query = query.where((eb) => eb.or([eb('actor.username', 'like', pattern), eb(eb.fn('lower', ['actor.display_name']), 'like', pattern)]));
  }
  if (filter.action !== '') query = query.where('audit_events.action', '=', filter.action);
  const from = parseDate(filter.from);
  const to = parseDate(filter.to);
  if (from !== null) query = query.where(sql<boolean>`audit_events.occurred_at >= (${from}::date)::timestamp AT TIME ZONE 'Europe/Amsterdam'`);
  if (to !== null) query = query.where(sql<boolean>`audit_events.occurred_at < ((${to}::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')`);
  const rows = await query.orderBy('audit_events.occurred_at', 'desc').limit(limit).execute();
  return rows.map((row) => ({
    occurredAt: row.occurred_at,
    actor: row.actor_name === null ? null : `${row.actor_name} (${row.actor_username})`,
    subject: row.subject_name === null ? null : `${row.subject_name} (${row.subject_username})`,
    action: row.action,
    outcome: row.outcome,
    ip: row.ip,
    userAgent: row.user_agent,
    details: row.details,
  }));
}

const timestampFormat = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function when(at: Date): string {
  return timestampFormat.format(at);
}

/**
 * One CSV cell: quoted, quotes doubled, and a leading = + - @ defused so a spreadsheet does not
 * run it as a formula (CSV injection).
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

const ACTIONS: readonly string[] = AUDIT_ACTIONS;

function filterQuery(filter: AuditFilter): string {
  const params = new URLSearchParams();
  if (filter.person !== '') params.set('patient', filter.person);
  if (filter.staff !== '') params.set('medewerker', filter.staff);
  if (filter.action !== '') params.set('actie', filter.action);
  if (filter.from !== '') params.set('van', filter.from);
  if (filter.to !== '') params.set('tot', filter.to);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function actorOf(request: FastifyRequest): StaffActor & { practiceId: string } {
  const actor = request.staff;
  if (actor === null || actor.practiceId === null) throw new Error('the audit view is for practice staff');
  return actor as StaffActor & { practiceId: string };
}

function outcomeText(t: Messages, outcome: string): string {
  return outcome === 'success' ? t['audit.outcome.success'] : outcome === 'failure' ? t['audit.outcome.failure'] : t['audit.outcome.info'];
}

function AuditTable(props: { t: Messages; rows: readonly AuditRow[] }) {
  const { t } = props;
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{t['audit.caption']}</caption>
        <thead>
          <tr>
            <th scope="col">{t['audit.when']}</th>
            <th scope="col">{t['audit.who']}</th>
            <th scope="col">{t['audit.whom']}</th>
            <th scope="col">{t['audit.what']}</th>
            <th scope="col">{t['audit.outcome']}</th>
            <th scope="col">{t['audit.where']}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              <td>{when(row.occurredAt)}</td>
              <td>{row.actor ?? ''}</td>
              <td>{row.subject ?? ''}</td>
              <td>
                <code>{row.action}</code>
              </td>
              <td>{outcomeText(t, row.outcome)}</td>
              <td>{row.ip ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function registerAuditRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  app.get('/praktijk/audit', { config: { audience: 'staff', permission: 'audit.read' } }, async (request, reply) => {
    const actor = actorOf(request);
    const t = request.t;
    const filter = readFilter(request.query as Record<string, unknown>);
    const rows = await findAuditEvents(deps.db, actor.practiceId, filter, PAGE_SIZE);
    await recordAudit(deps.db, deps.clock.now(), {
      action: 'audit.viewed',
      outcome: 'success',
      practiceId: actor.practiceId,
      actorAccountId: actor.accountId,
      client: request.client,
      details: { ...filter, results: rows.length },
    });
    return sendPage(
      reply,
      <ConsoleLayout ctx={pageContext(request)} actor={actor} title={t['audit.title']} current="audit">
        <h1>{t['audit.title']}</h1>
        <p>{t['audit.intro']}</p>
        <form method="get" action="/praktijk/audit" class="form">
          <div class="field">
            <label for="filter-patient">{t['audit.filter.patient']}</label>
            <input id="filter-patient" name="patient" type="text" value={filter.person} autocomplete="off" />
          </div>
          <div class="field">
            <label for="filter-medewerker">{t['audit.filter.staff']}</label>
            <input id="filter-medewerker" name="medewerker" type="text" value={filter.staff} autocomplete="off" />
          </div>
          <div class="field">
            <label for="filter-actie">{t['audit.filter.action']}</label>
            <select id="filter-actie" name="actie">
              <option value="">{t['audit.filter.anyAction']}</option>
              {ACTIONS.map((action) => (
                <option value={action} selected={action === filter.action}>
                  {action}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-van">{t['audit.filter.from']}</label>
            <input id="filter-van" name="van" type="text" inputmode="numeric" value={filter.from} autocomplete="off" />
          </div>
          <div class="field">
            <label for="filter-tot">{t['audit.filter.to']}</label>
            <input id="filter-tot" name="tot" type="text" inputmode="numeric" value={filter.to} autocomplete="off" />
          </div>
          <button type="submit" class="button">
            {t['audit.filter.submit']}
          </button>
        </form>
        {can(actor, 'audit.export') && (
          <p>
            <a href={`/praktijk/audit.csv${filterQuery(filter)}`} download="logboek.csv">
              {t['audit.export']}
            </a>
          </p>
        )}
        {rows.length === 0 ? <p data-message-id="audit.none">{t['audit.none']}</p> : <AuditTable t={t} rows={rows} />}
        {rows.length === PAGE_SIZE && <p>{t['audit.more']({ count: PAGE_SIZE })}</p>}
      </ConsoleLayout>,
    );
  });

  app.get('/praktijk/audit.csv', { config: { audience: 'staff', permission: 'audit.export' } }, async (request, reply) => {
    const actor = actorOf(request);
    const filter = readFilter(request.query as Record<string, unknown>);
    const rows = await findAuditEvents(deps.db, actor.practiceId, filter, EXPORT_LIMIT);
    await recordAudit(deps.db, deps.clock.now(), {
      action: 'audit.exported',
      outcome: 'success',
      practiceId: actor.practiceId,
      actorAccountId: actor.accountId,
      client: request.client,
      details: { ...filter, rows: rows.length },
    });
    const header = ['tijdstip', 'wie', 'op wiens dossier', 'wat', 'uitkomst', 'vanaf adres', 'browser', 'details'];
    const lines = [header.map(csvCell).join(';')];
    for (const row of rows) {
      lines.push(
        [row.occurredAt.toISOString(), row.actor ?? '', row.subject ?? '', row.action, row.outcome, row.ip ?? '', row.userAgent ?? '', JSON.stringify(row.details)]
          .map(csvCell)
          .join(';'),
      );
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="logboek.csv"')
      .header('cache-control', 'no-store')
      .send(`\uFEFF${lines.join('\r\n')}\r\n`);
  });
}
