import { Injectable } from '@nestjs/common';
import { DependencyError } from '../errors';
import { CertificatesConfig } from './certificates.config';
import { KeyRing } from './key-ring';

/** The key ring from configuration; certificate management is off while no key is configured. */
@Injectable()
export class CertificateKeys {
  private readonly keyRing?: KeyRing;

  constructor(config: CertificatesConfig) {
    if (config.certificateEncryptionKey) {
      this.keyRing = KeyRing.fromSettings(config.certificateEncryptionKey, config.certificateEncryptionPreviousKeys);
    }
  }

  get enabled(): boolean {
    return this.keyRing !== undefined;
  }

  ring(): KeyRing {
    if (!this.keyRing) throw new DependencyError('certificate management is disabled: set CERTIFICATE_ENCRYPTION_KEY');
    return this.keyRing;
  }
}

/** Associated data binding a sealed value to its row. */
export const certificateKeyAad = (certificateId: string): string => `certificate:${certificateId}`;
export const accountKeyAad = (directoryUrl: string): string => `acme-account:${directoryUrl}`;
