import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { redactUrl, sameSitePath } from '../../src/app.ts';

describe('sameSitePath (the language switch goes back only to this site)', () => {
  const publicUrl = new URL('https://portaal.example.nl');
  test('paths on this site are kept', () => {
    assert.equal(sameSitePath('/sessiecode?melding=zelfde', publicUrl), '/sessiecode?melding=zelfde');
  });
  test('anything that could leave the site goes to /', () => {
    for (const evil of ['//evil.example', '/\\evil.example', '/\t/evil.example', 'https://evil.example', '/\n/evil.example', 'evil']) {
      assert.equal(sameSitePath(evil, publicUrl), '/', JSON.stringify(evil));
    }
  });
});

describe('redactUrl (no tokens in logs)', () => {
  test('token paths, also when encoded inside another parameter, and CSRF tokens', () => {
    assert.equal(redactUrl('/activeren/abc123'), '/activeren/[token]');
    assert.equal(redactUrl('/taal?lang=en&terug=%2Fwachtwoord-herstellen%2Fsecret'), '/taal?lang=en&terug=/wachtwoord-herstellen/[token]');
    assert.equal(redactUrl('/praktijk/patienten/importeren?_csrf=abc'), '/praktijk/patienten/importeren?_csrf=[token]');
    assert.ok(!redactUrl('/taal?terug=%2Fpraktijk%2Fpatienten%2Fimporteren%3F_csrf%3Dsecret').includes('secret'));
  });
});
