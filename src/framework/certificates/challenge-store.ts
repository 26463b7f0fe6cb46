import { Injectable } from '@nestjs/common';
import { CertificateRepository } from './certificate.repository';

/** How long an answer stays servable: an order validates within minutes; this bounds a crashed order's leftovers. */
export const CHALLENGE_TTL_SECONDS = 3600;

/**
 * http-01 key authorizations of the orders in progress, by token, in PostgreSQL (acme_challenges,
 * through CertificateRepository): the ACME server's validation request may reach any replica, not
 * only the one running the order. Expired rows are never answered and are deleted when the next
 * challenge is stored.
 */
@Injectable()
export class ChallengeStore {
  constructor(private readonly repository: CertificateRepository) {}

  put(token: string, keyAuthorization: string): Promise<void> {
    return this.repository.putChallenge(token, keyAuthorization, CHALLENGE_TTL_SECONDS);
  }

  get(token: string): Promise<string | undefined> {
    return this.repository.findChallenge(token);
  }

  remove(token: string): Promise<void> {
    return this.repository.removeChallenge(token);
  }
}
