import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in attempts: the sign-in throttle's counts, in the database so that every instance on it
 * counts the same attempts (kept in each instance's memory, N instances allowed N times the
 * guesses). One row per attempt that still counts: `key` is `account:<name>` or
 * `address:<ip>`, `at_ms` the attempt's time in milliseconds since 1970, `failed` whether its
 * password was wrong (false while it is being checked). Rows older than the window are deleted
 * as the same keys are used again.
 */
export class SignInAttempts1797100000000 implements MigrationInterface {
  name = 'SignInAttempts1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.dataSource.driver.options.type === 'postgres';
    // What TypeORM's increment strategy makes of the other tables' ids on each database.
    const id = postgres ? 'id serial PRIMARY KEY' : 'id integer PRIMARY KEY AUTOINCREMENT NOT NULL';
    await queryRunner.query(
      `CREATE TABLE sign_in_attempts (${id}, key varchar(200) NOT NULL, at_ms bigint NOT NULL, failed boolean NOT NULL DEFAULT FALSE)`,
    );
    await queryRunner.query('CREATE INDEX "IDX_sign_in_attempts_key_at_ms" ON sign_in_attempts (key, at_ms)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_sign_in_attempts_key_at_ms"');
    await queryRunner.query('DROP TABLE sign_in_attempts');
  }
}
