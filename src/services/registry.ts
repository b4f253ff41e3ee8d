import type { PatientService } from './services.ts';
import { consultsService } from './consults/consults.service.ts';
import { appointmentsService } from './appointments/appointments.service.ts';
import { prescriptionsService } from './prescriptions/prescriptions.ts';

/**
 * The online services the patient's home page lists, in this order. A service shows only when
 * the practice has it on (practice settings).
 */
export const PATIENT_SERVICES: readonly PatientService[] = [prescriptionsService, consultsService, appointmentsService];
