import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { registerPlumbing, type PlumbingDeps } from '../../src/http/plumbing.tsx';

/** Only what registering needs: no request is made, so no database, clock or keys are used. */
async function bareApp() {
  const app = Fastify();
  await registerPlumbing(app, { publicUrl: new URL('http://localhost:3000'), production: false, developmentRoutes: false } as PlumbingDeps);
  return app;
}

describe('a route of an online service says what it does while the service is off', () => {
  test('a service route without serviceOff is refused at start (no route stays open by accident)', async () => {
    const app = await bareApp();
    assert.throws(() => app.post('/nieuw', { config: { audience: 'patient', service: 'consults' } }, async () => ''), /declares no serviceOff/);
    assert.throws(
      () => app.post('/ook-nieuw', { config: { audience: 'patient', service: 'consults', serviceOff: 'dicht' as 'closed' } }, async () => ''),
      /declares no serviceOff/,
    );
    await app.close();
  });

  test('serviceOff without a service is refused too; closed and open are taken', async () => {
    const app = await bareApp();
    assert.throws(() => app.get('/los', { config: { audience: 'patient', serviceOff: 'open' } }, async () => ''), /serviceOff without a service/);
    app.get('/lezen', { config: { audience: 'patient', service: 'appointments', serviceOff: 'open' } }, async () => '');
    app.post('/maken', { config: { audience: 'patient', service: 'appointments', serviceOff: 'closed' } }, async () => '');
    await app.ready();
    await app.close();
  });
});
