import type { PatientService, ServiceStatusLine } from '../services.ts';
import { formatTime } from '../../i18n/locale.ts';
import { formatDay } from './amsterdam-time.ts';
import { patientSummary } from './appointments.ts';

export const APPOINTMENTS_PATH = '/afspraken';

/**
 * "Afspraak maken" on the patient's home page: the next appointment (day and time only; the
 * page is behind the login) and whether the practice cancelled one, which is the news the mail
 * pointed to.
 */
export const appointmentsService: PatientService = {
  key: 'appointments',
  path: APPOINTMENTS_PATH,
  titleId: 'service.appointments',
  descriptionId: 'appointments.description',
  async status(db, context) {
    const summary = await patientSummary(db, { accountId: context.accountId, practiceId: context.practiceId }, context.now);
    const lines: ServiceStatusLine[] = [];
    if (summary.cancelledByPractice > 0) {
      lines.push({ id: 'appointments.status.cancelledByPractice', text: context.t['appointments.status.cancelledByPractice'] });
    }
    if (summary.next !== null) {
      lines.push({ id: 'appointments.status.next', text: context.t['appointments.status.next']({ day: formatDay(summary.next, context.locale), time: formatTime(summary.next) }) });
    }
    if (summary.upcoming > 1) lines.push({ id: 'appointments.status.more', text: context.t['appointments.status.more']({ count: String(summary.upcoming) }) });
    return lines;
  },
};
