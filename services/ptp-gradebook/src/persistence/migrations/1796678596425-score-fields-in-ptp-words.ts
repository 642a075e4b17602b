import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The stored score values' keys, from the old names to PTP's (`isexempt`, `islate`, `ismissing`). */
const KEYS = [
  ['exempt', 'isExempt'],
  ['late', 'isLate'],
  ['missing', 'isMissing'],
] as const;

/**
 * One name per thing, PTP's: a student is `students_dcid` (PTP's STUDENTSDCID) and the flags are
 * `is_exempt`, `is_late`, `is_missing` (PTP's ISEXEMPT…), in the run's scores and in the ledger,
 * including the values the ledger keeps as JSON (what was sent, and what PTP had before).
 */
export class ScoreFieldsInPtpWords1796678596425 implements MigrationInterface {
  name = 'ScoreFieldsInPtpWords1796678596425';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE ptp_gradebook.passback_score RENAME COLUMN student_dcid TO students_dcid');
    for (const [from, to] of KEYS)
      await queryRunner.query(`ALTER TABLE ptp_gradebook.passback_score RENAME COLUMN ${from} TO ${snake(to)}`);
    await queryRunner.query('ALTER TABLE ptp_gradebook.score_ledger RENAME COLUMN student_dcid TO students_dcid');
    await renameJsonKeys(queryRunner, KEYS);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await renameJsonKeys(
      queryRunner,
      KEYS.map(([from, to]) => [to, from] as const),
    );
    await queryRunner.query('ALTER TABLE ptp_gradebook.score_ledger RENAME COLUMN students_dcid TO student_dcid');
    for (const [from, to] of KEYS)
      await queryRunner.query(`ALTER TABLE ptp_gradebook.passback_score RENAME COLUMN ${snake(to)} TO ${from}`);
    await queryRunner.query('ALTER TABLE ptp_gradebook.passback_score RENAME COLUMN students_dcid TO student_dcid');
  }
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

async function renameJsonKeys(queryRunner: QueryRunner, keys: ReadonlyArray<readonly [string, string]>): Promise<void> {
  for (const column of ['sent', 'prior', 'prior_sent']) {
    for (const [from, to] of keys) {
      await queryRunner.query(
        `UPDATE ptp_gradebook.score_ledger SET ${column} = (${column} - '${from}') || jsonb_build_object('${to}', ${column} -> '${from}')
          WHERE ${column} ? '${from}'`,
      );
    }
  }
}
