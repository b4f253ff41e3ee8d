import type { Db } from '../../storage/database.ts';
import { addDays, amsterdamDate, isoWeekday } from './amsterdam-time.ts';
import { planSeries } from './appointment-rules.ts';
import { insertSlots } from './appointments.ts';

export interface DemoAppointmentIds {
  /** The demo practice. */
  readonly practiceId: string;
  /** A staff account with role 'doctor' in that practice: the slots are theirs. */
  readonly doctorAccountId: string;
  /** The staff account recorded as having published the slots (the doctor or the assistant). */
  readonly staffAccountId: string;
}

/**
 * Demo data for "Afspraak maken": free times for the demo doctor on the next 5 working days
 * (Monday to Friday, from tomorrow), 08:30 to 11:30 every 15 minutes in Amsterdam time, so the
 * demo patient can book at once. Returns the number of slots made. Not audited: nobody acted.
 */
export async function seedDemoAppointments(db: Db, ids: DemoAppointmentIds, now: Date): Promise<number> {
  let made = 0;
  let date = amsterdamDate(now);
  for (let days = 0; days < 5; ) {
    date = addDays(date, 1);
    if (isoWeekday(date) > 5) continue;
    days += 1;
    const plan = planSeries({ doctorAccountId: ids.doctorAccountId, date, from: '08:30', to: '11:30', length: '15' }, now, [ids.doctorAccountId]);
    if (!plan.ok) continue;
    await insertSlots(db, { practiceId: ids.practiceId, doctorAccountId: ids.doctorAccountId, createdBy: ids.staffAccountId, slots: plan.slots }, now);
    made += plan.slots.length;
  }
  return made;
}
