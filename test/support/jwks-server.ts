import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CryptoKey, JWK } from 'jose';

export interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  jwk: JWK;
}

/** A fresh key pair with its public JWK (what an identity provider publishes). */
export async function signingKey(kid: string, alg: 'RS256' | 'ES256' = 'RS256'): Promise<SigningKey> {
  const { generateKeyPair, exportJWK } = await import('jose');
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, jwk };
}

/**
 * A tiny identity provider on loopback: the JWK set at /jwks.json (whatever `keys` holds at
 * request time, so a test rotates keys by replacing it) and an OIDC discovery document.
 */
export class JwksServer {
  keys: SigningKey[] = [];
  /** Requests served per path, to observe caching and refetching. */
  readonly hits = new Map<string, number>();
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const path = request.url ?? '/';
      this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
      if (path === '/jwks.json') return send(response, { keys: this.keys.map((k) => k.jwk) });
      if (path === '/.well-known/openid-configuration') {
        return send(response, { issuer: this.url, jwks_uri: `${this.url}/jwks.json` });
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  hitsOf(path: string): number {
    return this.hits.get(path) ?? 0;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function send(response: import('node:http').ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export interface TokenOptions {
  sub?: string;
  roles?: string[];
  tenantId?: string;
  issuer?: string;
  audience?: string;
  /** Seconds relative to now. */
  expiresIn?: number;
  notBefore?: number;
  kid?: string;
}

/** Signs a JWT with the given key (a JWKS key pair, or the HS256 secret bytes). */
export async function signToken(key: SigningKey | Uint8Array, options: TokenOptions = {}): Promise<string> {
  const { SignJWT } = await import('jose');
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { roles: options.roles ?? ['submitter'] };
  if (options.tenantId) claims.tenant_id = options.tenantId;
  let jwt = new SignJWT(claims)
    .setSubject(options.sub ?? 'user-1')
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 600));
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  if (options.notBefore !== undefined) jwt = jwt.setNotBefore(now + options.notBefore);
  if (key instanceof Uint8Array) return jwt.setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
  return jwt.setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid, typ: 'JWT' }).sign(key.privateKey);
}
