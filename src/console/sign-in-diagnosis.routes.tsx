/**
 * "Kan niet inloggen" for one patient: the diagnosis, the timeline it is based on, and the one
 * fix that lives here (lifting the code pause and the password block). Correcting the e-mail
 * address and sending the invitation again live on the patient page.
 *
 * Staff see only patients of their own practice (another practice's id is a 404); the support
 * desk may look at any practice's patient, read-only. Every look is in the audit trail of the
 * patient's practice.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../storage/database.ts';
import type { Clock } from '../security/clock.ts';
import { recordAudit } from '../audit/audit.ts';
import { sendPage } from '../http/render.tsx';
import { pageContext } from '../http/plumbing.tsx';
import { findPatient } from './patients.repository.ts';
import { diagnose, timelineItems } from './sign-in-diagnosis.ts';
import { liftSignInBlocks, loadSignInTimeline } from './sign-in-timeline.repository.ts';
import { SignInPage } from './views/sign-in-page.tsx';

export interface SignInDiagnosisDeps {
  readonly db: Db;
  readonly clock: Clock;
}

export const SIGN_IN_DIAGNOSIS_PATHS = {
  page: '/praktijk/patienten/:id/inloggen',
  lift: '/praktijk/patienten/:id/inloggen/pauze-opheffen',
} as const;

export function signInDiagnosisPath(patientId: string): string {
  return SIGN_IN_DIAGNOSIS_PATHS.page.replace(':id', patientId);
}

export function registerSignInDiagnosisRoutes(app: FastifyInstance, deps: SignInDiagnosisDeps): void {
  app.get(SIGN_IN_DIAGNOSIS_PATHS.page, { config: { audience: 'staff', permission: 'signin.diagnose' } }, async (request, reply) => {
    const actor = request.staff!;
    const { id } = request.params as { id: string };
    // Scoped by the actor's practice (null for support: any practice).
    const patient = await findPatient(deps.db, actor.practiceId, id);
    if (patient === undefined) return reply.callNotFound();

    const now = deps.clock.now();
    const timeline = await loadSignInTimeline(deps.db, patient, now);
    const findings = diagnose(timeline, now);
    await recordAudit(deps.db, now, {
      action: 'sign_in.diagnosed',
      outcome: 'success',
      practiceId: patient.practiceId,
      actorAccountId: actor.accountId,
      subjectAccountId: patient.id,
      client: request.client,
      details: { role: actor.role, findings: findings.map((finding) => finding.id).join(',') },
    });
    const query = request.query as Record<string, unknown>;
    return sendPage(
      reply,
      <SignInPage
        ctx={pageContext(request)}
        actor={actor}
        patient={patient}
        timeline={timeline}
        findings={findings}
        items={timelineItems(timeline, now)}
        now={now}
        notice={query['melding'] === 'opgeheven' ? 'lifted' : null}
      />,
    );
  });

  app.post(SIGN_IN_DIAGNOSIS_PATHS.lift, { config: { audience: 'staff', permission: 'signin.fix' } }, async (request, reply) => {
    const actor = request.staff!;
    const { id } = request.params as { id: string };
    // Only practice staff change anything; their own practice's patients only.
    const patient = actor.practiceId === null ? undefined : await findPatient(deps.db, actor.practiceId, id);
    if (patient === undefined) return reply.callNotFound();
    await liftSignInBlocks(deps.db, {
      patient,
      actorAccountId: actor.accountId,
      client: request.client,
      now: deps.clock.now(),
    });
    return reply.redirect(`${signInDiagnosisPath(patient.id)}?melding=opgeheven`, 303);
  });
}
