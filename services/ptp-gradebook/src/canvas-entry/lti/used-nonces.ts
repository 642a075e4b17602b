import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How often expired nonces are swept, at most (each replica sweeps on its own). */
const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * The nonces of accepted launches, in Postgres so every replica sees them: the first launch with
 * a nonce takes it, any later one with the same nonce is a replay. A row is kept until the id
 * token carrying it expires; after that the token itself is refused.
 */
@Injectable()
export class UsedNonces {
  private lastSweep = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** True when this call took the nonce; false when it had been used already. */
  async take(districtId: string, nonce: string, expiresAt: Date): Promise<boolean> {
    await this.sweep();
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO ptp_gradebook.lti_used_nonce (district_id, nonce, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (district_id, nonce) DO NOTHING RETURNING nonce`,
      [districtId, nonce, expiresAt],
    );
    return rows.length === 1;
  }

  private async sweep(): Promise<void> {
    if (Date.now() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = Date.now();
    // An hour of slack past expiry: a token is refused as expired by then in any case.
    await this.dataSource.query(`DELETE FROM ptp_gradebook.lti_used_nonce WHERE expires_at < now() - interval '1 hour'`);
  }
}
