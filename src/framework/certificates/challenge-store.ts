import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How long an answer stays servable: an order validates within minutes; this bounds a crashed order's leftovers. */
export const CHALLENGE_TTL_SECONDS = 3600;

/**
 * http-01 key authorizations of the orders in progress, by token, in PostgreSQL (acme_challenges):
 * the ACME server's validation request may reach any replica, not only the one running the order.
 * Expired rows are never answered and are deleted when the next challenge is stored.
 */
@Injectable()
export class ChallengeStore {
  constructor(private readonly dataSource: DataSource) {}

  async put(token: string, keyAuthorization: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM acme_challenges WHERE expires_at <= now()`);
    await this.dataSource.query(
      `INSERT INTO acme_challenges (token, key_authorization, expires_at) VALUES ($1, $2, now() + $3 * interval '1 second')
       ON CONFLICT (token) DO UPDATE SET key_authorization = excluded.key_authorization, expires_at = excluded.expires_at`,
      [token, keyAuthorization, CHALLENGE_TTL_SECONDS],
    );
  }

  async get(token: string): Promise<string | undefined> {
    const rows: Array<{ key_authorization: string }> = await this.dataSource.query(
      `SELECT key_authorization FROM acme_challenges WHERE token = $1 AND expires_at > now()`,
      [token],
    );
    return rows[0]?.key_authorization;
  }

  async remove(token: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM acme_challenges WHERE token = $1`, [token]);
  }
}
