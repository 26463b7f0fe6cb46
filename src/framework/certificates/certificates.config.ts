import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { NoUrlCredentials, Setting } from '../config';

/** 32 bytes: 64 hex digits or 44 base64 characters (standard or url-safe alphabet). */
const KEY = '(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)';
const KEY_MESSAGE = 'must be 32 bytes, base64 or hex encoded';

/** ACME certificate management: where certificates come from, how keys are protected, when renewal runs. */
export class CertificatesConfig {
  @Setting({
    env: 'CERTIFICATE_ENCRYPTION_KEY',
    description: 'AES-256-GCM key (32 bytes, base64 or hex) encrypting private keys at rest; unset disables certificate management.',
    secret: true,
  })
  @IsOptional()
  @Matches(new RegExp(`^${KEY}$`), { message: KEY_MESSAGE })
  certificateEncryptionKey?: string;

  @Setting({
    env: 'CERTIFICATE_ENCRYPTION_PREVIOUS_KEYS',
    description: 'Former encryption keys (comma-separated, base64 or hex): decrypt old rows, which are re-encrypted with the current key.',
    secret: true,
  })
  @IsOptional()
  @Matches(new RegExp(`^${KEY}(?:\\s*,\\s*${KEY})*$`), { message: `comma-separated keys; each ${KEY_MESSAGE}` })
  certificateEncryptionPreviousKeys?: string;

  @Setting({ env: 'ACME_DIRECTORY_URL', description: 'ACME directory URL (Let us Encrypt staging: https://acme-staging-v02.api.letsencrypt.org/directory).' })
  @Matches(/^https:\/\/\S+$/, { message: 'must be an https:// URL' })
  @NoUrlCredentials()
  acmeDirectoryUrl: string = 'https://acme-v02.api.letsencrypt.org/directory';

  @Setting({
    env: 'ACME_CA_FILE',
    description: 'PEM file of extra CA certificates trusted for the ACME directory only (e.g. a test server); unset: the system roots.',
    example: '/etc/pebble/ca.pem',
  })
  @IsOptional()
  @IsString()
  acmeCaFile?: string;

  @Setting({ env: 'ACME_CONTACT_EMAIL', description: 'Contact e-mail registered with the ACME account (optional).', example: 'ops@example.com' })
  @IsOptional()
  @Matches(/^[^\s@]+@[^\s@]+$/, { message: 'must be an e-mail address' })
  acmeContactEmail?: string;

  @Setting({ env: 'ACME_HTTP_RETRIES', description: 'Retries of one ACME request on network errors, 429 and 5xx (5 s times the attempt apart).' })
  @IsInt()
  @Min(0)
  @Max(10)
  acmeHttpRetries: number = 2;

  @Setting({ env: 'CERTIFICATE_RENEWAL_CRON', description: 'Cron expression (UTC) of the renewal check.' })
  @IsString()
  certificateRenewalCron: string = '0 17 * * * *';

  @Setting({ env: 'CERTIFICATE_RENEW_BEFORE_DAYS', description: 'Renew a certificate when fewer than this many days remain.' })
  @IsInt()
  @Min(1)
  @Max(365)
  certificateRenewBeforeDays: number = 30;

  @Setting({ env: 'CERTIFICATE_ESCALATE_BEFORE_DAYS', description: 'Below this many days with renewal failing: lifecycle error event, health degraded, metric.' })
  @IsInt()
  @Min(1)
  @Max(365)
  certificateEscalateBeforeDays: number = 7;

  @Setting({ env: 'CERTIFICATE_RETRY_BASE_MS', description: 'First retry delay after a failed renewal; doubles with each further failure.' })
  @IsInt()
  @Min(1000)
  certificateRetryBaseMs: number = 5 * 60 * 1000;

  @Setting({ env: 'CERTIFICATE_RETRY_MAX_MS', description: 'Longest delay between renewal retries.' })
  @IsInt()
  @Min(1000)
  certificateRetryMaxMs: number = 6 * 60 * 60 * 1000;

  @Setting({ env: 'HTTPS_PORT', description: 'Port of the optional HTTPS listener serving managed certificates by SNI; unset: no HTTPS listener, 0: any free port.', example: '8443' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  httpsPort?: number;
}
