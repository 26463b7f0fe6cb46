import { VerifiedTokens, type VerificationRules } from '../../../../../src/framework/auth/jwt/verified-tokens';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const S = NOW / 1000;
const rules: VerificationRules = { issuer: 'https://idp', audience: 'svc', toleranceSeconds: 30, keys: 1 };

describe('VerifiedTokens', () => {
  it('answers a token that passed with its payload, and nothing for one it never saw', () => {
    const tokens = new VerifiedTokens();
    const payload = tokens.remember('a.b.c', { sub: 'alice', exp: S + 300, roles: ['submitter'] }, rules, NOW);
    expect(tokens.get('a.b.c', rules, NOW + 1_000)).toBe(payload);
    expect(tokens.get('a.b.d', rules, NOW + 1_000)).toBeUndefined();
  });

  it('freezes the payload it hands out, nested members too', () => {
    const payload = new VerifiedTokens().remember('a.b.c', { sub: 'alice', exp: S + 300, realm: { roles: ['admin'] } }, rules, NOW);
    expect(Object.isFrozen(payload)).toBe(true);
    expect(Object.isFrozen((payload.realm as { roles: string[] }).roles)).toBe(true);
    expect(() => (payload.realm as { roles: string[] }).roles.push('operator')).toThrow(TypeError);
  });

  it('stops answering at exp as jose counts it (whole seconds, with the tolerance), and forgets the token', () => {
    const tokens = new VerifiedTokens(16, 3_600_000);
    tokens.remember('t', { sub: 'alice', exp: S + 10 }, rules, NOW);
    // jose: expired when exp <= now - tolerance, now = floor(ms / 1000).
    expect(tokens.get('t', rules, (S + 10 + 29) * 1000 + 999)).toBeDefined();
    expect(tokens.get('t', rules, (S + 10 + 30) * 1000)).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('does not answer before nbf (with the tolerance) even for a token it holds', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('t', { sub: 'alice', nbf: S, exp: S + 300 }, rules, NOW);
    expect(tokens.get('t', rules, (S - 30) * 1000)).toBeDefined();
    expect(tokens.get('t', rules, (S - 31) * 1000)).toBeUndefined();
  });

  it('answers only under the rules and the keys the token passed under', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('t', { sub: 'alice', exp: S + 300 }, rules, NOW);
    expect(tokens.get('t', { ...rules, issuer: 'https://other' }, NOW)).toBeUndefined();
    tokens.remember('t', { sub: 'alice', exp: S + 300 }, rules, NOW);
    expect(tokens.get('t', { ...rules, audience: undefined }, NOW)).toBeUndefined();
    tokens.remember('t', { sub: 'alice', exp: S + 300 }, rules, NOW);
    expect(tokens.get('t', { ...rules, toleranceSeconds: 0 }, NOW)).toBeUndefined();
    tokens.remember('t', { sub: 'alice', exp: S + 300 }, rules, NOW);
    expect(tokens.get('t', { ...rules, keys: 2 }, NOW)).toBeUndefined();
    tokens.remember('t', { sub: 'alice', exp: S + 300 }, rules, NOW);
    expect(tokens.get('t', { ...rules }, NOW)).toBeDefined();
  });

  it('keeps a token at most maxAgeMs after it was verified, however long it is valid', () => {
    const tokens = new VerifiedTokens(16, 60_000);
    tokens.remember('t', { sub: 'alice', exp: S + 86_400 }, rules, NOW);
    expect(tokens.get('t', rules, NOW + 59_999)).toBeDefined();
    expect(tokens.get('t', rules, NOW + 60_000)).toBeUndefined();
  });

  it('holds at most maxEntries tokens, the oldest going first, and no token longer than 4 096 characters', () => {
    const tokens = new VerifiedTokens(3);
    for (const t of ['t1', 't2', 't3', 't4']) tokens.remember(t, { sub: t, exp: S + 300 }, rules, NOW);
    expect(tokens.size).toBe(3);
    expect(tokens.get('t1', rules, NOW)).toBeUndefined();
    expect(tokens.get('t4', rules, NOW)?.sub).toBe('t4');
    const long = 'x'.repeat(4097);
    expect(tokens.remember(long, { sub: 'big', exp: S + 300 }, rules, NOW).sub).toBe('big');
    expect(tokens.get(long, rules, NOW)).toBeUndefined();
  });
});
