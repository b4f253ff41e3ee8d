/**
 * What the e-consult tells the patient's home page, and the demo conversation `npm start` makes.
 */
import type { Db } from '../../storage/database.ts';
import type { PatientService, ServiceStatusLine } from '../services.ts';
import { patientCounts } from './consults.ts';

export const CONSULTS_PATH = '/e-consult';
export const CONSULTS_STAFF_PATH = '/praktijk/e-consulten';

export const consultsService: PatientService = {
  key: 'consults',
  path: CONSULTS_PATH,
  titleId: 'service.consults',
  descriptionId: 'consults.description',
  async status(db, context): Promise<ServiceStatusLine[]> {
    const counts = await patientCounts(db, { practiceId: context.practiceId, accountId: context.accountId });
    const lines: ServiceStatusLine[] = [];
    if (counts.unread > 0) lines.push({ id: 'consults.home.unread', text: context.t['consults.home.unread']({ count: counts.unread }) });
    if (counts.waiting > 0) lines.push({ id: 'consults.home.waiting', text: context.t['consults.home.waiting']({ count: counts.waiting }) });
    return lines;
  },
};

/**
 * One answered demo conversation, so the demo patient finds something on /e-consult and the
 * assistant something under "Alle vragen": a question about the flu jab asked two days before
 * `now`, answered by the staff member a day later and not yet read (the home page says so).
 *
 * @param db   the database (no transaction needed: it opens none, and writes no mail or audit)
 * @param ids  practiceId: the demo practice; patientAccountId: a patient of it;
 *             staffAccountId: an assistant or doctor of it, who answers
 * @param now  the current time (the clock's now), from which the demo times are counted back
 */
export async function seedDemoConsults(db: Db, ids: { practiceId: string; patientAccountId: string; staffAccountId: string }, now: Date): Promise<void> {
  const staff = await db.selectFrom('accounts').select('role').where('id', '=', ids.staffAccountId).where('practice_id', '=', ids.practiceId).executeTakeFirst();
  const role = staff?.role === 'doctor' ? 'doctor' : 'assistant';
  const asked = new Date(now.getTime() - 2 * 24 * 3600_000);
  const answered = new Date(now.getTime() - 1 * 24 * 3600_000);
  await db.transaction().execute(async (tx) => {
    const thread = await tx
      .insertInto('consult_threads')
      .values({
        practice_id: ids.practiceId,
        patient_account_id: ids.patientAccountId,
        subject: 'Vraag over griepprik',
        status: 'answered',
        created_at: asked,
        updated_at: answered,
        last_message_at: answered,
        waiting_since: null,
        message_count: 2,
        last_staff_seq: 2,
        patient_read_seq: 1,
        patient_read_at: asked,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('consult_messages')
      .values([
        {
          thread_id: thread.id,
          practice_id: ids.practiceId,
          seq: 1,
          author_account_id: ids.patientAccountId,
          author_kind: 'patient',
          author_role: null,
          body: 'Goedemorgen, ik ben 66 jaar. Krijg ik dit jaar een uitnodiging voor de griepprik, of moet ik zelf een afspraak maken?',
          created_at: asked,
        },
        {
          thread_id: thread.id,
          practice_id: ids.practiceId,
          seq: 2,
          author_account_id: ids.staffAccountId,
          author_kind: 'staff',
          author_role: role,
          body: 'Goedemorgen, u krijgt eind september een uitnodiging per post. Daarin staan de dag en de tijd. U hoeft zelf niets te doen.',
          created_at: answered,
        },
      ])
      .execute();
  });
}
