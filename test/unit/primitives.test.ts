import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring, constantTimeEqual, newSessionCode, newOpaqueToken, type RandomSource } from '../../src/security/primitives.ts';

const fixed = (value: number): RandomSource => ({ integerBelow: () => value, bytes: (n) => Buffer.alloc(n, 7) });

describe('security primitives', () => {
  test('session codes are six digits, zero-padded', () => {
    assert.equal(newSessionCode(fixed(42)), '000042');
    assert.equal(newSessionCode(fixed(999_999)), '999999');
  });
  test('real codes are six digits and vary', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newSessionCode({ integerBelow: (max) => Math.floor(Math.random() * max), bytes: Buffer.alloc })));
    for (const code of codes) assert.match(code, /^\d{6}$/);
    assert.ok(codes.size > 190);
  });
  test('tokens carry 256 bits', () => {
    assert.equal(Buffer.from(newOpaqueToken(fixed(0)), 'base64url').length, 32);
  });
  test('keyed hashes differ per purpose and per key', () => {
    const a = new Keyring('a'.repeat(32));
    const b = new Keyring('b'.repeat(32));
    assert.notEqual(a.hash('session-code', 'x'), a.hash('session-token', 'x'));
    assert.notEqual(a.hash('session-code', 'x'), b.hash('session-code', 'x'));
    assert.equal(a.hash('csrf', 'x'), a.hash('csrf', 'x'));
  });
  test('a sealed code opens only with its own context and key', () => {
    const keyring = new Keyring('s'.repeat(32));
    const sealed = keyring.seal('123456', 'session-code:1:a');
    assert.ok(!sealed.includes('123456'));
    assert.equal(keyring.unseal(sealed, 'session-code:1:a'), '123456');
    assert.throws(() => keyring.unseal(sealed, 'session-code:2:a'));
    assert.throws(() => new Keyring('t'.repeat(32)).unseal(sealed, 'session-code:1:a'));
  });
  test('constant-time compare', () => {
    assert.equal(constantTimeEqual('abc', 'abc'), true);
    assert.equal(constantTimeEqual('abc', 'abd'), false);
    assert.equal(constantTimeEqual('abc', 'abcd'), false);
  });
});
