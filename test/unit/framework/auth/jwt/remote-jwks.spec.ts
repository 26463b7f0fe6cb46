import type { JWK } from 'jose';
import { DependencyError } from '../../../../../src/framework/errors';
import type { FetchLike } from '../../../../../src/framework/auth/jwt/http-json';
import { RemoteJwks } from '../../../../../src/framework/auth/jwt/remote-jwks';

/** A JWKS endpoint in memory: serves whatever `keys` holds, counts requests, can fail on demand. */
function fakeEndpoint() {
  const state = { keys: [] as JWK[], requests: 0, fail: false };
  const fetchFn: FetchLike = async () => {
    state.requests++;
    if (state.fail) throw new Error('connection refused');
    return new Response(JSON.stringify({ keys: state.keys }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { state, fetchFn };
}

async function keyPair(kid: string) {
  const { generateKeyPair, exportJWK, SignJWT } = await import('jose');
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256' };
  const sign = () => new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid }).setExpirationTime('5m').sign(privateKey);
  return { jwk, sign };
}

describe('RemoteJwks', () => {
  let now: number;
  const clock = { now: () => new Date(now) };

  beforeEach(() => {
    now = Date.parse('2026-01-01T00:00:00Z');
  });

  const verifyWith = async (jwks: RemoteJwks, token: string) => (await import('jose')).jwtVerify(token, jwks.getKey, { currentDate: clock.now() });

  function remote(fetchFn: FetchLike, cooldownMs = 30_000, maxAgeMs = 600_000) {
    return new RemoteJwks({ url: async () => 'http://idp.test/jwks', fetch: fetchFn, clock, maxAgeMs, cooldownMs, timeoutMs: 1000 });
  }

  it('counts the key sets it loaded (version), not the fetches that failed', async () => {
    const { state, fetchFn } = fakeEndpoint();
    const a = await keyPair('a');
    const b = await keyPair('b');
    state.keys = [a.jwk];
    const jwks = remote(fetchFn, 0);
    expect(jwks.version).toBe(0);
    await verifyWith(jwks, await a.sign());
    await verifyWith(jwks, await a.sign());
    expect(jwks.version).toBe(1);
    state.keys = [b.jwk];
    await verifyWith(jwks, await b.sign()); // unknown kid: the set is loaded again
    expect(jwks.version).toBe(2);
    state.fail = true;
    await expect(verifyWith(jwks, await (await keyPair('c')).sign())).rejects.toBeInstanceOf(DependencyError);
    expect(jwks.version).toBe(2);
  });

  it('fetches once and serves later tokens from the cache', async () => {
    const { state, fetchFn } = fakeEndpoint();
    const a = await keyPair('a');
    state.keys = [a.jwk];
    const jwks = remote(fetchFn);
    await verifyWith(jwks, await a.sign());
    await verifyWith(jwks, await a.sign());
    expect(state.requests).toBe(1);
  });

  it('refetches once for an unknown kid (rotation), then rate-limits further unknown kids', async () => {
    const { state, fetchFn } = fakeEndpoint();
    const a = await keyPair('a');
    const b = await keyPair('b');
    const c = await keyPair('c');
    state.keys = [a.jwk];
    const jwks = remote(fetchFn, 30_000);
    await verifyWith(jwks, await a.sign());

    now += 31_000;
    state.keys = [a.jwk, b.jwk];
    await verifyWith(jwks, await b.sign());
    expect(state.requests).toBe(2);

    // Within the cooldown an unknown kid is refused without another request.
    now += 5_000;
    state.keys = [c.jwk];
    await expect(verifyWith(jwks, await c.sign())).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    expect(state.requests).toBe(2);

    now += 30_000;
    await verifyWith(jwks, await c.sign());
    expect(state.requests).toBe(3);
  });

  it('shares one fetch between concurrent first requests', async () => {
    const { state, fetchFn } = fakeEndpoint();
    const a = await keyPair('a');
    state.keys = [a.jwk];
    const jwks = remote(fetchFn);
    const token = await a.sign();
    await Promise.all([verifyWith(jwks, token), verifyWith(jwks, token), verifyWith(jwks, token)]);
    expect(state.requests).toBe(1);
  });

  it('keeps verifying with stale keys while the endpoint is down, and reports 503 when it never answered', async () => {
    const { state, fetchFn } = fakeEndpoint();
    const a = await keyPair('a');
    state.keys = [a.jwk];
    const jwks = remote(fetchFn, 30_000, 60_000);
    await verifyWith(jwks, await a.sign());
    now += 120_000;
    state.fail = true;
    await expect(verifyWith(jwks, await a.sign())).resolves.toBeDefined();
    expect(state.requests).toBe(2);

    const cold = remote(fetchFn);
    await expect(verifyWith(cold, await a.sign())).rejects.toBeInstanceOf(DependencyError);
  });
});
