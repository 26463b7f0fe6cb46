import { Injectable } from '@nestjs/common';

/**
 * http-01 key authorizations of the orders in progress on this replica, by token. Kept in memory:
 * the ACME server validates while the order runs, and tokens are useless afterwards.
 */
@Injectable()
export class ChallengeStore {
  private readonly answers = new Map<string, string>();

  put(token: string, keyAuthorization: string): void {
    this.answers.set(token, keyAuthorization);
  }

  get(token: string): string | undefined {
    return this.answers.get(token);
  }

  remove(token: string): void {
    this.answers.delete(token);
  }
}
