import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AcmeAccountEntity,
  CertificateEntity,
  CertificateKeys,
  CertificatesConfig,
  KeyRing,
  KeyRotationService,
  RenewalAttemptEntity,
  accountKeyAad,
  certificateKeyAad,
} from '../../../../src/framework/certificates';
import { CertificateRepository } from '../../../../src/framework/certificates/certificate.repository';
import { useMigratedDatabase } from '../../../support/migrated-data-source';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';

function keysFor(current: string, previous?: string): CertificateKeys {
  return new CertificateKeys(Object.assign(new CertificatesConfig(), { certificateEncryptionKey: current, certificateEncryptionPreviousKeys: previous }));
}

/** Key rotation on real rows: old rows re-encrypted with the current key, unknown keys left alone. */
describe('certificate key storage and rotation', () => {
  const database = useMigratedDatabase();
  let ds: DataSource;
  let repository: CertificateRepository;
  const oldKey = randomBytes(32).toString('base64');
  const newKey = randomBytes(32).toString('hex');
  const lostKey = randomBytes(32).toString('base64');

  const insertSealed = async (domain: string, ring: KeyRing): Promise<string> => {
    const row = await ds.getRepository(CertificateEntity).save({ domains: [domain], primaryDomain: domain, status: 'renewing' as const });
    const sealed = ring.seal(Buffer.from(PEM), certificateKeyAad(row.id));
    await ds.getRepository(CertificateEntity).update(
      { id: row.id },
      { status: 'valid', certificatePem: 'CERT', privateKeySealed: sealed.sealed, keyId: sealed.keyId, expiresAt: new Date(Date.now() + 86_400_000) },
    );
    return row.id;
  };
  const load = (id: string) => ds.getRepository(CertificateEntity).findOneByOrFail({ id });

  beforeAll(async () => {
    ds = database.dataSource;
    repository = new CertificateRepository(ds);
  });

  it('re-encrypts rows sealed with a previous key, leaves rows of an unknown key untouched', async () => {
    const oldRing = new KeyRing(oldKey);
    const rotated = await insertSealed('old.test', oldRing);
    const orphan = await insertSealed('lost.test', new KeyRing(lostKey));
    const account = oldRing.seal(Buffer.from(PEM), accountKeyAad('https://acme.test/dir'));
    await ds.getRepository(AcmeAccountEntity).insert({ directoryUrl: 'https://acme.test/dir', accountKeySealed: account.sealed, keyId: account.keyId });
    const orphanBefore = await load(orphan);

    const keys = keysFor(newKey, oldKey);
    const report = await new KeyRotationService(repository, keys).rotate();
    expect(report).toEqual({ certificates: 1, accounts: 1, unreadable: 1 });

    const row = await load(rotated);
    const current = new KeyRing(newKey);
    expect(row.keyId).toBe(current.currentKeyId);
    expect(current.open({ keyId: row.keyId!, sealed: row.privateKeySealed! }, certificateKeyAad(rotated)).toString()).toBe(PEM);
    // The old key alone no longer opens it: the previous key can now leave the configuration.
    expect(() => oldRing.open({ keyId: row.keyId!, sealed: row.privateKeySealed! }, certificateKeyAad(rotated))).toThrow();
    const accountRow = await ds.getRepository(AcmeAccountEntity).findOneByOrFail({ directoryUrl: 'https://acme.test/dir' });
    expect(current.open({ keyId: accountRow.keyId, sealed: accountRow.accountKeySealed }, accountKeyAad('https://acme.test/dir')).toString()).toBe(PEM);

    const orphanAfter = await load(orphan);
    expect(orphanAfter.keyId).toBe(orphanBefore.keyId);
    expect(orphanAfter.privateKeySealed!.equals(orphanBefore.privateKeySealed!)).toBe(true);

    // A second run has nothing left to do but the orphan.
    expect(await new KeyRotationService(repository, keys).rotate()).toEqual({ certificates: 0, accounts: 0, unreadable: 1 });
  });

  it('stores sealed bytes only: no PEM in the table', async () => {
    const rows = await ds.query<Array<{ sealed: string }>>(`SELECT encode(private_key_sealed, 'escape') AS sealed FROM certificates`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.sealed).not.toContain('PRIVATE KEY');
  });

  it('keeps the invariants in the database: material complete, status known, one row per primary domain, attempts need a reason to fail', async () => {
    const certificates = ds.getRepository(CertificateEntity);
    await expect(certificates.insert({ domains: ['half.test'], primaryDomain: 'half.test', status: 'valid', certificatePem: 'CERT' })).rejects.toThrow(/certificates_material_complete/);
    await expect(certificates.insert({ domains: ['odd.test'], primaryDomain: 'odd.test', status: 'expired' as never })).rejects.toThrow(/certificates_status_valid/);
    await expect(certificates.insert({ domains: ['a.test'], primaryDomain: 'b.test', status: 'renewing' })).rejects.toThrow(/certificates_domains_not_empty/);
    await expect(certificates.insert({ domains: ['old.test'], primaryDomain: 'old.test', status: 'renewing' })).rejects.toThrow(/certificates_primary_domain_key/);
    const row = await certificates.findOneByOrFail({ primaryDomain: 'old.test' });
    await expect(
      ds.getRepository(RenewalAttemptEntity).insert({ certificateId: row.id, startedAt: new Date(), finishedAt: new Date(), outcome: 'failed', error: null }),
    ).rejects.toThrow(/certificate_renewal_attempts_error_on_failure/);
  });
});
