import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AcmeIssuer } from './acme-issuer';
import { CertificateKeys } from './certificate-keys';
import { CertificateRepository } from './certificate.repository';
import { CertificatesController } from './certificates.controller';
import { CertificatesHealth } from './certificates.health';
import { CertificatesService } from './certificates.service';
import { ChallengeController } from './challenge.controller';
import { ChallengeStore } from './challenge-store';
import { CertificatesClock } from './clock';
import { AcmeAccountEntity } from './entities/acme-account.entity';
import { CertificateEntity } from './entities/certificate.entity';
import { RenewalAttemptEntity } from './entities/renewal-attempt.entity';
import { HttpsListener } from './https-listener';
import { KeyRotationService } from './key-rotation.service';
import { RenewalJob } from './renewal.job';
import { RenewalService } from './renewal.service';
import { ServedCertificates } from './served-certificates';

/** ACME certificates: admin API, http-01 answers, sealed storage, renewal job, HTTPS listener, health. */
@Module({
  imports: [TypeOrmModule.forFeature([CertificateEntity, AcmeAccountEntity, RenewalAttemptEntity])],
  controllers: [CertificatesController, ChallengeController],
  providers: [
    CertificatesClock,
    CertificateKeys,
    CertificateRepository,
    ChallengeStore,
    AcmeIssuer,
    ServedCertificates,
    RenewalService,
    RenewalJob,
    KeyRotationService,
    CertificatesService,
    CertificatesHealth,
    HttpsListener,
  ],
  exports: [CertificatesService, RenewalService, ServedCertificates, KeyRotationService, CertificatesClock, HttpsListener],
})
export class CertificatesModule {}
