import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per wiring check a service answered. Every service has this table in its own
 * schema; the wiring workflow proves that each service can write and read its schema.
 */
@Entity({ name: 'wiring_check' })
export class WiringCheckRow {
  @PrimaryColumn({ name: 'check_id', type: 'text' })
  checkId!: string;

  @Column({ name: 'service', type: 'text' })
  service!: string;

  @Column({ name: 'times_recorded', type: 'integer', default: 1 })
  timesRecorded!: number;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
