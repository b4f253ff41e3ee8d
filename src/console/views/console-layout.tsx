import type { ComponentChildren } from 'preact';
import { Layout, type PageContext } from '../../http/views/layout.tsx';
import { can, type StaffActor } from '../permissions.ts';

/** Every console page: the portal layout with the console's navigation and `Uitloggen`. */
export function ConsoleLayout(props: { ctx: PageContext; actor: StaffActor; title: string; current?: 'patients' | 'audit'; children: ComponentChildren }) {
  const { ctx, actor } = props;
  const t = ctx.t;
  return (
    <Layout ctx={{ ...ctx, logoutAction: '/praktijk/uitloggen' }} title={props.title} wide>
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
          {can(actor, 'audit.read') && (
            <li>
              <a href="/praktijk/audit" aria-current={props.current === 'audit' ? 'page' : undefined}>
                {t['console.audit']}
              </a>
            </li>
          )}
        </ul>
      </nav>
      {props.children}
    </Layout>
  );
}
