import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import * as acme from 'acme-client';
import { CertificateKeys, accountKeyAad } from './certificate-keys';
import { CertificateRepository } from './certificate.repository';
import { CertificatesConfig } from './certificates.config';
import { ChallengeStore } from './challenge-store';

/** What an order returns: the leaf, its chain, the new private key (PEM) and the leaf's facts. */
export interface IssuedCertificate {
  certificatePem: string;
  chainPem: string;
  privateKeyPem: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
}

/**
 * The ACME client (acme-client): one account key per directory, generated once and stored sealed;
 * orders answered through http-01 by ChallengeController. Trust for the directory comes from the
 * system roots plus ACME_CA_FILE, set on acme-client's own axios instance only, so no other TLS
 * in the process is affected and certificate checks stay on.
 */
@Injectable()
export class AcmeIssuer {
  private readonly logger = new Logger('Certificates');

  constructor(
    private readonly config: CertificatesConfig,
    private readonly keys: CertificateKeys,
    private readonly repository: CertificateRepository,
    private readonly challenges: ChallengeStore,
  ) {
    const settings = acme.axios.defaults as unknown as { acmeSettings: { retryMaxAttempts: number } };
    settings.acmeSettings.retryMaxAttempts = config.acmeHttpRetries;
    if (config.acmeCaFile) {
      acme.axios.defaults.httpsAgent = new Agent({ ca: [...rootCertificates, readFileSync(config.acmeCaFile, 'utf8')] });
    }
  }

  async issue(domains: string[]): Promise<IssuedCertificate> {
    const client = new acme.Client({
      directoryUrl: this.config.acmeDirectoryUrl,
      accountKey: await this.accountKey(),
      // Polling of order and authorization status; the scheduler's backoff handles longer outages.
      backoffAttempts: 10,
      backoffMin: 200,
      backoffMax: 5000,
    });
    const privateKey = await acme.crypto.createPrivateEcdsaKey('P-256');
    const [, csr] = await acme.crypto.createCsr({ commonName: domains[0], altNames: domains }, privateKey);
    await this.register(client);
    const fullChain = await client.auto({
      csr,
      challengePriority: ['http-01'],
      // The ACME server validates; a self-check would have to guess how the domain routes here.
      skipChallengeVerification: true,
      challengeCreateFn: async (_authz, challenge, keyAuthorization) => {
        await this.challenges.put(challenge.token, keyAuthorization);
      },
      challengeRemoveFn: async (_authz, challenge) => {
        await this.challenges.remove(challenge.token);
      },
    });
    await this.rememberAccountUrl(client);
    const [leaf, ...chain] = acme.crypto.splitPemChain(fullChain);
    const x509 = new X509Certificate(leaf);
    return {
      certificatePem: leaf,
      chainPem: chain.join('\n'),
      privateKeyPem: privateKey.toString('utf8'),
      serialNumber: x509.serialNumber.toLowerCase(),
      notBefore: new Date(x509.validFrom),
      notAfter: new Date(x509.validTo),
    };
  }

  /**
   * Finds the account of the stored key or creates it (also after the ACME server forgot it).
   * Done here rather than by auto(), whose "account exists" path sends an empty account update
   * that servers may refuse (Pebble does).
   */
  private async register(client: acme.Client): Promise<void> {
    try {
      await client.createAccount({ onlyReturnExisting: true });
    } catch {
      const contact = this.config.acmeContactEmail ? [`mailto:${this.config.acmeContactEmail}`] : undefined;
      await client.createAccount({ termsOfServiceAgreed: true, contact });
    }
  }

  /** The stored account key for the configured directory, created on first use (race-safe). */
  private async accountKey(): Promise<Buffer> {
    const directoryUrl = this.config.acmeDirectoryUrl;
    const ring = this.keys.ring();
    let row = await this.repository.findAccount(directoryUrl);
    if (!row) {
      const sealed = ring.seal(await acme.crypto.createPrivateEcdsaKey('P-256'), accountKeyAad(directoryUrl));
      row = await this.repository.insertAccountIfAbsent({ directoryUrl, accountKeySealed: sealed.sealed, keyId: sealed.keyId });
      this.logger.log({ msg: 'ACME account key created', directoryUrl });
    }
    return ring.open({ keyId: row.keyId, sealed: row.accountKeySealed }, accountKeyAad(directoryUrl));
  }

  private async rememberAccountUrl(client: acme.Client): Promise<void> {
    const accountUrl = client.getAccountUrl();
    await this.repository.setAccountUrl(this.config.acmeDirectoryUrl, accountUrl);
  }
}
