import type { AccountServiceDeps } from '../accounts/account.service.ts';
import { createAccount, createPractice } from '../accounts/account.service.ts';
import { countPractices } from '../practices/practice.repository.ts';

/** What `npm start` makes on an empty development database, so a new user can log in at once. */
export const DEMO = {
  practice: { name: 'Huisartsenpraktijk De Linde', slug: 'de-linde', email: 'praktijk@de-linde.example', phone: '020 123 45 67' },
  patient: { name: 'Jan de Vries', email: 'jan.devries@example.nl', username: 'jan', password: 'linde-demo-2026' },
  assistant: { name: 'Sanne Bakker', email: 'sanne@de-linde.example', username: 'sanne', password: 'linde-assistent-2026' },
} as const;

export async function createDemoDataIfEmpty(deps: AccountServiceDeps): Promise<boolean> {
  if ((await countPractices(deps.db)) > 0) return false;
  await createPractice(deps, DEMO.practice);
  await createAccount(deps, { kind: 'patient', practiceSlug: DEMO.practice.slug, ...DEMO.patient });
  await createAccount(deps, { kind: 'staff', role: 'assistant', practiceSlug: DEMO.practice.slug, ...DEMO.assistant });
  return true;
}
