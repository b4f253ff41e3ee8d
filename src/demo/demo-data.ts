import type { AccountServiceDeps } from '../accounts/account.service.ts';
import { createAccount, createPractice } from '../accounts/account.service.ts';
import { countPractices, findPracticeBySlug } from '../practices/practice.repository.ts';
import { savePracticeSettings } from '../practices/practice-settings.ts';
import { seedDemoPrescriptions } from '../services/prescriptions/prescriptions.ts';
import { seedDemoConsults } from '../services/consults/consults.service.ts';
import { seedDemoAppointments } from '../services/appointments/appointments.demo.ts';

/** What `npm start` makes on an empty development database, so a new user can log in at once. */
export const DEMO = {
  practice: { name: 'Huisartsenpraktijk De Linde', slug: 'de-linde', email: 'praktijk@de-linde.example', phone: '020 123 45 67' },
  settings: {
    afterHoursPhone: '088 123 45 00',
    openingHours: 'Maandag tot en met vrijdag: 08.00 tot 17.00 uur\nTussen 12.30 en 13.30 uur alleen voor spoed',
    cancelWindowHours: 24,
  },
  patient: { name: 'Jan de Vries', email: 'jan.devries@example.nl', username: 'jan', password: 'linde-demo-2026' },
  assistant: { name: 'Sanne Bakker', email: 'sanne@de-linde.example', username: 'sanne', password: 'linde-assistent-2026' },
  doctor: { name: 'dokter Eva Jansen', email: 'eva.jansen@de-linde.example', username: 'eva', password: 'linde-huisarts-2026' },
  manager: { name: 'Mila Visser', email: 'mila@de-linde.example', username: 'mila', password: 'linde-manager-2026' },
} as const;

export async function createDemoDataIfEmpty(deps: AccountServiceDeps): Promise<boolean> {
  if ((await countPractices(deps.db)) > 0) return false;
  await createPractice(deps, DEMO.practice);
  const practice = await findPracticeBySlug(deps.db, DEMO.practice.slug);
  if (practice === undefined) throw new Error('demo practice not created');
  await savePracticeSettings(deps.db, practice.id, {
    phone: DEMO.practice.phone,
    afterHoursPhone: DEMO.settings.afterHoursPhone,
    openingHours: DEMO.settings.openingHours,
    services: { prescriptions: true, consults: true, appointments: true },
    cancelWindowHours: DEMO.settings.cancelWindowHours,
    requireAuthenticator: false,
  });
  const patient = (await createAccount(deps, { kind: 'patient', practiceSlug: DEMO.practice.slug, ...DEMO.patient })).account;
  const assistant = (await createAccount(deps, { kind: 'staff', role: 'assistant', practiceSlug: DEMO.practice.slug, ...DEMO.assistant })).account;
  const doctor = (await createAccount(deps, { kind: 'staff', role: 'doctor', practiceSlug: DEMO.practice.slug, ...DEMO.doctor })).account;
  await createAccount(deps, { kind: 'staff', role: 'manager', practiceSlug: DEMO.practice.slug, ...DEMO.manager });
  // Something in each service, so a first look shows what the services do.
  const now = deps.clock.now();
  await seedDemoPrescriptions(deps.db, { practiceId: practice.id, patientAccountId: patient.id, staffAccountId: assistant.id }, now);
  await seedDemoConsults(deps.db, { practiceId: practice.id, patientAccountId: patient.id, staffAccountId: assistant.id }, now);
  await seedDemoAppointments(deps.db, { practiceId: practice.id, doctorAccountId: doctor.id, staffAccountId: assistant.id }, now);
  return true;
}
