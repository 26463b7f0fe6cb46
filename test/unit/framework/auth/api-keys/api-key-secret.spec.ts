import { BOOTSTRAP_PREFIX, generateApiKey, hashSecret, parseApiKey, secretMatches } from '../../../../../src/framework/auth/api-keys/api-key-secret';
import { parseApiKeyArgs } from '../../../../../src/cli/apikey-command';

describe('API key secrets', () => {
  it('generates isk_<prefix>_<secret> keys with 256 random bits and stores only the hash of the secret', () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^isk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseApiKey(key);
    expect(parsed.prefix).toBe(prefix);
    expect(hash).toBe(hashSecret(parsed.secret));
    expect(hash).not.toContain(parsed.secret);
    expect(generateApiKey().key).not.toBe(key);
  });

  it('compares secrets against the stored hash', () => {
    const { key, hash } = generateApiKey();
    expect(secretMatches(parseApiKey(key).secret, hash)).toBe(true);
    expect(secretMatches(parseApiKey(key).secret + 'x', hash)).toBe(false);
    expect(secretMatches('anything', 'not-hex')).toBe(false);
  });

  it('treats any other shape as the bootstrap key value', () => {
    expect(parseApiKey('my-long-operator-chosen-bootstrap-value')).toEqual({ prefix: BOOTSTRAP_PREFIX, secret: 'my-long-operator-chosen-bootstrap-value' });
    expect(parseApiKey('isk_UPPER_abcdefghijklmnopqrstu').prefix).toBe(BOOTSTRAP_PREFIX);
  });
});

describe('apikey:create arguments', () => {
  it('reads roles, tenant, expiry and name', () => {
    expect(parseApiKeyArgs(['--role', 'admin', '--role', 'auditor', '--tenant', 'acme', '--expires-in-days', '30', '--name', 'ops'])).toEqual({
      roles: ['admin', 'auditor'],
      tenantId: 'acme',
      expiresInDays: 30,
      name: 'ops',
    });
  });

  it('refuses unknown roles, missing values, bad expiry and no role', () => {
    expect(parseApiKeyArgs(['--role', 'root'])).toMatch(/unknown role root/);
    expect(parseApiKeyArgs(['--role'])).toMatch(/'--role <role>' argument missing/);
    expect(parseApiKeyArgs(['--role', 'admin', '--expires-in-days', '0'])).toMatch(/expires-in-days/);
    expect(parseApiKeyArgs([])).toMatch(/at least one --role/);
    expect(parseApiKeyArgs(['--role', 'admin', '--force', 'x'])).toMatch(/unknown option '--force'/);
  });
});
