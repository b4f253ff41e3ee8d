import type { Migration } from 'kysely/migration';
import * as initial from './0001_initial.ts';
import * as patientDetails from './0002_patient_details.ts';
import * as patientImports from './0003_patient_imports.ts';
import * as auditNoTruncate from './0004_audit_no_truncate.ts';
import * as staffAuthenticator from './0005_staff_authenticator.ts';
import * as practiceServices from './0006_practice_services.ts';
import * as emailChange from './0007_email_change.ts';
import * as prescriptions from './0008_prescriptions.ts';
import * as consults from './0009_consults.ts';
import * as appointments from './0010_appointments.ts';
import * as practiceConsistency from './0011_practice_consistency.ts';

/** Every migration in order. Names sort by their number; never rename or edit a shipped one. */
export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_patient_details': patientDetails,
  '0003_patient_imports': patientImports,
  '0004_audit_no_truncate': auditNoTruncate,
  '0005_staff_authenticator': staffAuthenticator,
  '0006_practice_services': practiceServices,
  '0007_email_change': emailChange,
  '0008_prescriptions': prescriptions,
  '0009_consults': consults,
  '0010_appointments': appointments,
  '0011_practice_consistency': practiceConsistency,
};
