import { Injectable, Logger } from '@nestjs/common';
import { CertificateKeys, accountKeyAad, certificateKeyAad } from './certificate-keys';
import { CertificateRepository } from './certificate.repository';

export interface RotationReport {
  certificates: number;
  accounts: number;
  /** Rows sealed with a key that is no longer configured: left as they are, logged. */
  unreadable: number;
}

/**
 * Key rotation: rows sealed with a previous key (CERTIFICATE_ENCRYPTION_PREVIOUS_KEYS) are opened
 * and sealed again with the current key, one row per statement and only if the row still holds
 * the bytes that were read (a concurrent renewal wins). Runs at start; afterwards the previous key
 * can be dropped from the configuration.
 */
@Injectable()
export class KeyRotationService {
  private readonly logger = new Logger('Certificates');

  constructor(
    private readonly repository: CertificateRepository,
    private readonly keys: CertificateKeys,
  ) {}

  async rotate(): Promise<RotationReport> {
    const report: RotationReport = { certificates: 0, accounts: 0, unreadable: 0 };
    if (!this.keys.enabled) return report;
    const ring = this.keys.ring();
    for (const row of await this.repository.sealedWithOtherKey(ring.currentKeyId)) {
      if (!row.privateKeySealed || !row.keyId) continue;
      try {
        const next = ring.reseal({ keyId: row.keyId, sealed: row.privateKeySealed }, certificateKeyAad(row.id));
        report.certificates += await this.repository.resealCertificateKey(row.id, row.keyId, next);
      } catch (error) {
        report.unreadable++;
        this.logger.error({ msg: 'certificate key cannot be re-encrypted', certificateId: row.id, keyId: row.keyId, reason: (error as Error).message });
      }
    }
    for (const row of await this.repository.listAccounts()) {
      if (row.keyId === ring.currentKeyId) continue;
      try {
        const next = ring.reseal({ keyId: row.keyId, sealed: row.accountKeySealed }, accountKeyAad(row.directoryUrl));
        report.accounts += await this.repository.resealAccountKey(row.directoryUrl, row.keyId, next);
      } catch (error) {
        report.unreadable++;
        this.logger.error({ msg: 'ACME account key cannot be re-encrypted', directoryUrl: row.directoryUrl, keyId: row.keyId, reason: (error as Error).message });
      }
    }
    if (report.certificates + report.accounts + report.unreadable > 0) this.logger.log({ msg: 'encryption key rotation', ...report });
    return report;
  }
}
