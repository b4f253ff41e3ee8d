import { Layout, type PageContext } from '../../http/views/layout.tsx';

export function CodeHelpPage(props: { ctx: PageContext; backPath: string; ttlMinutes: number }) {
  const t = props.ctx.t;
  return (
    <Layout ctx={props.ctx} title={t['codeHelp.title']}>
      <h1>{t['codeHelp.title']}</h1>
      <p>{t['codeHelp.what']}</p>
      <ul>
        <li>{t['codeHelp.once']({ minutes: props.ttlMinutes })}</li>
        <li>{t['codeHelp.newest']}</li>
        <li>{t['codeHelp.spaces']}</li>
        <li>{t['codeHelp.notReceived']}</li>
      </ul>
      <p>{t['codeHelp.stillStuck']}</p>
      <p>
        <a href={props.backPath}>{t['codeHelp.back']}</a>
      </p>
    </Layout>
  );
}
