import type { Db } from '../../storage/database.ts';
import { insertMedication } from './prescriptions.repository.ts';

/** Repeat medication as a Dutch GP system names it: name, strength, form. */
export const DEMO_REPEAT_MEDICATION = [
  'Omeprazol 20 mg maagsapresistente capsule',
  'Metformine 500 mg tablet',
  'Salbutamol 100 microg/dosis inhalator',
] as const;

/**
 * Demo data for repeat prescriptions: three active repeat-medication lines for the demo patient,
 * entered by the demo assistant, so the patient can tick them at /herhaalrecept at once.
 *
 * @param db the database (or a transaction)
 * @param ids.practiceId the demo practice
 * @param ids.patientAccountId the demo patient (an account of that practice)
 * @param ids.staffAccountId the staff member recorded as having entered the lines
 * @param now when the lines were entered (the caller's clock)
 */
export async function seedDemoPrescriptions(db: Db, ids: { practiceId: string; patientAccountId: string; staffAccountId: string }, now: Date): Promise<void> {
  for (const [index, name] of DEMO_REPEAT_MEDICATION.entries()) {
    // A second apart, so the list keeps this order.
    await insertMedication(db, { practiceId: ids.practiceId, patientAccountId: ids.patientAccountId, name, createdBy: ids.staffAccountId }, new Date(now.getTime() + index * 1000));
  }
}
