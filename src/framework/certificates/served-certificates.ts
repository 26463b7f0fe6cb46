import { createSecureContext, SecureContext } from 'node:tls';
import { Injectable, Logger } from '@nestjs/common';
import { CertificateKeys, certificateKeyAad } from './certificate-keys';
import { CertificateRepository } from './certificate.repository';
import { CertificatesClock } from './clock';

interface ServedEntry {
  certificateId: string;
  serialNumber: string;
  expiresAt: Date;
  context: SecureContext;
}

/**
 * The TLS secure contexts the HTTPS listener hands out by SNI, one per domain, built from the
 * stored certificates (keys decrypted only here, in memory). Rebuilt after each issuance, renewal
 * or removal on this replica and on every renewal check, so a renewed certificate is served by
 * the next handshake without a restart. An expired certificate is no longer served.
 */
@Injectable()
export class ServedCertificates {
  private readonly logger = new Logger('Certificates');
  private byDomain = new Map<string, ServedEntry>();

  constructor(
    private readonly repository: CertificateRepository,
    private readonly keys: CertificateKeys,
    private readonly clock: CertificatesClock,
  ) {}

  async refresh(): Promise<void> {
    if (!this.keys.enabled) return;
    const next = new Map<string, ServedEntry>();
    for (const row of await this.repository.list()) {
      if (!row.certificatePem || !row.privateKeySealed || !row.keyId || !row.expiresAt) continue;
      try {
        const key = this.keys.ring().open({ keyId: row.keyId, sealed: row.privateKeySealed }, certificateKeyAad(row.id));
        const context = createSecureContext({ key, cert: [row.certificatePem, row.chainPem ?? ''].join('\n') });
        const entry = { certificateId: row.id, serialNumber: row.serialNumber ?? '', expiresAt: row.expiresAt, context };
        for (const domain of row.domains) next.set(domain, entry);
      } catch (error) {
        this.logger.error({ msg: 'stored certificate cannot be served', certificateId: row.id, reason: (error as Error).message });
      }
    }
    this.byDomain = next;
  }

  /** The context for an SNI name, unless unknown or expired. */
  contextFor(servername: string): SecureContext | undefined {
    const entry = this.byDomain.get(servername.toLowerCase());
    if (!entry || entry.expiresAt.getTime() <= this.clock.now().getTime()) return undefined;
    return entry.context;
  }

  servedSerial(domain: string): string | undefined {
    return this.byDomain.get(domain)?.serialNumber;
  }
}
