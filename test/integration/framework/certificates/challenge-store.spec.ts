import { DataSource } from 'typeorm';
import { CertificateRepository } from '../../../../src/framework/certificates/certificate.repository';
import { ChallengeStore } from '../../../../src/framework/certificates/challenge-store';
import { ownerQuery, useMigratedDatabase } from '../../../support/migrated-data-source';

/** http-01 answers are shared through PostgreSQL: the ACME server's request may reach any replica. */
describe('ACME challenge store', () => {
  const database = useMigratedDatabase();
  let owner: DataSource;
  let replicas: DataSource[];
  let a: ChallengeStore;
  let b: ChallengeStore;
  const token = 'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0';
  const keyAuthorization = `${token}.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI`;

  beforeAll(async () => {
    owner = database.dataSource;
    // Two pools acting as the service role, like two replicas of the service.
    replicas = [await database.serviceDataSource(), await database.serviceDataSource()];
    a = new ChallengeStore(new CertificateRepository(replicas[0]));
    b = new ChallengeStore(new CertificateRepository(replicas[1]));
  });

  it('answers on every replica what one replica stored, until it is removed', async () => {
    expect(await b.get(token)).toBeUndefined();
    await a.put(token, keyAuthorization);
    expect(await b.get(token)).toBe(keyAuthorization);
    expect(await a.get(token)).toBe(keyAuthorization);
    await a.remove(token);
    expect(await b.get(token)).toBeUndefined();
  });

  it('never answers an expired challenge, and drops expired rows when the next one is stored', async () => {
    await a.put(token, keyAuthorization);
    await ownerQuery(owner, `UPDATE acme_challenges SET expires_at = now() - interval '1 second' WHERE token = $1`, [token]);
    expect(await b.get(token)).toBeUndefined();
    const next = 'n3xtT0ken_-';
    await b.put(next, `${next}.thumbprint`);
    const rows = await ownerQuery<Array<{ token: string }>>(owner, `SELECT token FROM acme_challenges ORDER BY token`);
    expect(rows.map((r) => r.token)).toEqual([next]);
    await b.remove(next);
  });

  it('refuses a token that is not base64url and a key authorization of another token', async () => {
    await expect(a.put('../../etc/passwd', '../../etc/passwd.x')).rejects.toThrow(/acme_challenges_token_base64url/);
    await expect(a.put(token, 'otherToken.thumbprint')).rejects.toThrow(/acme_challenges_key_authorization_of_token/);
    expect(await b.get(token)).toBeUndefined();
  });
});
