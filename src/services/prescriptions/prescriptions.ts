/**
 * Repeat prescriptions ("Herhaalrecept aanvragen"): what the rest of the portal needs of this
 * service. The routes (patient and console), the home page's status lines, and demo data.
 */
import type { FastifyInstance } from 'fastify';
import type { PatientService, ServiceStatusLine } from '../services.ts';
import { statusLineIds } from './prescriptions.rules.ts';
import { statusCountsOf } from './prescriptions.repository.ts';
import { PATIENT_PRESCRIPTIONS_PATH, registerPatientPrescriptionRoutes } from './prescriptions.routes.tsx';
import { registerConsolePrescriptionRoutes } from './prescriptions-console.routes.tsx';
import type { PrescriptionDeps } from './prescriptions.service.ts';

export { seedDemoPrescriptions } from './prescriptions.demo.ts';
export type { PrescriptionDeps } from './prescriptions.service.ts';

/** The patient's pages and the console's; every route declares `service: 'prescriptions'` and its `serviceOff`. */
export function registerPrescriptionRoutes(app: FastifyInstance, deps: PrescriptionDeps): void {
  registerPatientPrescriptionRoutes(app, deps);
  registerConsolePrescriptionRoutes(app, deps);
}

/** On the home page: what is ready (or refused) in the last 14 days, and what is still waiting. */
export const prescriptionsService: PatientService = {
  key: 'prescriptions',
  path: PATIENT_PRESCRIPTIONS_PATH,
  titleId: 'service.prescriptions',
  descriptionId: 'prescriptions.description',
  async status(db, context): Promise<ServiceStatusLine[]> {
    const counts = await statusCountsOf(db, context.practiceId, context.accountId, context.now);
    return statusLineIds(counts).map((line) => ({ id: line.id, text: context.t[line.id]({ count: line.count }) }));
  },
};
