import type { ComponentChildren } from 'preact';
import { Layout, type PageContext } from '../../http/views/layout.tsx';
import { can, type StaffActor } from '../permissions.ts';

/** Every console page: the portal layout with the console's navigation and `Uitloggen`. */
export function ConsoleLayout(props: { ctx: PageContext; actor: StaffActor; title: string; current?: 'patients' | 'audit' | 'authenticator' | 'settings' | 'prescriptions' | 'consults' | 'appointments'; children: ComponentChildren }) {
  const { ctx, actor } = props;
  const t = ctx.t;
  return (
    <Layout ctx={{ ...ctx, logoutAction: '/praktijk/uitloggen' }} title={props.title} wide staff>
      <nav class="console-nav" aria-label={t['console.nav']}>
        <ul>
          <li>
            <a href="/praktijk/console">{t['console.title']}</a>
          </li>
          {can(actor, 'patients.read') && (
            <li>
              <a href="/praktijk/patienten" aria-current={props.current === 'patients' ? 'page' : undefined}>
                {t['console.patients']}
              </a>
            </li>
          )}
          {can(actor, 'prescriptions.handle') && (
            <li>
              <a href="/praktijk/herhaalrecepten" aria-current={props.current === 'prescriptions' ? 'page' : undefined}>
                {t['console.prescriptions']}
              </a>
            </li>
          )}
          {can(actor, 'consults.answer') && (
            <li>
              <a href="/praktijk/e-consulten" aria-current={props.current === 'consults' ? 'page' : undefined}>
                {t['console.consults']}
              </a>
            </li>
          )}
          {can(actor, 'appointments.manage') && (
            <li>
              <a href="/praktijk/afspraken" aria-current={props.current === 'appointments' ? 'page' : undefined}>
                {t['console.appointments']}
              </a>
            </li>
          )}
          {can(actor, 'audit.read') && (
            <li>
              <a href="/praktijk/audit" aria-current={props.current === 'audit' ? 'page' : undefined}>
                {t['console.audit']}
              </a>
            </li>
          )}
          <li>
            <a href="/praktijk/authenticator" aria-current={props.current === 'authenticator' ? 'page' : undefined}>
              {t['console.authenticator']}
            </a>
          </li>
          {can(actor, 'practice.settings') && (
            <li>
              <a href="/praktijk/instellingen" aria-current={props.current === 'settings' ? 'page' : undefined}>
                {t['console.settings']}
              </a>
            </li>
          )}
        </ul>
      </nav>
      {props.children}
    </Layout>
  );
}
