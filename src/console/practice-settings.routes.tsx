/**
 * The practice's settings (manager only): which online services are on, the contact details and
 * opening hours patients see on their home page, the cancellation window for appointments, and
 * whether staff must use an authenticator app.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../storage/database.ts';
import type { Clock } from '../security/clock.ts';
import { recordAudit } from '../audit/audit.ts';
import { sendPage } from '../http/render.tsx';
import { CsrfField, ErrorMessage, Notice } from '../http/views/layout.tsx';
import { CheckboxField, ErrorSummary, TextAreaField, TextField, type FieldError } from '../http/views/form.tsx';
import { formField, pageContext } from '../http/plumbing.tsx';
import { plainMessage } from '../i18n/messages.ts';
import {
  CANCEL_WINDOW_MAX_HOURS,
  OPENING_HOURS_MAX,
  SERVICE_KEYS,
  parseSettingsForm,
  readPracticeSettings,
  savePracticeSettingsIfUnchanged,
  settingsChanges,
  settingsVersion,
  type ServiceKey,
  type SettingsField,
  type SettingsForm,
} from '../practices/practice-settings.ts';
import { ConsoleLayout } from './views/console-layout.tsx';

export const SETTINGS_PATH = '/praktijk/instellingen';

const FIELD_IDS: Record<SettingsField, string> = {
  phone: 'telefoon',
  afterHoursPhone: 'huisartsenpost',
  openingHours: 'openingstijden',
  cancelWindowHours: 'afzeggen-tot',
};

function formValues(body: unknown): SettingsForm {
  const raw = (body as Record<string, unknown> | undefined)?.['services'];
  const chosen = (Array.isArray(raw) ? raw : [raw]).filter((value): value is ServiceKey => SERVICE_KEYS.includes(value as ServiceKey));
  return {
    phone: formField(body, 'phone', 40),
    afterHoursPhone: formField(body, 'afterHoursPhone', 40),
    openingHours: formField(body, 'openingHours', OPENING_HOURS_MAX + 200),
    cancelWindowHours: formField(body, 'cancelWindowHours', 10),
    services: chosen,
    requireAuthenticator: formField(body, 'requireAuthenticator', 5) === 'ja',
  };
}

export function registerPracticeSettingsRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { saved?: boolean; changedMeanwhile?: boolean; form?: SettingsForm; version?: string; errors?: ReadonlyArray<{ field: SettingsField; error: FieldError }> },
  ) => {
    const actor = request.staff!;
    const t = request.t;
    const stored = await readPracticeSettings(deps.db, actor.practiceId!);
    if (stored === undefined) throw new Error('practice of a signed-in manager not found');
    const values: SettingsForm = state.form ?? {
      phone: stored.phone ?? '',
      afterHoursPhone: stored.afterHoursPhone ?? '',
      openingHours: stored.openingHours,
      cancelWindowHours: String(stored.cancelWindowHours),
      services: SERVICE_KEYS.filter((key) => stored.services[key]),
      requireAuthenticator: stored.requireAuthenticator,
    };
    const errors = state.errors ?? [];
    const errorOf = (field: SettingsField) => errors.find((item) => item.field === field)?.error;
    return sendPage(
      reply,
      <ConsoleLayout ctx={pageContext(request)} actor={actor} title={t['settings.title']} current="settings">
        <h1>{t['settings.title']}</h1>
        {state.saved === true && (
          <Notice messageId="settings.saved" tone="success">
            {t['settings.saved']}
          </Notice>
        )}
        {state.changedMeanwhile === true && (
          <ErrorMessage id="instellingen-gewijzigd" messageId="settings.error.changedMeanwhile">
            {t['settings.error.changedMeanwhile']}
          </ErrorMessage>
        )}
        <ErrorSummary title={t['layout.errorSummary']} errors={errors.map((item) => ({ fieldId: FIELD_IDS[item.field], error: item.error }))} />
        <form method="post" action={SETTINGS_PATH} class="form" novalidate>
          <CsrfField token={request.csrfToken} />
          <input type="hidden" name="versie" value={state.version ?? settingsVersion(stored)} />
          <fieldset>
            <legend>{t['settings.services']}</legend>
            <p class="hint">{t['settings.servicesHint']}</p>
            {SERVICE_KEYS.map((key) => (
              <CheckboxField id={`dienst-${key}`} name="services" value={key} label={t[`service.${key}`]} checked={values.services.includes(key)} />
            ))}
          </fieldset>
          <fieldset>
            <legend>{t['settings.contact']}</legend>
            <TextField id={FIELD_IDS.phone} name="phone" type="tel" autocomplete="off" label={t['settings.phone']} value={values.phone} error={errorOf('phone')} />
            <TextField
              id={FIELD_IDS.afterHoursPhone}
              name="afterHoursPhone"
              type="tel"
              autocomplete="off"
              label={t['settings.afterHoursPhone']}
              hint={t['settings.afterHoursPhoneHint']}
              value={values.afterHoursPhone}
              error={errorOf('afterHoursPhone')}
            />
            <TextAreaField
              id={FIELD_IDS.openingHours}
              name="openingHours"
              label={t['settings.openingHours']}
              hint={t['settings.openingHoursHint']}
              value={values.openingHours}
              rows={6}
              maxLength={OPENING_HOURS_MAX}
              error={errorOf('openingHours')}
            />
            <TextField
              id={FIELD_IDS.cancelWindowHours}
              name="cancelWindowHours"
              inputMode="numeric"
              autocomplete="off"
              label={t['settings.cancelWindow']}
              hint={t['settings.cancelWindowHint']}
              value={values.cancelWindowHours}
              maxLength={String(CANCEL_WINDOW_MAX_HOURS).length}
              error={errorOf('cancelWindowHours')}
            />
          </fieldset>
          <fieldset>
            <legend>{t['settings.security']}</legend>
            <CheckboxField
              id="app-verplicht"
              name="requireAuthenticator"
              value="ja"
              label={t['settings.requireAuthenticator']}
              hint={t['settings.requireAuthenticatorHint']}
              checked={values.requireAuthenticator}
            />
          </fieldset>
          <button type="submit" class="button">
            {t['settings.save']}
          </button>
        </form>
      </ConsoleLayout>,
      state.changedMeanwhile === true ? 409 : errors.length > 0 ? 422 : 200,
    );
  };

  app.get(SETTINGS_PATH, { config: { audience: 'staff', permission: 'practice.settings' } }, async (request, reply) =>
    render(request, reply, { saved: String((request.query as Record<string, unknown>)['melding'] ?? '') === 'opgeslagen' }),
  );

  app.post(SETTINGS_PATH, { config: { audience: 'staff', permission: 'practice.settings' } }, async (request, reply) => {
    const actor = request.staff!;
    const form = formValues(request.body);
    const parsed = parseSettingsForm(form);
    if (!parsed.ok) {
      const t = request.t;
      return render(request, reply, { form, version: formField(request.body, 'versie', 64), errors: parsed.errors.map((item) => ({ field: item.field, error: { id: item.id, text: plainMessage(t, item.id) } })) });
    }
    const { settings } = parsed;
    const expectedVersion = formField(request.body, 'versie', 64);
    const saved = await deps.db.transaction().execute(async (tx) => {
      const result = await savePracticeSettingsIfUnchanged(tx, actor.practiceId!, expectedVersion, settings);
      await recordAudit(tx, deps.clock.now(), {
        action: 'practice.settings_changed',
        outcome: result.kind === 'saved' ? 'success' : 'failure',
        practiceId: actor.practiceId,
        actorAccountId: actor.accountId,
        client: request.client,
        details: result.kind === 'saved' ? settingsChanges(result.before, settings) : { reason: 'changed_meanwhile' },
      });
      return result.kind === 'saved';
    });
    // Someone saved in between: show what is stored now, and say so, rather than overwrite it.
    if (!saved) return render(request, reply, { changedMeanwhile: true });
    return reply.redirect(`${SETTINGS_PATH}?melding=opgeslagen`, 303);
  });
}
