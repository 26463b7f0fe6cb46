import { Injectable } from '@nestjs/common';

/**
 * Time source of certificate management (expiry, backoff, escalation, which certificate is still
 * served). Tests replace `now` on the instance the app holds instead of waiting days.
 */
@Injectable()
export class CertificatesClock {
  now(): Date {
    return new Date();
  }
}
